import type { ZodRawShape, ZodTypeAny } from "zod";
import { isExperimentalField } from "../protocol/schema-meta.js";

/**
 * The fields of an object shape that belong to the requested API surface.
 * Returns a new shape (never mutates the schema); the stable surface drops
 * fields marked with `experimental()`.
 */
export function visibleShape(shape: ZodRawShape, experimental: boolean): ZodRawShape {
  if (experimental) return shape;
  const visible: Record<string, ZodTypeAny> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (!isExperimentalField(field)) visible[key] = field;
  }
  return visible;
}

/** Whether the stable surface hides at least one field of this shape. */
export function hidesFields(shape: ZodRawShape, experimental: boolean): boolean {
  return !experimental && Object.values(shape).some((field) => isExperimentalField(field));
}
