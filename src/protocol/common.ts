import { z } from "zod";
import { named } from "./schema-meta.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const JsonValue: z.ZodType<JsonValue> = named(
  "JsonValue",
  z.lazy(() =>
    z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(JsonValue)]),
  ),
);

/** Any JSON value, `null` included, that must be present: a missing one is reported as a missing field. */
export const PresentJsonValue = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.invalid_type, expected: z.ZodParsedType.unknown, received: z.ZodParsedType.undefined });
  }
}) as unknown as z.ZodType<JsonValue>;

/** JSON-RPC request id: a string or a 64-bit integer (a plain JSON number on the wire). */
export const RequestId = named("RequestId", z.union([z.string(), z.number().int()]));
export type RequestId = z.infer<typeof RequestId>;

/** An empty result object (`{}` on the wire). */
export const EmptyObject = z.object({});
export type EmptyObject = z.infer<typeof EmptyObject>;

/** Unix seconds or milliseconds; integers carried as plain JSON numbers. */
export const Int = z.number().int();
