// The explicit provider sends its configuration exactly as given: strings as strings, the other keys as JSON text (as
// every Pulumi SDK sends provider inputs), secret keys as secrets, and environment defaults only for what was not
// given.
import { test, beforeEach } from "node:test";
import * as assert from "node:assert/strict";
import * as clusterscale from "../bin";
import { RecordingMocks, sentAsSecret, valueOf } from "./mocks";

const schema = require("../../schema.json");
const environmentVariables: string[] = Object.values<any>(schema.config.variables)
    .flatMap(v => v.defaultInfo?.environment ?? []);

let mocks: RecordingMocks;
beforeEach(() => {
    for (const name of environmentVariables) delete process.env[name];
    mocks = new RecordingMocks().install();
});

test("the provider registers with its token and sends its configuration as given", async () => {
    const provider = new clusterscale.Provider("oceanbase", {
        obshellEndpoints: ["10.0.0.1:2886", "10.0.0.2:2886"],
        obshellRootPassword: "root-pass",
        obshellAgentPassword: "agent-pass",
        obshellUseTls: true,
        huaweiRegion: "cn-southwest-2",
        huaweiEndpoint: "http://127.0.0.1:8443",
        huaweiProjectId: "project-1",
        huaweiAccessKey: "ak",
        huaweiSecretKey: "sk",
        huaweiSecurityToken: "token",
    });
    await valueOf(provider.urn);

    const sent = mocks.single("pulumi:providers:clusterscale");
    assert.deepEqual(sent.inputs, {
        obshellEndpoints: '["10.0.0.1:2886","10.0.0.2:2886"]',
        obshellRootPassword: sentAsSecret("root-pass"),
        obshellAgentPassword: sentAsSecret("agent-pass"),
        obshellUseTls: "true",
        huaweiRegion: "cn-southwest-2",
        huaweiEndpoint: "http://127.0.0.1:8443",
        huaweiProjectId: "project-1",
        huaweiAccessKey: sentAsSecret("ak"),
        huaweiSecretKey: sentAsSecret("sk"),
        huaweiSecurityToken: sentAsSecret("token"),
    });
});

test("keys not given fall back to their environment variables, secrets staying secret, and obshellUseTls to false", async () => {
    process.env["HW_REGION_NAME"] = "cn-north-4";
    process.env["HW_ACCESS_KEY"] = "ak-from-env";
    const provider = new clusterscale.Provider("huawei");
    await valueOf(provider.urn);

    assert.deepEqual(mocks.single("pulumi:providers:clusterscale").inputs, {
        huaweiRegion: "cn-north-4",
        huaweiAccessKey: sentAsSecret("ak-from-env"),
        obshellUseTls: "false",
    });
});

test("resources of an explicit provider reach the engine with its reference", async () => {
    const provider = new clusterscale.Provider("cluster", { obshellEndpoints: ["10.0.0.1:2886"] });
    const node = new clusterscale.obshell.ObserverNode("node4", { ip: "10.0.0.4", zone: "zone1" }, { provider });
    await valueOf(node.urn);

    assert.equal(mocks.single("clusterscale:obshell:ObserverNode").provider, `${await valueOf(provider.urn)}::cluster-id`);
});
