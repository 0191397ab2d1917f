import type { JsonSchema, ObjectSchema } from "./types.js";

/** Builders that keep the reference's key order (`type` first, `description` after `items`). */

export function stringSchema(description?: string): JsonSchema {
  return description === undefined ? { type: "string" } : { type: "string", description };
}

export function numberSchema(description?: string): JsonSchema {
  return description === undefined ? { type: "number" } : { type: "number", description };
}

export function booleanSchema(description?: string): JsonSchema {
  return description === undefined ? { type: "boolean" } : { type: "boolean", description };
}

export function arraySchema(items: JsonSchema, description?: string): JsonSchema {
  return description === undefined ? { type: "array", items } : { type: "array", items, description };
}

/**
 * A closed object (`additionalProperties: false`). Properties are sorted by
 * name, as the reference's ordered map serialises them.
 */
export function objectSchema(properties: Record<string, JsonSchema>, required: string[]): ObjectSchema {
  const sorted: Record<string, JsonSchema> = {};
  for (const key of Object.keys(properties).sort()) sorted[key] = properties[key]!;
  return { type: "object", properties: sorted, required, additionalProperties: false };
}
