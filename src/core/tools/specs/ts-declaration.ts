/**
 * A JSON Schema rendered as a TypeScript type, the way the `exec` tool's
 * description declares each nested tool (`declare const tools: { name(args: T): Promise<R>; }`):
 * properties sorted by name, `?` for optional ones, `;` after each, and when
 * any property has a description, one property per line with its
 * description as `//` comments above it. Schemas come from MCP servers too,
 * so anything unexpected renders as `unknown` rather than failing.
 */

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A JavaScript identifier for a tool or property name: other characters become `_`. */
export function codeModeIdentifier(name: string): string {
  let out = "";
  for (let index = 0; index < name.length; index++) {
    const ch = name[index]!;
    out += (index === 0 ? /[A-Za-z_$]/ : /[A-Za-z0-9_$]/).test(ch) ? ch : "_";
  }
  return out === "" ? "_" : out;
}

function literal(value: Json): string {
  return JSON.stringify(value) ?? "unknown";
}

function propertyName(name: string): string {
  return codeModeIdentifier(name) === name ? name : JSON.stringify(name);
}

function hasDescription(schema: Json): boolean {
  return isObject(schema) && typeof schema.description === "string" && schema.description !== "";
}

function additionalPropertiesLine(schema: Record<string, Json>, properties: Record<string, Json>): string | null {
  if ("additionalProperties" in schema) {
    const extra = schema.additionalProperties;
    if (extra === false) return null;
    return `[key: string]: ${extra === true ? "unknown" : renderType(extra)};`;
  }
  return Object.keys(properties).length === 0 ? "[key: string]: unknown;" : null;
}

function renderObject(schema: Record<string, Json>): string {
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === "string") : []);
  const properties = isObject(schema.properties) ? schema.properties : {};
  const names = Object.keys(properties).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const field = (name: string) => `${propertyName(name)}${required.has(name) ? "" : "?"}: ${renderType(properties[name])};`;
  const extra = additionalPropertiesLine(schema, properties);
  if (names.some((name) => hasDescription(properties[name]))) {
    const lines = ["{"];
    for (const name of names) {
      const description = (properties[name] as { description?: unknown }).description;
      if (typeof description === "string") {
        for (const line of description.split("\n").map((part) => part.trim()).filter((part) => part !== "")) lines.push(`  // ${line}`);
      }
      lines.push(`  ${field(name)}`);
    }
    if (extra) lines.push(`  ${extra}`);
    lines.push("}");
    return lines.join("\n");
  }
  const parts = names.map(field);
  if (extra) parts.push(extra);
  return parts.length === 0 ? "{}" : `{ ${parts.join(" ")} }`;
}

function renderArray(schema: Record<string, Json>): string {
  if ("items" in schema) return `Array<${renderType(schema.items)}>`;
  if (Array.isArray(schema.prefixItems) && schema.prefixItems.length > 0) return `[${schema.prefixItems.map(renderType).join(", ")}]`;
  return "unknown[]";
}

function renderKeyword(schema: Record<string, Json>, type: string): string {
  switch (type) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      return renderArray(schema);
    case "object":
      return renderObject(schema);
    default:
      return "unknown";
  }
}

export function renderType(schema: Json): string {
  if (schema === true) return "unknown";
  if (schema === false) return "never";
  if (!isObject(schema)) return "unknown";
  if ("const" in schema) return literal(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.map(literal).join(" | ");
  for (const key of ["anyOf", "oneOf"]) {
    const variants = schema[key];
    if (Array.isArray(variants) && variants.length > 0) return variants.map(renderType).join(" | ");
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return schema.allOf.map(renderType).join(" & ");
  if (Array.isArray(schema.type)) {
    const rendered = schema.type.filter((type): type is string => typeof type === "string").map((type) => renderKeyword(schema, type));
    if (rendered.length > 0) return rendered.join(" | ");
  }
  if (typeof schema.type === "string") return renderKeyword(schema, schema.type);
  if ("properties" in schema || "additionalProperties" in schema || "required" in schema) return renderObject(schema);
  if ("items" in schema || "prefixItems" in schema) return renderArray(schema);
  return "unknown";
}
