import { z } from "zod";
import { named } from "./schema-meta.js";

const feedbackFields = {
  classification: z.string(),
  reason: z.string().nullish(),
  threadId: z.string().nullish(),
  includeLogs: z.boolean().optional(),
  extraLogFiles: z.array(z.string()).nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
};

export const FeedbackUploadParams = named("FeedbackUploadParams", z.object(feedbackFields));
export type FeedbackUploadParams = z.infer<typeof FeedbackUploadParams>;

export const FeedbackUploadResponse = named(
  "FeedbackUploadResponse",
  z.object({ threadId: z.string(), promptHash: z.string().nullable() }),
);
export type FeedbackUploadResponse = z.infer<typeof FeedbackUploadResponse>;

/** `savePath`: an absolute path that does not exist yet; the ZIP bundle is written there. */
export const FeedbackSaveParams = named("FeedbackSaveParams", z.object({ ...feedbackFields, savePath: z.string() }));
export type FeedbackSaveParams = z.infer<typeof FeedbackSaveParams>;

export const FeedbackSaveResponse = named(
  "FeedbackSaveResponse",
  z.object({ savedPath: z.string(), threadId: z.string(), promptHash: z.string().nullable() }),
);
export type FeedbackSaveResponse = z.infer<typeof FeedbackSaveResponse>;
