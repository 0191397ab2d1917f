import { z } from "zod";
import { EmptyObject, Int, JsonValue } from "./common.js";
import { named } from "./schema-meta.js";

/** Records clients attach to threads (a pull request, an issue...), keyed by type and identity. */
export const ThreadAttachment = named(
  "ThreadAttachment",
  z.object({ id: z.string(), attachmentType: z.string(), identityKey: z.string(), payload: JsonValue, createdAt: Int }),
);
export type ThreadAttachment = z.infer<typeof ThreadAttachment>;

export const ThreadAttachmentAddOutcome = named("ThreadAttachmentAddOutcome", z.enum(["created", "existing"]));

/** Any JSON value, `null` included, but present: a missing one is reported as a missing field. */
const PresentJsonValue = z.unknown().superRefine((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.invalid_type, expected: z.ZodParsedType.unknown, received: z.ZodParsedType.undefined });
  }
}) as unknown as z.ZodType<JsonValue>;

export const ThreadAttachmentAddParams = named(
  "ThreadAttachmentAddParams",
  z.object({ threadId: z.string(), attachmentType: z.string(), identityKey: z.string(), payload: PresentJsonValue }),
);
export const ThreadAttachmentAddResponse = named(
  "ThreadAttachmentAddResponse",
  z.object({ attachment: ThreadAttachment, outcome: ThreadAttachmentAddOutcome }),
);

export const ThreadAttachmentListParams = named(
  "ThreadAttachmentListParams",
  z.object({ threadId: z.string(), cursor: z.string().nullish(), limit: Int.nonnegative().nullish() }),
);
export const ThreadAttachmentListResponse = named(
  "ThreadAttachmentListResponse",
  z.object({ data: z.array(ThreadAttachment), nextCursor: z.string().nullable() }),
);

export const ThreadAttachmentRemoveParams = named(
  "ThreadAttachmentRemoveParams",
  z.object({ threadId: z.string(), attachmentType: z.string(), identityKey: z.string() }),
);
export const ThreadAttachmentRemoveResponse = named("ThreadAttachmentRemoveResponse", EmptyObject);

export const ThreadAttachmentOwner = named("ThreadAttachmentOwner", z.object({ threadId: z.string(), archived: z.boolean() }));
export type ThreadAttachmentOwner = z.infer<typeof ThreadAttachmentOwner>;

export const ThreadAttachmentOwnerListParams = named(
  "ThreadAttachmentOwnerListParams",
  z.object({
    attachmentType: z.string(),
    identityKey: z.string(),
    archived: z.boolean().nullish(),
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
  }),
);
export const ThreadAttachmentOwnerListResponse = named(
  "ThreadAttachmentOwnerListResponse",
  z.object({ data: z.array(ThreadAttachmentOwner), nextCursor: z.string().nullable() }),
);

export const ThreadAttachmentOperation = named("ThreadAttachmentOperation", z.enum(["created", "deleted"]));

export const ThreadAttachmentUpdatedNotification = named(
  "ThreadAttachmentUpdatedNotification",
  z.object({
    threadId: z.string(),
    attachmentType: z.string(),
    identityKey: z.string(),
    attachmentId: z.string(),
    operation: ThreadAttachmentOperation,
  }),
);
