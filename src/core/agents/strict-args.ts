import type { FunctionCall } from "../turn-runner.js";
import { errorMessage } from "../tool-calls/records.js";

/**
 * Function arguments read the way the reference's tools read theirs (a
 * struct that refuses unknown fields): the first unknown or mistyped field
 * in the order given, else the first missing required one, is reported in
 * serde's words after `failed to parse function arguments: `.
 */
export type FieldKind = "string" | "integer" | "boolean" | "effort";

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
}

export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max", "ultra"] as const;

function quoted(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(", ");
}

function expected(names: readonly string[]): string {
  if (names.length === 1) return `\`${names[0]}\``;
  if (names.length === 2) return `\`${names[0]}\` or \`${names[1]}\``;
  return `one of ${quoted(names)}`;
}

/** How serde names an unexpected JSON value. */
function unexpected(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return `boolean \`${value}\``;
  if (typeof value === "number") return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  return Array.isArray(value) ? "sequence" : "map";
}

function typeError(field: FieldSpec, value: unknown): string | undefined {
  if (value === null) return field.required ? `invalid type: null, expected ${field.kind === "integer" ? "i64" : "a string"}` : undefined;
  switch (field.kind) {
    case "string":
      return typeof value === "string" ? undefined : `invalid type: ${unexpected(value)}, expected a string`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `invalid type: ${unexpected(value)}, expected a boolean`;
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? undefined : `invalid type: ${unexpected(value)}, expected i64`;
    case "effort":
      if (typeof value !== "string") return `invalid type: ${unexpected(value)}, expected a string`;
      return (REASONING_EFFORTS as readonly string[]).includes(value) ? undefined : `unknown variant \`${value}\`, expected one of ${quoted(REASONING_EFFORTS)}`;
  }
}

/** The arguments (absent and null optional fields left out), or the refusal text. */
export function parseStrictArguments(call: FunctionCall, fields: readonly FieldSpec[]): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(call.arguments.trim() === "" ? "{}" : call.arguments);
  } catch (error) {
    return `failed to parse function arguments: ${errorMessage(error)}`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return `failed to parse function arguments: invalid type: ${unexpected(value)}, expected a map`;
  }
  const args: Record<string, unknown> = {};
  for (const [name, fieldValue] of Object.entries(value)) {
    const field = fields.find((entry) => entry.name === name);
    if (!field) return `failed to parse function arguments: unknown field \`${name}\`, expected ${expected(fields.map((entry) => entry.name))}`;
    const error = typeError(field, fieldValue);
    if (error) return `failed to parse function arguments: ${error}`;
    if (fieldValue !== null) args[name] = fieldValue;
  }
  for (const field of fields) {
    if (field.required && !(field.name in args)) return `failed to parse function arguments: missing field \`${field.name}\``;
  }
  return args;
}
