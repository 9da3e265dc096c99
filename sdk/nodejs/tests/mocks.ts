// The engine as @pulumi/pulumi's unit-testing API models it (pulumi.runtime.setMocks): every registration and every
// invoke is recorded as the SDK sent it, resources answer with their inputs plus the given outputs, functions with
// the given results.
import * as pulumi from "@pulumi/pulumi";

export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly registered: pulumi.runtime.MockResourceArgs[] = [];
    readonly calls: pulumi.runtime.MockCallArgs[] = [];

    constructor(
        private readonly outputs: Record<string, Record<string, any>> = {},
        private readonly results: Record<string, Record<string, any>> = {},
    ) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        this.registered.push(args);
        return { id: args.id || `${args.name}-id`, state: { ...args.inputs, ...(this.outputs[args.type] ?? {}) } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        this.calls.push(args);
        const result = this.results[args.token];
        if (result === undefined) {
            throw new Error(`no answer for ${args.token}`);
        }
        return result;
    }

    single(type: string): pulumi.runtime.MockResourceArgs {
        const found = this.registered.filter(r => r.type === type);
        if (found.length !== 1) {
            throw new Error(`expected one ${type}, registered: ${this.registered.map(r => r.type).join(", ")}`);
        }
        return found[0];
    }

    named(name: string): pulumi.runtime.MockResourceArgs {
        const found = this.registered.find(r => r.name === name);
        if (found === undefined) {
            throw new Error(`nothing named ${name} was registered`);
        }
        return found;
    }

    /** A deployment (not a preview) of project `project`, stack `stack`, answered by these mocks. */
    install(project = "project"): this {
        pulumi.runtime.setMocks(this, project, "stack", false);
        return this;
    }
}

/** The value an output resolves to (outputs of a deployment under mocks are known). */
export function valueOf<T>(output: pulumi.OutputInstance<T>): Promise<T> {
    return new Promise(resolve => output.apply(value => {
        resolve(value);
        return value;
    }));
}

/** A secret input as the SDK sends it to the engine: the value under Pulumi's secret signature. */
export function sentAsSecret(value: unknown): Record<string, unknown> {
    return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}
