// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

/** The value of the first of `vars` that is set and not empty. */
export function getEnv(...vars: string[]): string | undefined {
    return vars.map(name => process.env[name]).find(value => value !== undefined && value !== "");
}

// The spellings Go's strconv.ParseBool accepts, which the other Pulumi SDKs accept for boolean environment defaults.
const trueValues = ["1", "t", "T", "true", "TRUE", "True"];
const falseValues = ["0", "f", "F", "false", "FALSE", "False"];

/** The first of `vars` that is set, as a boolean; undefined when unset or not a boolean spelling. */
export function getEnvBoolean(...vars: string[]): boolean | undefined {
    const value = getEnv(...vars);
    return value === undefined ? undefined
        : trueValues.includes(value) ? true
        : falseValues.includes(value) ? false
        : undefined;
}

/** The first of `vars` that is set, as a number; undefined when unset or not a number. */
export function getEnvNumber(...vars: string[]): number | undefined {
    const value = getEnv(...vars);
    const parsed = value === undefined ? NaN : parseFloat(value);
    return isNaN(parsed) ? undefined : parsed;
}

/** This package's version (package.json sits next to the compiled sources), without a leading "v". */
export function getVersion(): string {
    const version: string = require("./package.json").version;
    return version.startsWith("v") ? version.slice(1) : version;
}

/** @internal The options every resource and function call of this package defaults to: the plugin's version and
 * where the engine downloads it (the schema's pluginDownloadURL). */
export function resourceOptsDefaults(): any {
    return { version: getVersion(), pluginDownloadURL: "https://github.com/clusterscale/pulumi-clusterscale/releases/download/v${VERSION}" };
}

/** @internal Defines `props` on `exports` as getters that load their module on first use. */
export function lazyLoad(exports: any, props: string[], loadModule: any) {
    for (const property of props) {
        Object.defineProperty(exports, property, {
            enumerable: true,
            get: function () {
                return loadModule()[property];
            },
        });
    }
}
