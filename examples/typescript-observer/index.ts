// Scales an OceanBase cluster out by two OBServer nodes: one joins the existing zone1, the other creates zone4.
// The nodes this stack owns are the `nodes` config list (or the two defaults below): adding an entry scales the
// cluster out, removing one scales that node back in (obshell scale_in) on the next `pulumi up`.
// The same program as examples/csharp-observer, in TypeScript.
import * as pulumi from "@pulumi/pulumi";
import * as clusterscale from "@clusterscale/pulumi-clusterscale";

/** One OBServer node this stack owns; the JSON shape of an entry of the `nodes` config list. */
interface NodeSpec {
    name: string;
    ip: string;
    zone: string;
    obshellPort?: number;
    memoryLimit?: string;
}

const config = new pulumi.Config();

// An explicit provider: this stack talks to one cluster, whatever the ambient clusterscale:* config says.
// `pulumi config set --secret rootPassword ...` keeps the password encrypted in the stack and secret in state.
const cluster = new clusterscale.Provider("oceanbase", {
    obshellEndpoints: config.requireObject<string[]>("endpoints"),
    obshellRootPassword: config.requireSecret("rootPassword"),
});

const nodes: NodeSpec[] = config.getObject<NodeSpec[]>("nodes") ?? [
    { name: "node4", ip: "10.0.0.4", zone: "zone1" },
    { name: "node5", ip: "10.0.0.5", zone: "zone4" },
];

// A scale-out with a new zone runs 11 DAG stages; give it room, and scale-in the same.
const customTimeouts = { create: "30m", delete: "30m" };

const observers: clusterscale.obshell.ObserverNode[] = [];
for (const node of nodes) {
    observers.push(new clusterscale.obshell.ObserverNode(node.name, {
        ip: node.ip,
        obshellPort: node.obshellPort ?? 2886,
        zone: node.zone,
        obConfigs: { memory_limit: node.memoryLimit ?? "16G" },
    }, {
        provider: cluster,
        customTimeouts,
        // obshell holds one cluster-wide maintenance lock per DAG: chaining the nodes runs their scale-outs one after
        // the other instead of letting the second one wait on the first's lock.
        dependsOn: observers.slice(-1),
    }));
}

export const nodeIds = pulumi.all(observers.map(o => o.id));
export const serverStatuses = pulumi.all(observers.map(o => o.serverStatus));
