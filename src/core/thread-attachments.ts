import type { JsonValue } from "../protocol/common.js";
import { ErrorCode, RpcError } from "../protocol/errors.js";
import type { ThreadAttachment, ThreadAttachmentOwner } from "../protocol/thread-attachments.js";
import type { StoredAttachment } from "../store/thread-attachments.js";
import { parseUuid } from "../util/uuid.js";
import { newId } from "./thread-id.js";
import type { ThreadManager } from "./thread-manager.js";

/**
 * thread/attachment/* and thread/attachmentOwner/list: attachments live in
 * the thread store and belong to stored threads (as in the reference, whose
 * new threads hold none until they are stored). Every refusal is -32602.
 */

const MAX_KEY_BYTES = 256;
const MAX_PAYLOAD_BYTES = 65_536;
const DEFAULT_PAGE = 25;
const MAX_PAGE = 100;
const MAX_ATTACHMENTS_PER_THREAD = 100;

function invalidParams(message: string): RpcError {
  return new RpcError(ErrorCode.invalidParams, message);
}

function invalidCursor(): RpcError {
  return invalidParams("invalid pagination cursor");
}

function threadIdOf(raw: string): string {
  const parsed = parseUuid(raw);
  if (!parsed.ok) throw invalidParams(`invalid thread id: ${parsed.error}`);
  return parsed.id;
}

/** The type and identity key as given (not trimmed), once they are known non-empty and short enough. */
function checkIdentity(attachmentType: string, identityKey: string): void {
  for (const [field, value] of [
    ["attachmentType", attachmentType],
    ["identityKey", identityKey],
  ] as const) {
    if (value.trim() === "") throw invalidParams(`${field} must not be empty`);
    if (Buffer.byteLength(value) > MAX_KEY_BYTES) throw invalidParams(`${field} must not exceed ${MAX_KEY_BYTES} bytes`);
  }
}

function requireStoredThread(threads: ThreadManager, threadId: string): void {
  if (!threads.store.hasThread(threadId)) throw invalidParams(`thread not found: ${threadId}`);
}

function pageSize(limit: number | null | undefined): number {
  return limit === null || limit === undefined ? DEFAULT_PAGE : Math.min(Math.max(limit, 1), MAX_PAGE);
}

function wireAttachment(stored: StoredAttachment): ThreadAttachment {
  return {
    id: stored.id,
    attachmentType: stored.attachmentType,
    identityKey: stored.identityKey,
    payload: stored.payload,
    createdAt: stored.createdAt,
  };
}

export interface AttachmentChange {
  threadId: string;
  attachmentType: string;
  identityKey: string;
  attachmentId: string;
  operation: "created" | "deleted";
}

function changeOf(stored: StoredAttachment, operation: AttachmentChange["operation"]): AttachmentChange {
  return { threadId: stored.threadId, attachmentType: stored.attachmentType, identityKey: stored.identityKey, attachmentId: stored.id, operation };
}

/** Adds the attachment, or finds the one the thread already has with that type and identity (its payload unchanged). */
export function addAttachment(
  threads: ThreadManager,
  params: { threadId: string; attachmentType: string; identityKey: string; payload: JsonValue },
): { attachment: ThreadAttachment; outcome: "created" | "existing"; change: AttachmentChange | null } {
  const threadId = threadIdOf(params.threadId);
  checkIdentity(params.attachmentType, params.identityKey);
  if (Buffer.byteLength(JSON.stringify(params.payload)) > MAX_PAYLOAD_BYTES) {
    throw invalidParams(`attachment payload must not exceed ${MAX_PAYLOAD_BYTES} bytes`);
  }
  requireStoredThread(threads, threadId);
  const result = threads.store.attachments.add(MAX_ATTACHMENTS_PER_THREAD, {
    id: newId(),
    threadId,
    attachmentType: params.attachmentType,
    identityKey: params.identityKey,
    payload: params.payload,
    createdAt: Math.floor(Date.now() / 1000),
  });
  if (result === "full") throw invalidParams(`thread attachment identity count exceeds ${MAX_ATTACHMENTS_PER_THREAD}`);
  return {
    attachment: wireAttachment(result.attachment),
    outcome: result.created ? "created" : "existing",
    change: result.created ? changeOf(result.attachment, "created") : null,
  };
}

/** Removes the attachment if the thread has it; the change to announce, or null when there was none. */
export function removeAttachment(
  threads: ThreadManager,
  params: { threadId: string; attachmentType: string; identityKey: string },
): AttachmentChange | null {
  const threadId = threadIdOf(params.threadId);
  checkIdentity(params.attachmentType, params.identityKey);
  requireStoredThread(threads, threadId);
  const removed = threads.store.attachments.remove(threadId, params.attachmentType, params.identityKey);
  return removed ? changeOf(removed, "deleted") : null;
}

/** A thread's attachments, oldest first; cursors read `threadId|createdAt|attachmentId` as the reference's do. */
export function listAttachments(
  threads: ThreadManager,
  params: { threadId: string; cursor?: string | null; limit?: number | null },
): { data: ThreadAttachment[]; nextCursor: string | null } {
  const threadId = threadIdOf(params.threadId);
  let after: { createdAt: number; id: string } | null = null;
  if (typeof params.cursor === "string") {
    const [cursorThread, createdAt, id, ...rest] = params.cursor.split("|");
    const parsedId = parseUuid(id ?? "");
    if (rest.length > 0 || cursorThread !== threadId || !/^\d+$/.test(createdAt ?? "") || !parsedId.ok) throw invalidCursor();
    after = { createdAt: Number(createdAt), id: parsedId.id };
  }
  const limit = pageSize(params.limit);
  const rows = threads.store.attachments.listForThread(threadId, after, limit + 1);
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows.at(-1);
  return { data: rows.map(wireAttachment), nextCursor: more && last ? `${threadId}|${last.createdAt}|${last.id}` : null };
}

interface OwnerCursor {
  attachment_type: string;
  identity_key: string;
  archived: boolean | null;
  thread_id: string;
}

/** The stored threads holding an attachment of this type and identity, in thread id order. */
export function listAttachmentOwners(
  threads: ThreadManager,
  params: { attachmentType: string; identityKey: string; archived?: boolean | null; cursor?: string | null; limit?: number | null },
): { data: ThreadAttachmentOwner[]; nextCursor: string | null } {
  checkIdentity(params.attachmentType, params.identityKey);
  const archived = params.archived ?? null;
  let afterThreadId: string | null = null;
  if (typeof params.cursor === "string") {
    let cursor: Partial<OwnerCursor>;
    try {
      cursor = JSON.parse(params.cursor) as Partial<OwnerCursor>;
    } catch {
      throw invalidCursor();
    }
    const sameQuery =
      cursor !== null &&
      typeof cursor === "object" &&
      cursor.attachment_type === params.attachmentType &&
      cursor.identity_key === params.identityKey &&
      cursor.archived === archived &&
      typeof cursor.thread_id === "string";
    if (!sameQuery) throw invalidCursor();
    afterThreadId = cursor.thread_id!;
  }
  const limit = pageSize(params.limit);
  const rows = threads.store.attachments.owners(params.attachmentType, params.identityKey, archived, afterThreadId, limit + 1);
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows.at(-1);
  const next: OwnerCursor | null = more && last
    ? { attachment_type: params.attachmentType, identity_key: params.identityKey, archived, thread_id: last.threadId }
    : null;
  return { data: rows, nextCursor: next ? JSON.stringify(next) : null };
}

/** A fork takes the source's attachments with it (copies, created now); its section it does not. */
export function copyAttachments(threads: ThreadManager, fromThreadId: string, toThreadId: string): void {
  threads.store.attachments.copyAll(fromThreadId, toThreadId, newId, Math.floor(Date.now() / 1000));
}
