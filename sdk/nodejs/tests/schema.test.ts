// One source of truth: the TypeScript SDK declares exactly what sdk/schema.json says (the C# SDK is held to it by
// tests/Sdk.Tests). The comparison must catch each kind of difference, or a green check proves nothing.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { compare } from "./schemaConformance";

const sdkDirectory = path.join(__dirname, "..");
const schema = () => JSON.parse(JSON.stringify(require("../../schema.json")));

test("every resource, input, output, type, function and config variable of the schema is in the SDK, and nothing else", () => {
    assert.deepEqual(compare(schema(), sdkDirectory), []);
});

test("a renamed resource input is reported on both sides", () => {
    const changed = schema();
    const inputs = changed.resources["clusterscale:obshell:ObserverNode"].inputProperties;
    inputs.zoneName = inputs.zone;
    delete inputs.zone;

    const mismatches = compare(changed, sdkDirectory);

    assert.ok(mismatches.includes("obshell/observerNode.ts: interface ObserverNodeArgs: member 'zoneName?' is in the schema but not in the SDK"), mismatches.join("\n"));
    assert.ok(mismatches.includes("obshell/observerNode.ts: interface ObserverNodeArgs: member 'zone' is in the SDK but not in the schema"), mismatches.join("\n"));
});

test("a changed output type, a missing type property and a requiredness change are reported", () => {
    const changed = schema();
    changed.resources["clusterscale:modelarts:SupernodeScale"].properties.supernodeStatus.type = "integer";
    changed.types["clusterscale:modelarts:ScaleStep"].properties.startedAt = { type: "string", description: "x" };
    changed.functions["clusterscale:obshell:getCluster"].outputs.required.pop();

    assert.deepEqual(compare(changed, sdkDirectory), [
        "modelarts/supernodeScale.ts: class SupernodeScale: property 'supernodeStatus' is pulumi.Output<string> in the SDK, the schema says pulumi.Output<number>",
        "obshell/getCluster.ts: interface GetClusterResult: member 'unfinishedDags?' is in the schema but not in the SDK",
        "obshell/getCluster.ts: interface GetClusterResult: member 'unfinishedDags' is in the SDK but not in the schema",
        "types/output.ts: interface modelarts.ScaleStep: member 'startedAt?' is in the schema but not in the SDK",
    ]);
});

test("a function or config variable missing from the schema is reported as extra in the SDK", () => {
    const changed = schema();
    delete changed.functions["clusterscale:modelarts:getSupernode"];
    delete changed.config.variables.huaweiRegion;

    const mismatches = compare(changed, sdkDirectory);

    assert.ok(mismatches.includes("modelarts/getSupernode.ts: function getSupernode is in the SDK but not in the schema"), mismatches.join("\n"));
    assert.ok(mismatches.includes("modelarts/getSupernode.ts: interface GetSupernodeResult is in the SDK but not in the schema"), mismatches.join("\n"));
    assert.ok(mismatches.includes("config/vars.ts: config 'huaweiRegion' is in the SDK but not in the schema"), mismatches.join("\n"));
});
