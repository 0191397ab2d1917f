import type { ZodTypeAny } from "zod";

/**
 * Metadata attached to zod schemas without changing their runtime behaviour:
 * the wire name a schema is published under (JSON Schema definition / TS type
 * name) and whether an object field belongs to the experimental API surface.
 */
const nameBySchema = new Map<ZodTypeAny, string>();
const schemaByName = new Map<string, ZodTypeAny>();
const experimentalFields = new WeakSet<ZodTypeAny>();

/** Registers `schema` under the reference's type name, so generators emit a `$ref` to it. */
export function named<T extends ZodTypeAny>(name: string, schema: T): T {
  const existing = schemaByName.get(name);
  if (existing && existing !== schema) {
    throw new Error(`protocol type name registered twice: ${name}`);
  }
  nameBySchema.set(schema, name);
  schemaByName.set(name, schema);
  return schema;
}

/** Marks an object field (the exact schema placed in the shape) as experimental-only. */
export function experimental<T extends ZodTypeAny>(schema: T): T {
  experimentalFields.add(schema);
  return schema;
}

export function schemaName(schema: ZodTypeAny): string | undefined {
  return nameBySchema.get(schema);
}

export function isExperimentalField(schema: ZodTypeAny): boolean {
  return experimentalFields.has(schema);
}

export function namedSchemas(): ReadonlyMap<string, ZodTypeAny> {
  return schemaByName;
}
