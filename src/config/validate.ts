/**
 * Small serde-flavoured validators for config.toml values. Each returns an
 * error message (without the key) or `undefined` when the value is fine, e.g.
 * ``unknown variant `sometimes`, expected one of `untrusted`, `on-request`, `never` ``.
 */
import { describeValue } from "../protocol/errors.js";
import { isTable } from "./json-value.js";

export type Check = (value: unknown) => string | undefined;

const TOML_CONTAINERS = { array: "array", object: "table" };

export function describeTomlValue(value: unknown): string {
  return describeValue(value ?? null, TOML_CONTAINERS);
}

function invalidType(value: unknown, expected: string): string {
  return `invalid type: ${describeTomlValue(value)}, expected ${expected}`;
}

export function listOf(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(", ");
}

export const isString: Check = (value) => (typeof value === "string" ? undefined : invalidType(value, "a string"));

export const isNonEmptyString: Check = (value) => {
  if (typeof value !== "string") return invalidType(value, "a string");
  return value.length === 0 ? "invalid value: empty string, expected a non-empty string" : undefined;
};

export const isBoolean: Check = (value) => (typeof value === "boolean" ? undefined : invalidType(value, "a boolean"));

export const isInteger: Check = (value) =>
  typeof value === "number" && Number.isInteger(value) ? undefined : invalidType(value, "an integer");

export const isNonNegativeInteger: Check = (value) => {
  if (typeof value !== "number" || !Number.isInteger(value)) return invalidType(value, "a non-negative integer");
  return value < 0 ? `invalid value: integer \`${value}\`, expected a non-negative integer` : undefined;
};

export function oneOf(variants: readonly string[]): Check {
  return (value) => {
    if (typeof value !== "string") return invalidType(value, `one of ${listOf(variants)}`);
    return variants.includes(value) ? undefined : `unknown variant \`${value}\`, expected one of ${listOf(variants)}`;
  };
}

export const isTableValue: Check = (value) => (isTable(value) ? undefined : invalidType(value, "a table"));

export const isStringArray: Check = (value) => {
  if (!Array.isArray(value)) return invalidType(value, "an array of strings");
  const bad = value.findIndex((v) => typeof v !== "string");
  return bad === -1 ? undefined : `${invalidType(value[bad], "a string")} at index ${bad}`;
};

/** A table whose values are all strings (HTTP headers, query parameters, ...). */
export const isStringMap: Check = (value) => {
  if (!isTable(value)) return invalidType(value, "a table of strings");
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") return `${invalidType(v, "a string")} for \`${key}\``;
  }
  return undefined;
};

export function anyOf(checks: readonly Check[], expected: string): Check {
  return (value) => (checks.some((check) => check(value) === undefined) ? undefined : invalidType(value, expected));
}

/** A table with the given typed fields (unknown fields allowed). */
export function tableWith(fields: Record<string, Check>): Check {
  return (value) => {
    if (!isTable(value)) return invalidType(value, "a table");
    for (const [key, check] of Object.entries(fields)) {
      if (value[key] === undefined) continue;
      const problem = check(value[key]);
      if (problem) return `${key}: ${problem}`;
    }
    return undefined;
  };
}
