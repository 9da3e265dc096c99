// The functions of the TypeScript SDK, invoked under @pulumi/pulumi's mocks: each reaches the engine with its token
// and its arguments by wire name, and its result comes back as the result type, in both the promise form and the
// output form.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as clusterscale from "../bin";
import { RecordingMocks, valueOf } from "./mocks";

const schema = require("../../schema.json");
const utilities = require("../bin/utilities");

const cluster = {
    clusterName: "obcluster",
    clusterId: 7,
    version: "4.3.5.1",
    members: [{ ip: "10.0.0.1", obshellPort: 2886, zone: "zone1", status: "ACTIVE", identity: "MASTER" }],
    zones: ["zone1", "zone4"],
    underMaintenance: false,
    unfinishedDags: [{ id: "1100000000000001", name: "Cluster scale out", state: "FAILED" }],
};
const supernode = {
    supernodeId: "hyper-1",
    name: "train",
    status: "ACTIVE",
    flavor: "flavor-16",
    chargingMode: "POST_PAID",
    servers: [{ id: "s1", name: "train-1", status: "RUNNING", flavor: "sub-flavor" }],
    scaleOptions: [{ flavor: "flavor-32", resourceFlavor: "sub-flavor", soldOut: true }],
};
const mocks = new RecordingMocks({}, {
    "clusterscale:obshell:getCluster": cluster,
    "clusterscale:modelarts:getSupernode": supernode,
}).install();

function lastCall(): pulumi.runtime.MockCallArgs {
    return mocks.calls[mocks.calls.length - 1];
}

test("getCluster sends its token and endpoints and returns the cluster", async () => {
    const result: clusterscale.obshell.GetClusterResult = await clusterscale.obshell.getCluster({ endpoints: ["10.0.0.1:2886"] });

    assert.equal(lastCall().token, "clusterscale:obshell:getCluster");
    assert.deepEqual(lastCall().inputs, { endpoints: ["10.0.0.1:2886"] });
    assert.deepEqual(result, cluster);
});

test("getCluster takes no arguments at all: the provider's endpoints are used", async () => {
    assert.deepEqual(await clusterscale.obshell.getCluster(), cluster);
    assert.deepEqual(lastCall().inputs, {});
});

test("getClusterOutput takes outputs and resolves to the cluster", async () => {
    const result = clusterscale.obshell.getClusterOutput({ endpoints: [pulumi.output("10.0.0.2:2886")] });

    assert.deepEqual(await valueOf(result), cluster);
    assert.equal(lastCall().token, "clusterscale:obshell:getCluster");
    assert.deepEqual(lastCall().inputs, { endpoints: ["10.0.0.2:2886"] });
});

test("getSupernode and getSupernodeOutput send the supernode id and return the supernode", async () => {
    assert.deepEqual(await clusterscale.modelarts.getSupernode({ supernodeId: "hyper-1" }), supernode);
    assert.deepEqual(lastCall(), { token: "clusterscale:modelarts:getSupernode", inputs: { supernodeId: "hyper-1" }, provider: "" });

    const output = clusterscale.modelarts.getSupernodeOutput({ supernodeId: pulumi.output("hyper-1") });
    assert.equal((await valueOf(output)).scaleOptions[0].soldOut, true);
});

test("an explicit provider of a call reaches the engine", async () => {
    const provider = new clusterscale.Provider("cluster", { obshellEndpoints: ["10.0.0.1:2886"] });

    await valueOf(clusterscale.obshell.getClusterOutput({}, { provider }));

    assert.equal(lastCall().provider, `${await valueOf(provider.urn)}::cluster-id`);
});

test("resources and calls default to the package version and plugin download URL", () => {
    assert.deepEqual(utilities.resourceOptsDefaults(), { version: schema.version, pluginDownloadURL: schema.pluginDownloadURL });
    assert.equal(utilities.getVersion(), schema.version);
});
