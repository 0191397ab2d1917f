/**
 * How an MCP server's tools are offered to the model, as codex 0.169.0 offers
 * them (checked against the reference with a recorded request): one
 * `namespace` tool per server, `mcp__<server>`, namespaces sorted by name,
 * each holding the server's tools sorted by name, names reduced to
 * `[a-zA-Z0-9_]`, input schemas reduced to the subset the reference keeps.
 */
import type { JsonValue } from "../../protocol/common.js";

export const MCP_NAMESPACE_PREFIX = "mcp__";

type JsonObject = { [key: string]: JsonValue };

/** Anything outside `[a-zA-Z0-9_]` becomes `_` (the reference turns `-` and `.` into `_` too). */
export function sanitizeMcpName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, "_");
}

export function mcpNamespaceOf(server: string): string {
  return `${MCP_NAMESPACE_PREFIX}${sanitizeMcpName(server)}`;
}

/** The server's `instructions` from its initialize result, else the reference's generic line. */
export function mcpNamespaceDescription(namespace: string, instructions: string | undefined): string {
  return instructions !== undefined && instructions.trim() !== "" ? instructions : `Tools in the ${namespace} namespace.`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const COMBINERS = ["anyOf", "oneOf", "allOf"] as const;

/** The type the reference gives a schema: its own, else one inferred from its keywords, else none. */
function typeOf(schema: JsonObject): JsonValue | undefined {
  const declared = schema.type;
  if (typeof declared === "string" || Array.isArray(declared)) return declared;
  if ("properties" in schema || "required" in schema || "additionalProperties" in schema) return "object";
  if ("items" in schema || "prefixItems" in schema) return "array";
  if ("enum" in schema || "const" in schema || "format" in schema) return "string";
  if (["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"].some((key) => key in schema)) return "number";
  return undefined;
}

function hasType(type: JsonValue, name: string): boolean {
  return type === name || (Array.isArray(type) && type.includes(name));
}

/**
 * One schema reduced as the reference reduces it: `true`/`false` become a
 * string schema; kept are `type` (inferred when missing), `description`,
 * `items` (a string schema when an array has none), `properties` (sorted,
 * always present on objects), `required`, `additionalProperties`, `enum`
 * (`const` becomes a one-value enum), the `anyOf`/`oneOf`/`allOf`
 * combiners, `$ref` and `$defs`; every other keyword (title, format,
 * bounds, defaults, ...) is dropped. A schema with neither a type nor a
 * combiner says nothing the reference keeps: `{}`.
 */
export function sanitizeMcpSchema(value: JsonValue): JsonValue {
  if (typeof value === "boolean") return { type: "string" };
  if (!isObject(value)) return {};
  const out: JsonObject = {};
  const type = typeOf(value);
  const description = typeof value.description === "string" ? value.description : undefined;
  if (type !== undefined) {
    out.type = type;
    if (description !== undefined) out.description = description;
    if (hasType(type, "array")) out.items = value.items !== undefined && !Array.isArray(value.items) ? sanitizeMcpSchema(value.items) : { type: "string" };
    if (hasType(type, "object")) {
      const properties: JsonObject = {};
      const given = isObject(value.properties) ? value.properties : {};
      for (const key of Object.keys(given).sort()) properties[key] = sanitizeMcpSchema(given[key]!);
      out.properties = properties;
      if (Array.isArray(value.required)) out.required = value.required;
      const additional = value.additionalProperties;
      if (typeof additional === "boolean") out.additionalProperties = additional;
      else if (isObject(additional)) out.additionalProperties = sanitizeMcpSchema(additional);
    }
    if (Array.isArray(value.enum)) out.enum = value.enum;
    else if ("const" in value) out.enum = [value.const!];
  } else if (description !== undefined && (COMBINERS.some((key) => Array.isArray(value[key])) || typeof value.$ref === "string")) {
    out.description = description;
  }
  for (const key of COMBINERS) {
    const options = value[key];
    if (Array.isArray(options)) out[key] = options.map(sanitizeMcpSchema);
  }
  if (typeof value.$ref === "string") out.$ref = value.$ref;
  if (isObject(value.$defs)) {
    const defs: JsonObject = {};
    for (const [key, def] of Object.entries(value.$defs)) defs[key] = sanitizeMcpSchema(def);
    out.$defs = defs;
  }
  return out;
}

/** A tool's `parameters`: its input schema reduced, always an object with `properties`. */
export function mcpToolParameters(inputSchema: unknown): JsonValue {
  const schema: JsonObject = isObject(inputSchema) ? { ...inputSchema } : {};
  if (schema.properties === undefined || schema.properties === null) schema.properties = {};
  schema.type ??= "object";
  return sanitizeMcpSchema(schema);
}
