// Each resource of the TypeScript SDK, registered under @pulumi/pulumi's mocks: the token, the inputs by wire name
// with the schema's defaults and secrets, the outputs mapped back, and the options gen-sdk adds (version, plugin
// download URL, additional secret outputs, replaceOnChanges).
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as clusterscale from "../bin";
import { RecordingMocks, sentAsSecret, valueOf } from "./mocks";

const schema = require("../../schema.json");

const mocks = new RecordingMocks({
    "clusterscale:obshell:ObserverNode": { serverStatus: "ACTIVE", rpcPort: 2882, sqlPort: 2881, dagId: "1100000000000007", dagState: "SUCCEED", createdZone: true },
    "clusterscale:modelarts:SupernodeScale": {
        addedServerIds: ["s3", "s4"],
        scaleSteps: [{ flavor: "flavor-32", serverIds: ["s3", "s4"] }],
        servers: [{ id: "s1", name: "train-1", status: "RUNNING", flavor: "sub-flavor" }],
        supernodeStatus: "ACTIVE",
    },
}).install();

/** The options a resource registered with, as a resource transformation sees them. */
function withSeenOptions(seen: { opts?: pulumi.CustomResourceOptions }): pulumi.CustomResourceOptions {
    return { transformations: [args => { seen.opts = args.opts; return undefined; }] };
}

test("an ObserverNode registers with its token, the schema's defaults and its secret sent as a secret", async () => {
    const node = new clusterscale.obshell.ObserverNode("node4", {
        ip: "10.0.0.4",
        zone: "zone4",
        targetAgentPassword: "agent-pass",
        obConfigs: { memory_limit: "16G" },
    });
    await valueOf(node.urn);

    const sent = mocks.named("node4");
    assert.equal(sent.name, "node4");
    assert.deepEqual(sent.inputs, {
        ip: "10.0.0.4",
        zone: "zone4",
        obshellPort: 2886,
        forceKill: false,
        failurePolicy: "rollback",
        obConfigs: { memory_limit: "16G" },
        targetAgentPassword: sentAsSecret("agent-pass"),
    });
});

test("an ObserverNode's outputs are mapped back from the engine's state", async () => {
    const node = new clusterscale.obshell.ObserverNode("node5", { ip: "10.0.0.5", zone: "zone1", obshellPort: 2890 });

    assert.equal(await valueOf(node.id), "node5-id");
    assert.equal(await valueOf(node.serverStatus), "ACTIVE");
    assert.equal(await valueOf(node.rpcPort), 2882);
    assert.equal(await valueOf(node.sqlPort), 2881);
    assert.equal(await valueOf(node.obshellPort), 2890);
    assert.equal(await valueOf(node.dagState), "SUCCEED");
    assert.equal(await valueOf(node.createdZone), true);
});

test("an ObserverNode registers with the package version, download URL, secret outputs and replaceOnChanges", async () => {
    const seen: { opts?: pulumi.CustomResourceOptions } = {};
    const node = new clusterscale.obshell.ObserverNode("node6", { ip: "10.0.0.6", zone: "zone1" }, withSeenOptions(seen));
    await valueOf(node.urn);

    assert.equal(seen.opts?.version, schema.version);
    assert.equal(seen.opts?.pluginDownloadURL, schema.pluginDownloadURL);
    assert.deepEqual(seen.opts?.additionalSecretOutputs, ["targetAgentPassword"]);
    assert.deepEqual(seen.opts?.replaceOnChanges, ["ip", "obshellPort", "targetAgentPassword", "zone"]);
});

test("a SupernodeScale registers with its token, nested inputs and secret userdata, and maps its outputs back", async () => {
    const seen: { opts?: pulumi.CustomResourceOptions } = {};
    const capacity = new clusterscale.modelarts.SupernodeScale("capacity", {
        supernodeId: "hyper-1",
        flavor: "flavor-32",
        imageId: "7d3a1c52-5f4e-4b7a-9c1e-2f0b8a6d4e91",
        keyPairName: "training",
        rootVolume: { size: 200, type: "SSD" },
        dataVolume: { size: 800, type: "SSD", count: 2 },
        userdata: pulumi.output("IyEvYmluL3No"),
    }, withSeenOptions(seen));

    assert.deepEqual(await valueOf(capacity.scaleSteps), [{ flavor: "flavor-32", serverIds: ["s3", "s4"] }]);
    assert.deepEqual(await valueOf(capacity.servers), [{ id: "s1", name: "train-1", status: "RUNNING", flavor: "sub-flavor" }]);
    assert.deepEqual(await valueOf(capacity.addedServerIds), ["s3", "s4"]);
    assert.equal(await valueOf(capacity.supernodeStatus), "ACTIVE");
    assert.equal(await pulumi.isSecret(capacity.userdata), true);
    const sent = mocks.single("clusterscale:modelarts:SupernodeScale");
    assert.deepEqual(sent.inputs, {
        supernodeId: "hyper-1",
        flavor: "flavor-32",
        imageId: "7d3a1c52-5f4e-4b7a-9c1e-2f0b8a6d4e91",
        keyPairName: "training",
        rootVolume: { size: 200, type: "SSD" },
        dataVolume: { size: 800, type: "SSD", count: 2 },
        userdata: sentAsSecret("IyEvYmluL3No"),
    });
    assert.deepEqual(seen.opts?.additionalSecretOutputs, ["userdata"]);
    assert.equal(seen.opts?.replaceOnChanges, undefined);
});

test("a missing required input fails naming it, before anything is sent", () => {
    const before = mocks.registered.length;

    assert.throws(() => new clusterscale.obshell.ObserverNode("broken", { ip: "10.0.0.9" } as clusterscale.obshell.ObserverNodeArgs),
        /Missing required property 'zone'/);
    assert.equal(mocks.registered.length, before);
});

test("get reads an existing node by id without sending inputs", async () => {
    const node = clusterscale.obshell.ObserverNode.get("imported", "10.0.0.4:2886");

    assert.equal(await valueOf(node.id), "10.0.0.4:2886");
    const sent = mocks.named("imported");
    assert.equal(sent.id, "10.0.0.4:2886");
    assert.deepEqual(sent.inputs, {});
});
