import { addAttachment, listAttachmentOwners, listAttachments, removeAttachment } from "../core/thread-attachments.js";
import type { HandlerTable } from "./context.js";

type ThreadAttachmentMethods = "thread/attachment/add" | "thread/attachment/list" | "thread/attachment/remove" | "thread/attachmentOwner/list";

/** Thread attachments; a created or deleted one is announced to every connection after the answer. */
export const threadAttachmentHandlers: Pick<HandlerTable, ThreadAttachmentMethods> = {
  "thread/attachment/add"(params, { services, afterResponse }) {
    const { attachment, outcome, change } = addAttachment(services.threads, params);
    if (change) afterResponse(() => services.broadcast("thread/attachment/updated", change));
    return { attachment, outcome };
  },

  "thread/attachment/list"(params, { services }) {
    return listAttachments(services.threads, params);
  },

  "thread/attachment/remove"(params, { services, afterResponse }) {
    const change = removeAttachment(services.threads, params);
    if (change) afterResponse(() => services.broadcast("thread/attachment/updated", change));
    return {};
  },

  "thread/attachmentOwner/list"(params, { services }) {
    return listAttachmentOwners(services.threads, params);
  },
};
