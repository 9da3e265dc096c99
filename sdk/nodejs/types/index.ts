// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as utilities from "../utilities";

// Export sub-modules:
import * as input from "./input";
import * as output from "./output";

export {
    input,
    output,
};
