// Runs examples/typescript-observer (compiled by `npm run build` there) under @pulumi/pulumi's mocks with stack
// configuration, and checks what it declares as the engine would receive it: the same scenario as the C# example.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, sentAsSecret, valueOf } from "./mocks";

const project = "clusterscale-observer-ts";
const example = path.join(__dirname, "..", "..", "..", "examples", "typescript-observer");

/** Runs the program afresh (a new deployment) with `config` as its stack configuration. */
function run(config: Record<string, string>): { mocks: RecordingMocks; outputs: any } {
    const mocks = new RecordingMocks({ "clusterscale:obshell:ObserverNode": { serverStatus: "ACTIVE" } }).install(project);
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([key, value]) => [`${project}:${key}`, value])),
        [`${project}:rootPassword`]);
    delete require.cache[require.resolve(example)];
    return { mocks, outputs: require(example) };
}

const endpoints = '["127.0.0.1:2886","127.0.0.1:2887"]';

test("the observer example adds two nodes in two zones through its own provider", async () => {
    const { mocks, outputs } = run({ endpoints, rootPassword: "root-pass" });

    assert.deepEqual(await valueOf(outputs.nodeIds), ["node4-id", "node5-id"]);
    assert.deepEqual(await valueOf(outputs.serverStatuses), ["ACTIVE", "ACTIVE"]);
    const provider = mocks.single("pulumi:providers:clusterscale");
    assert.deepEqual(provider.inputs, {
        obshellEndpoints: endpoints,
        obshellRootPassword: sentAsSecret("root-pass"),
        obshellUseTls: "false",
    });
    const nodes = mocks.registered.filter(r => r.type === "clusterscale:obshell:ObserverNode");
    assert.deepEqual(nodes.map(n => [n.name, n.inputs.ip, n.inputs.zone, n.inputs.obshellPort, n.inputs.obConfigs]), [
        ["node4", "10.0.0.4", "zone1", 2886, { memory_limit: "16G" }],
        ["node5", "10.0.0.5", "zone4", 2886, { memory_limit: "16G" }],
    ]);
    for (const node of nodes) {
        assert.equal(node.provider, `urn:pulumi:stack::${project}::pulumi:providers:clusterscale::oceanbase::oceanbase-id`);
    }
});

test("removing a node from the nodes list leaves only the others declared", async () => {
    const { mocks, outputs } = run({
        endpoints,
        rootPassword: "root-pass",
        nodes: '[{"name":"node4","ip":"10.0.0.4","zone":"zone1","obshellPort":2890}]',
    });

    assert.deepEqual(await valueOf(outputs.nodeIds), ["node4-id"]);
    const node = mocks.single("clusterscale:obshell:ObserverNode");
    assert.equal(node.inputs.ip, "10.0.0.4");
    assert.equal(node.inputs.obshellPort, 2890);
});

test("a missing required setting fails the run naming the key", () => {
    assert.throws(() => run({ rootPassword: "root-pass" }), /clusterscale-observer-ts:endpoints/);
});
