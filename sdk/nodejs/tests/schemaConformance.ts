// Compares the TypeScript SDK's sources with a package schema, both ways: every resource, input, output, nested type,
// function and config variable of the schema must be declared with the type gen-sdk gives it, and the SDK must
// declare nothing else. Each difference is one line naming the token and the property.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

type Spec = any;

/** What a file of the SDK declares at its top level (or inside `export namespace` blocks, as `ns.Name`). */
interface Declarations {
    classes: Map<string, Map<string, string>>;
    interfaces: Map<string, Map<string, string>>;
    functions: Set<string>;
    constants: Map<string, string>;
}

function declarationsOf(file: string): Declarations {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const result: Declarations = { classes: new Map(), interfaces: new Map(), functions: new Set(), constants: new Map() };
    const text = (node: ts.Node | undefined) => (node?.getText(source) ?? "").replace(/\s+/g, " ");
    const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some(m => m.kind === ts.SyntaxKind.ExportKeyword);
    const visit = (statements: ts.NodeArray<ts.Statement>, prefix: string) => {
        for (const statement of statements) {
            if (!exported(statement)) continue;
            if (ts.isClassDeclaration(statement) && statement.name) {
                const properties = new Map<string, string>();
                for (const member of statement.members) {
                    const isStatic = (ts.getModifiers(member as ts.PropertyDeclaration) ?? []).some(m => m.kind === ts.SyntaxKind.StaticKeyword);
                    if (ts.isPropertyDeclaration(member) && !isStatic) properties.set(text(member.name), text(member.type));
                }
                result.classes.set(prefix + statement.name.text, properties);
            } else if (ts.isInterfaceDeclaration(statement)) {
                const members = new Map<string, string>();
                for (const member of statement.members) {
                    if (ts.isPropertySignature(member)) members.set(text(member.name) + (member.questionToken ? "?" : ""), text(member.type));
                }
                result.interfaces.set(prefix + statement.name.text, members);
            } else if (ts.isFunctionDeclaration(statement) && statement.name) {
                result.functions.add(prefix + statement.name.text);
            } else if (ts.isVariableStatement(statement)) {
                for (const declaration of statement.declarationList.declarations) result.constants.set(text(declaration.name), text(declaration.type));
            } else if (ts.isModuleDeclaration(statement) && statement.body && ts.isModuleBlock(statement.body)) {
                visit(statement.body.statements, `${prefix}${statement.name.getText(source)}.`);
            }
        }
    };
    visit(source.statements, "");
    return result;
}

const moduleOf = (token: string) => token.split(":")[1];
const nameOf = (token: string) => token.split(":")[2];
const camel = (name: string) => name[0].toLowerCase() + name.slice(1);
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);
const typeToken = (spec: Spec) => (spec.$ref as string).replace("#/types/", "");

/** The TypeScript type gen-sdk gives a schema type: plain (outputs, results, plain arguments) or input. */
function tsType(spec: Spec, side: "output" | "plain" | "input"): string {
    if (spec.$ref !== undefined) {
        const token = typeToken(spec);
        return side === "output" ? `outputs.${moduleOf(token)}.${nameOf(token)}` : `inputs.${moduleOf(token)}.${nameOf(token)}Args`;
    }
    const element = (inner: Spec) => side === "input" ? `pulumi.Input<${tsType(inner, side)}>` : tsType(inner, side);
    switch (spec.type) {
        case "string": return "string";
        case "integer": case "number": return "number";
        case "boolean": return "boolean";
        case "array": return `${element(spec.items)}[]`;
        case "object": return `{[key: string]: ${element(spec.additionalProperties)}}`;
        default: return `<unsupported schema type ${spec.type}>`;
    }
}

/** Member lines "name[?]: type" for an interface gen-sdk would emit for these properties. */
function members(properties: Record<string, Spec>, required: string[], side: "output" | "plain" | "input"): Map<string, string> {
    return new Map(Object.entries(properties).map(([name, spec]) => [
        name + (required.includes(name) ? "" : "?"),
        side === "input" ? `pulumi.Input<${tsType(spec, side)}>` : tsType(spec, side),
    ]));
}

function referencedTypes(specs: Spec[]): Set<string> {
    return new Set([...JSON.stringify(specs).matchAll(/"#\/types\/([^"]+)"/g)].map(m => m[1]));
}

export function compare(schema: Spec, sdkDirectory: string): string[] {
    const mismatches: string[] = [];
    const files = new Map<string, Declarations>();
    const load = (relative: string) => {
        if (!files.has(relative)) {
            const file = path.join(sdkDirectory, relative);
            files.set(relative, fs.existsSync(file) ? declarationsOf(file)
                : { classes: new Map(), interfaces: new Map(), functions: new Set(), constants: new Map() });
        }
        return files.get(relative)!;
    };
    const expected = new Map<string, Declarations>();
    const expect = (relative: string) => {
        if (!expected.has(relative)) expected.set(relative, { classes: new Map(), interfaces: new Map(), functions: new Set(), constants: new Map() });
        return expected.get(relative)!;
    };

    const resources: [string, string, Spec][] = [["pulumi:providers:clusterscale", "provider.ts", { ...schema.provider, properties: schema.provider.properties ?? {} }]];
    for (const [token, spec] of Object.entries<Spec>(schema.resources)) resources.push([token, `${moduleOf(token)}/${camel(nameOf(token))}.ts`, spec]);
    for (const [token, file, spec] of resources) {
        const name = token.startsWith("pulumi:providers:") ? "Provider" : nameOf(token);
        const outputs = new Map(Object.entries<Spec>(spec.properties).map(([property, value]) => [property,
            `pulumi.Output<${tsType(value, "output")}${(spec.required ?? []).includes(property) ? "" : " | undefined"}>`]));
        expect(file).classes.set(name, outputs);
        expect(file).interfaces.set(`${name}Args`, members(spec.inputProperties, spec.requiredInputs ?? [], "input"));
    }

    const inputTypes = referencedTypes(Object.values<Spec>(schema.resources).map(r => r.inputProperties));
    const outputTypes = referencedTypes([...Object.values<Spec>(schema.resources).map(r => r.properties),
        ...Object.values<Spec>(schema.functions).map(f => f.outputs)]);
    for (const token of inputTypes) {
        const spec = schema.types[token];
        expect("types/input.ts").interfaces.set(`${moduleOf(token)}.${nameOf(token)}Args`, members(spec.properties, spec.required ?? [], "input"));
    }
    for (const token of outputTypes) {
        const spec = schema.types[token];
        expect("types/output.ts").interfaces.set(`${moduleOf(token)}.${nameOf(token)}`, members(spec.properties, spec.required ?? [], "plain"));
    }

    for (const [token, spec] of Object.entries<Spec>(schema.functions)) {
        const name = nameOf(token);
        const file = expect(`${moduleOf(token)}/${name}.ts`);
        file.functions.add(name).add(`${name}Output`);
        file.interfaces.set(`${pascal(name)}Args`, members(spec.inputs.properties, spec.inputs.required ?? [], "plain"));
        file.interfaces.set(`${pascal(name)}OutputArgs`, members(spec.inputs.properties, spec.inputs.required ?? [], "input"));
        file.interfaces.set(`${pascal(name)}Result`, members(spec.outputs.properties, spec.outputs.required ?? [], "output"));
    }

    for (const [name, spec] of Object.entries<Spec>(schema.config.variables)) {
        expect("config/vars.ts").constants.set(name, spec.default !== undefined ? tsType(spec, "plain") : `${tsType(spec, "plain")} | undefined`);
    }

    // Every source file of the SDK is compared, so a declaration in a file the schema has no use for is reported too.
    const sources = (directory: string): string[] => fs.readdirSync(path.join(sdkDirectory, directory), { withFileTypes: true })
        .flatMap(entry => entry.isDirectory()
            ? (["node_modules", "bin", "tests", "scripts"].includes(entry.name) ? [] : sources(path.join(directory, entry.name)))
            : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path.join(directory, entry.name)] : []);
    const ignored = new Set(["index.ts", "utilities.ts"]);
    const allFiles = new Set([...expected.keys(), ...sources("").filter(f => !ignored.has(path.basename(f)))]);

    for (const file of [...allFiles].sort()) {
        const want = expect(file);
        const have = load(file);
        compareMaps(mismatches, `${file}: class`, want.classes, have.classes, "property");
        compareMaps(mismatches, `${file}: interface`, want.interfaces, have.interfaces, "member");
        for (const name of want.functions) if (!have.functions.has(name)) mismatches.push(`${file}: function ${name} is in the schema but not in the SDK`);
        for (const name of have.functions) if (!want.functions.has(name)) mismatches.push(`${file}: function ${name} is in the SDK but not in the schema`);
        compareMembers(mismatches, `${file}: config`, want.constants, have.constants);
    }
    return mismatches;
}

function compareMaps(mismatches: string[], owner: string, want: Map<string, Map<string, string>>, have: Map<string, Map<string, string>>, what: string) {
    for (const [name, members] of want) {
        const declared = have.get(name);
        if (declared === undefined) {
            mismatches.push(`${owner} ${name} is in the schema but not in the SDK`);
        } else {
            compareMembers(mismatches, `${owner} ${name}: ${what}`, members, declared);
        }
    }
    for (const name of have.keys()) if (!want.has(name)) mismatches.push(`${owner} ${name} is in the SDK but not in the schema`);
}

function compareMembers(mismatches: string[], owner: string, want: Map<string, string>, have: Map<string, string>) {
    for (const [name, type] of want) {
        const declared = have.get(name);
        if (declared === undefined) {
            mismatches.push(`${owner} '${name}' is in the schema but not in the SDK`);
        } else if (declared !== type) {
            mismatches.push(`${owner} '${name}' is ${declared} in the SDK, the schema says ${type}`);
        }
    }
    for (const name of have.keys()) if (!want.has(name)) mismatches.push(`${owner} '${name}' is in the SDK but not in the schema`);
}
