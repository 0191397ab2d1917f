import type { ZodTypeAny } from "zod";
import { schemaName } from "../protocol/schema-meta.js";
import { collectRefs, definitionRef, DRAFT_07, JsonSchemaConverter, type JsonSchema } from "./json-schema.js";
import { allTypeNames, capitalizedMethod, envelopeNames, messageUnions, rootSchemas, type MessageUnion } from "./protocol-model.js";
import { selectTypeNames, type TypeGraph } from "./select-types.js";
import { stableStringify } from "./stable-json.js";

/**
 * The `schema/json/` layout of the reference: one self-contained file per
 * message union, per envelope type and per server-request params/response
 * type, plus `codex_app_server_protocol.schemas.json` with every published type.
 */
export function jsonSchemaFiles(experimental: boolean): Map<string, string> {
  const converter = new JsonSchemaConverter(experimental);
  const unions = messageUnions(experimental);
  const published = selectTypeNames(allTypeNames(), experimental, graph(new JsonSchemaConverter(true), messageUnions(true)), graph(new JsonSchemaConverter(false), messageUnions(false)));

  const files = new Map<string, string>();
  const emit = (title: string, root: JsonSchema) => {
    const definitions = closure(converter, collectRefs(root));
    const file: JsonSchema = { $schema: DRAFT_07, ...root, title };
    if (Object.keys(definitions).length > 0) file.definitions = definitions;
    files.set(`${title}.json`, stableStringify(file));
  };

  const unionBodies = new Map(unions.map((u) => [u.name, unionSchema(converter, u)]));
  for (const [name, body] of unionBodies) emit(name, body);
  for (const name of envelopeNames()) emit(name, converter.body(name));
  for (const name of serverRequestTypeNames(unions)) emit(name, converter.body(name));

  const bundle: Record<string, JsonSchema> = {};
  for (const name of published) bundle[name] = converter.body(name);
  for (const [name, body] of unionBodies) bundle[name] = { ...body, title: name };
  const missing = [...collectRefs(bundle)].filter((ref) => !(ref in bundle));
  for (const [name, body] of Object.entries(closure(converter, new Set(missing)))) bundle[name] = body;
  files.set(
    "codex_app_server_protocol.schemas.json",
    stableStringify({ $schema: DRAFT_07, title: "CodexAppServerProtocol", type: "object", definitions: bundle }),
  );
  return files;
}

function graph(converter: JsonSchemaConverter, unions: readonly MessageUnion[]): TypeGraph {
  const roots = new Set<string>(envelopeNames());
  for (const schema of rootSchemas(unions)) collectRefs(converter.inline(schema), roots);
  return { roots, refsOf: (name) => collectRefs(converter.body(name)) };
}

/** Definitions for `names` and everything they reference, keyed by name. */
function closure(converter: JsonSchemaConverter, names: Set<string>): Record<string, JsonSchema> {
  const definitions: Record<string, JsonSchema> = {};
  const stack = [...names];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (name in definitions) continue;
    const body = converter.body(name);
    definitions[name] = body;
    for (const ref of collectRefs(body)) if (!(ref in definitions)) stack.push(ref);
  }
  return definitions;
}

function unionSchema(converter: JsonSchemaConverter, union: MessageUnion): JsonSchema {
  const suffix = union.kind === "request" ? "Request" : "Notification";
  const members = union.entries.map((entry) => {
    const title = `${capitalizedMethod(entry.method)}${suffix}`;
    const properties: JsonSchema = {};
    const required: string[] = [];
    if (union.kind === "request") {
      properties.id = definitionRef("RequestId");
      required.push("id");
    }
    properties.method = { enum: [entry.method], title: `${title}Method`, type: "string" };
    required.push("method");
    if (entry.params) {
      const params = converter.inline(entry.params);
      if (entry.paramsMode === "optional") {
        properties.params = { anyOf: [params, { type: "null" }] };
      } else {
        properties.params = params;
        required.push("params");
      }
    } else if (union.kind === "request") {
      properties.params = { type: "null" };
    }
    return { properties, required, title, type: "object" };
  });
  const schema: JsonSchema = members.length > 0 ? { oneOf: members } : { not: {} };
  if (union.description) schema.description = union.description;
  return schema;
}

/** Named params/result types of the server requests: each gets its own file. */
function serverRequestTypeNames(unions: readonly MessageUnion[]): string[] {
  const names = new Set<string>();
  for (const union of unions) {
    if (union.name !== "ServerRequest") continue;
    for (const entry of union.entries) {
      for (const schema of [entry.params, entry.result] as (ZodTypeAny | null)[]) {
        const name = schema ? schemaName(schema) : undefined;
        if (name) names.add(name);
      }
    }
  }
  return [...names].sort();
}
