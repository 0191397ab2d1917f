import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

export const TextPosition = named("TextPosition", z.object({ line: Int, column: Int }));
export const TextRange = named("TextRange", z.object({ start: TextPosition, end: TextPosition }));

export const ConfigWarningNotification = named(
  "ConfigWarningNotification",
  z.object({
    summary: z.string(),
    details: z.string().nullable(),
    path: z.string().optional(),
    range: TextRange.optional(),
  }),
);

export const WarningNotification = named(
  "WarningNotification",
  z.object({ threadId: z.string().nullable(), message: z.string() }),
);

export const DeprecationNoticeNotification = named(
  "DeprecationNoticeNotification",
  z.object({ summary: z.string(), details: z.string().nullable() }),
);
