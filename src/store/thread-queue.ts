import type Database from "better-sqlite3";
import type { StatementCache } from "./statement-cache.js";
import type { JsonValue } from "../protocol/common.js";

/** One queued user submission as stored (input is the wire `UserInput[]`, kept as JSON). */
export interface StoredQueuedSubmission {
  id: string;
  threadId: string;
  clientUserMessageId: string;
  input: JsonValue[];
  metadata: Record<string, string> | null;
}

interface QueueRow {
  id: string;
  thread_id: string;
  client_user_message_id: string;
  input: string;
  metadata: string | null;
}

function fromRow(row: QueueRow): StoredQueuedSubmission {
  return {
    id: row.id,
    threadId: row.thread_id,
    clientUserMessageId: row.client_user_message_id,
    input: JSON.parse(row.input) as JsonValue[],
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, string>),
  };
}

/**
 * The user-message queue in the thread database (table of migration v7):
 * each thread's pending submissions, ordered by `position` (then id).
 */
export class ThreadQueueStore {
  constructor(
    private readonly db: Database.Database,
    /** The connection's statements, shared with the thread store. */
    private readonly statements: StatementCache,
  ) {}

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  /** `limit` submissions of the thread from `offset`, in dispatch order. */
  list(threadId: string, offset: number, limit: number): StoredQueuedSubmission[] {
    const rows = this.stmt(
      "SELECT id, thread_id, client_user_message_id, input, metadata FROM thread_queue WHERE thread_id = ? ORDER BY position, id LIMIT ? OFFSET ?",
    ).all(threadId, limit, offset) as QueueRow[];
    return rows.map(fromRow);
  }

  get(threadId: string, id: string): StoredQueuedSubmission | undefined {
    const row = this.stmt(
      "SELECT id, thread_id, client_user_message_id, input, metadata FROM thread_queue WHERE thread_id = ? AND id = ?",
    ).get(threadId, id) as QueueRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Appends a submission at the end of its thread's queue. */
  append(item: StoredQueuedSubmission, createdAtMs: number): void {
    const last = this.stmt("SELECT MAX(position) AS position FROM thread_queue WHERE thread_id = ?").get(item.threadId) as { position: number | null };
    this.stmt(
      "INSERT INTO thread_queue (id, thread_id, position, client_user_message_id, input, metadata, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(
      item.id,
      item.threadId,
      (last.position ?? -1) + 1,
      item.clientUserMessageId,
      JSON.stringify(item.input),
      item.metadata === null ? null : JSON.stringify(item.metadata),
      createdAtMs,
    );
  }

  /** Replaces a submission's input and metadata; false when it is not queued. */
  update(threadId: string, id: string, input: JsonValue[], metadata: Record<string, string> | null): boolean {
    return (
      this.stmt("UPDATE thread_queue SET input = ?, metadata = ? WHERE thread_id = ? AND id = ?").run(
        JSON.stringify(input),
        metadata === null ? null : JSON.stringify(metadata),
        threadId,
        id,
      ).changes > 0
    );
  }

  /** Removes one submission; false when it was not queued. */
  remove(threadId: string, id: string): boolean {
    return this.stmt("DELETE FROM thread_queue WHERE thread_id = ? AND id = ?").run(threadId, id).changes > 0;
  }

  /** Gives the listed submissions positions 0.. in the given order. */
  reorder(threadId: string, ids: readonly string[]): void {
    const set = this.stmt("UPDATE thread_queue SET position = ? WHERE thread_id = ? AND id = ?");
    this.db.transaction(() => {
      ids.forEach((id, index) => set.run(index, threadId, id));
    })();
  }

  /** Drops a thread's whole queue (the thread was deleted). */
  removeThread(threadId: string): void {
    this.stmt("DELETE FROM thread_queue WHERE thread_id = ?").run(threadId);
  }
}
