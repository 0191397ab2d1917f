import type Database from "better-sqlite3";
import type { StatementCache } from "./statement-cache.js";
import type { JsonValue } from "../protocol/common.js";

export interface StoredAttachment {
  id: string;
  threadId: string;
  attachmentType: string;
  identityKey: string;
  payload: JsonValue;
  /** Unix seconds. */
  createdAt: number;
}

export interface AttachmentOwnerRow {
  threadId: string;
  archived: boolean;
}

interface AttachmentRow {
  id: string;
  thread_id: string;
  attachment_type: string;
  identity_key: string;
  payload: string;
  created_at: number;
}

function rowToAttachment(row: AttachmentRow): StoredAttachment {
  return {
    id: row.id,
    threadId: row.thread_id,
    attachmentType: row.attachment_type,
    identityKey: row.identity_key,
    payload: JSON.parse(row.payload) as JsonValue,
    createdAt: row.created_at,
  };
}

const COLUMNS = "id, thread_id, attachment_type, identity_key, payload, created_at";

/**
 * Thread attachments (table of migration v6): at most one per thread, type
 * and identity key. Listed per thread in creation order, and by identity
 * across threads (their owners, with the owner's archived flag).
 */
export class ThreadAttachmentStore {
  constructor(
    private readonly db: Database.Database,
    /** The connection's statements, shared with the thread store. */
    private readonly statements: StatementCache,
  ) {}

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  find(threadId: string, attachmentType: string, identityKey: string): StoredAttachment | undefined {
    const row = this.stmt(`SELECT ${COLUMNS} FROM thread_attachments WHERE thread_id = ? AND attachment_type = ? AND identity_key = ?`).get(
      threadId,
      attachmentType,
      identityKey,
    ) as AttachmentRow | undefined;
    return row ? rowToAttachment(row) : undefined;
  }

  /**
   * Stores `attachment` unless the thread already has one of that type and
   * identity, which is returned instead; "full" when the thread already holds
   * `maxPerThread` attachments.
   */
  add(maxPerThread: number, attachment: StoredAttachment): { attachment: StoredAttachment; created: boolean } | "full" {
    return this.db.transaction(() => {
      const existing = this.find(attachment.threadId, attachment.attachmentType, attachment.identityKey);
      if (existing) return { attachment: existing, created: false };
      const count = this.stmt("SELECT COUNT(*) FROM thread_attachments WHERE thread_id = ?").pluck().get(attachment.threadId) as number;
      if (count >= maxPerThread) return "full" as const;
      this.stmt(`INSERT INTO thread_attachments (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
        attachment.id,
        attachment.threadId,
        attachment.attachmentType,
        attachment.identityKey,
        JSON.stringify(attachment.payload),
        attachment.createdAt,
      );
      return { attachment, created: true };
    })();
  }

  /** Removes the attachment and returns it; undefined when there was none. */
  remove(threadId: string, attachmentType: string, identityKey: string): StoredAttachment | undefined {
    return this.db.transaction(() => {
      const existing = this.find(threadId, attachmentType, identityKey);
      if (existing) this.stmt("DELETE FROM thread_attachments WHERE id = ?").run(existing.id);
      return existing;
    })();
  }

  /** Drops every attachment of a deleted thread. */
  removeAllForThread(threadId: string): void {
    this.stmt("DELETE FROM thread_attachments WHERE thread_id = ?").run(threadId);
  }

  /** Gives `toThreadId` a copy of each attachment of `fromThreadId` (new ids, created now), in creation order. */
  copyAll(fromThreadId: string, toThreadId: string, newId: () => string, createdAt: number): void {
    this.db.transaction(() => {
      for (const attachment of this.listForThread(fromThreadId, null, -1)) {
        this.add(Number.MAX_SAFE_INTEGER, { ...attachment, id: newId(), threadId: toThreadId, createdAt });
      }
    })();
  }

  /** A thread's attachments in (createdAt, id) order, after the given anchor. */
  listForThread(threadId: string, after: { createdAt: number; id: string } | null, limit: number): StoredAttachment[] {
    const rows = (
      after === null
        ? this.stmt(`SELECT ${COLUMNS} FROM thread_attachments WHERE thread_id = ? ORDER BY created_at, id LIMIT ?`).all(threadId, limit)
        : this.stmt(
            `SELECT ${COLUMNS} FROM thread_attachments WHERE thread_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`,
          ).all(threadId, after.createdAt, after.id, limit)
    ) as AttachmentRow[];
    return rows.map(rowToAttachment);
  }

  /**
   * Stored threads holding an attachment of this type and identity, in thread id
   * order after `afterThreadId`; `archived` null lists both kinds.
   */
  owners(attachmentType: string, identityKey: string, archived: boolean | null, afterThreadId: string | null, limit: number): AttachmentOwnerRow[] {
    const rows = this.stmt(
      `SELECT a.thread_id AS thread_id, t.archived AS archived
       FROM thread_attachments a JOIN threads t ON t.id = a.thread_id
       WHERE a.attachment_type = ? AND a.identity_key = ? AND (? IS NULL OR t.archived = ?) AND (? IS NULL OR a.thread_id > ?)
       ORDER BY a.thread_id LIMIT ?`,
    ).all(
      attachmentType,
      identityKey,
      archived === null ? null : 1,
      archived ? 1 : 0,
      afterThreadId,
      afterThreadId,
      limit,
    ) as { thread_id: string; archived: number }[];
    return rows.map((row) => ({ threadId: row.thread_id, archived: row.archived !== 0 }));
  }
}
