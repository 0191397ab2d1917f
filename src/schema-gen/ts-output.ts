import type { ZodTypeAny } from "zod";
import { allTypeNames, envelopeNames, messageUnions, namedSchema, rootSchemas, type MessageUnion } from "./protocol-model.js";
import { selectTypeNames, type TypeGraph } from "./select-types.js";
import { docComment, TsEmitter } from "./ts-emitter.js";

const HEADER = "// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.\n";

/**
 * The `schema/typescript/` layout: one `Name.ts` per published type, the four
 * message unions (`ClientRequest.ts`, ...) and an `index.ts` re-exporting all.
 */
export function typeScriptFiles(experimental: boolean): Map<string, string> {
  const unions = messageUnions(experimental);
  const published = selectTypeNames(allTypeNames(), experimental, graph(true), graph(false));

  const files = new Map<string, string>();
  for (const name of published) {
    const schema = namedSchema(name);
    const emitter = new TsEmitter(experimental, schema);
    const body = emitter.emit(schema);
    files.set(`${name}.ts`, moduleText(emitter.imports, `${docComment(schema.description, "")}export type ${name} = ${body};\n`));
  }
  for (const union of unions) {
    const emitter = new TsEmitter(experimental);
    const body = unionBody(emitter, union);
    files.set(`${union.name}.ts`, moduleText(emitter.imports, `${docComment(union.description, "")}export type ${union.name} =${body};\n`));
  }
  const exported = [...published, ...unions.map((u) => u.name)].sort();
  files.set("index.ts", `${HEADER}${exported.map((name) => `export type { ${name} } from "./${name}";\n`).join("")}`);
  return files;
}

function moduleText(imports: ReadonlySet<string>, declaration: string): string {
  const lines = [...imports].sort().map((name) => `import type { ${name} } from "./${name}";\n`);
  return `${HEADER}${lines.join("")}\n${declaration}`;
}

function unionBody(emitter: TsEmitter, union: MessageUnion): string {
  if (union.entries.length === 0) return " never";
  const members = union.entries.map((entry) => {
    const parts = [`"method": ${JSON.stringify(entry.method)}`];
    if (union.kind === "request") {
      emitter.imports.add("RequestId");
      parts.push("id: RequestId");
    }
    if (entry.params) {
      const params = emitter.use(entry.params, "  ");
      parts.push(entry.paramsMode === "optional" ? `params?: ${params} | null` : `params: ${params}`);
    } else if (union.kind === "request") {
      parts.push("params: undefined");
    }
    return `\n  | { ${parts.join(", ")} }`;
  });
  return members.join("");
}

/** The named-type graph as the TS emitter sees it, for the API surface `experimental`. */
function graph(experimental: boolean): TypeGraph {
  const roots = new Set<string>(envelopeNames());
  for (const schema of rootSchemas(messageUnions(experimental))) addImports(roots, experimental, schema);
  return {
    roots,
    refsOf: (name) => {
      const schema = namedSchema(name);
      const emitter = new TsEmitter(experimental, schema);
      emitter.emit(schema);
      return emitter.imports;
    },
  };
}

function addImports(into: Set<string>, experimental: boolean, schema: ZodTypeAny): void {
  const emitter = new TsEmitter(experimental);
  emitter.use(schema);
  for (const name of emitter.imports) into.add(name);
}
