import type { ZodTypeAny, ZodTypeDef } from "zod";
import { schemaName } from "../protocol/schema-meta.js";

/**
 * zod v3 copies a schema's description onto the wrappers built from it
 * (`.optional()`, `.nullable()`, `.default()`, ...). A named type's
 * description belongs on its definition, not on every field that uses it.
 */

const WRAPPER_INNER: Record<string, string> = {
  ZodOptional: "innerType",
  ZodNullable: "innerType",
  ZodDefault: "innerType",
  ZodCatch: "innerType",
  ZodReadonly: "innerType",
  ZodBranded: "type",
};

function wrappedSchema(def: ZodTypeDef): ZodTypeAny | undefined {
  const key = WRAPPER_INNER[(def as { typeName?: string }).typeName ?? ""];
  return key === undefined ? undefined : ((def as unknown as Record<string, ZodTypeAny>)[key] ?? undefined);
}

/** Whether `def`'s description was inherited, through wrappers, from a named schema. */
export function describesNamedInner(def: ZodTypeDef): boolean {
  if (def.description === undefined) return false;
  let inner = wrappedSchema(def);
  while (inner !== undefined && inner.description === def.description) {
    if (schemaName(inner) !== undefined) return true;
    inner = wrappedSchema(inner._def);
  }
  return false;
}

/** The description to print for this layer: none when it only repeats a named inner type's. */
export function ownDescription(schema: ZodTypeAny): string | undefined {
  return describesNamedInner(schema._def) ? undefined : schema.description;
}
