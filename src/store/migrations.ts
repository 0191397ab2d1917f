import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { PINNED_SECTION_ID } from "./thread-sections.js";

/**
 * Versioned schema migrations. `PRAGMA user_version` holds the number of
 * migrations applied; migration `i` (0-based) takes the database from version
 * `i` to `i + 1`. Append new migrations at the end, never edit shipped ones.
 */
export type Migration = (db: Database.Database) => void;

export const MIGRATIONS: readonly Migration[] = [
  // v1: threads, turns, items.
  (db) => {
    db.exec(`
      CREATE TABLE threads (
        id TEXT PRIMARY KEY NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        recency_at INTEGER NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0,
        name TEXT,
        preview TEXT NOT NULL DEFAULT '',
        cwd TEXT NOT NULL,
        model_provider TEXT NOT NULL,
        model TEXT,
        reasoning_effort TEXT,
        source TEXT NOT NULL,
        source_kind TEXT NOT NULL,
        originator TEXT,
        thread_source TEXT,
        forked_from_id TEXT,
        git_info TEXT,
        cli_version TEXT NOT NULL,
        settings TEXT NOT NULL,
        token_usage TEXT,
        history_mode TEXT NOT NULL DEFAULT 'paginated'
      );
      CREATE INDEX threads_by_created ON threads (archived, created_at, id);
      CREATE INDEX threads_by_updated ON threads (archived, updated_at, id);

      CREATE TABLE turns (
        thread_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        root_turn_id TEXT,
        status TEXT NOT NULL,
        error TEXT,
        started_at INTEGER,
        completed_at INTEGER,
        duration_ms INTEGER,
        PRIMARY KEY (thread_id, seq)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX turns_by_id ON turns (thread_id, id);
      CREATE INDEX turns_in_progress ON turns (status) WHERE status = 'inProgress';

      CREATE TABLE items (
        thread_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        turn_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        item_type TEXT NOT NULL,
        item TEXT NOT NULL,
        context TEXT,
        started_at_ms INTEGER,
        completed_at_ms INTEGER,
        PRIMARY KEY (thread_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX items_by_turn ON items (thread_id, turn_id, seq);
    `);
  },
  // v2: read receipts, compaction checkpoints, recency ordering.
  (db) => {
    db.exec(`
      ALTER TABLE threads ADD COLUMN read_first_unread TEXT;
      ALTER TABLE threads ADD COLUMN read_revision TEXT NOT NULL DEFAULT '';
      ALTER TABLE threads ADD COLUMN context_base TEXT;
      ALTER TABLE threads ADD COLUMN context_base_seq INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX threads_by_recency ON threads (archived, recency_at, id);
    `);
    const ids = db.prepare("SELECT id FROM threads").pluck().all() as string[];
    const setRevision = db.prepare("UPDATE threads SET read_revision = ? WHERE id = ?");
    for (const id of ids) setRevision.run(randomUUID(), id);
  },
  // v3: thread goals; Responses items injected by thread/inject_items and not yet stored with an item.
  (db) => {
    db.exec(`
      ALTER TABLE threads ADD COLUMN goal TEXT;
      ALTER TABLE threads ADD COLUMN injected_context TEXT;
    `);
  },
  // v4: the context settings the model last saw, so a resumed thread gets context updates for what changed since.
  (db) => {
    db.exec("ALTER TABLE threads ADD COLUMN context_settings TEXT;");
  },
  // v5: finished externalAgentConfig imports (externalAgentConfig/import/readHistories).
  (db) => {
    db.exec(`
      CREATE TABLE external_agent_config_imports (
        import_id TEXT PRIMARY KEY,
        provider_id TEXT,
        completed_at_ms INTEGER NOT NULL,
        successes TEXT NOT NULL,
        failures TEXT NOT NULL
      );
    `);
  },
  // v6: sidebar sections (with the built-in Pinned one) and their threads; attachments clients file on threads.
  (db) => {
    db.exec(`
      CREATE TABLE thread_sections (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        appearance TEXT,
        ordinal INTEGER NOT NULL
      );
      INSERT INTO thread_sections (id, name, appearance, ordinal)
        VALUES ('${PINNED_SECTION_ID}', 'Pinned', NULL, 0);
      CREATE TABLE thread_section_members (
        thread_id TEXT PRIMARY KEY NOT NULL,
        section_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        entered_at_ms INTEGER NOT NULL
      );
      CREATE INDEX thread_section_members_by_section ON thread_section_members (section_id, position, thread_id);

      CREATE TABLE thread_attachments (
        id TEXT PRIMARY KEY NOT NULL,
        thread_id TEXT NOT NULL,
        attachment_type TEXT NOT NULL,
        identity_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (thread_id, attachment_type, identity_key)
      );
      CREATE INDEX thread_attachments_by_thread ON thread_attachments (thread_id, created_at, id);
      CREATE INDEX thread_attachments_by_identity ON thread_attachments (attachment_type, identity_key, thread_id);
    `);
  },
  // v7: the user-message queue (thread/queue/*): submissions waiting for their own turn, in dispatch order.
  (db) => {
    db.exec(`
      CREATE TABLE thread_queue (
        id TEXT PRIMARY KEY NOT NULL,
        thread_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        client_user_message_id TEXT NOT NULL,
        input TEXT NOT NULL,
        metadata TEXT,
        created_at_ms INTEGER NOT NULL
      );
      CREATE INDEX thread_queue_by_thread ON thread_queue (thread_id, position, id);
    `);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/**
 * Applies the migrations the database lacks, each in its own transaction, up
 * to `target` (default: all). A database from a newer build is refused.
 */
export function migrate(db: Database.Database, target: number = SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new Error(`thread database schema version ${current} is newer than this server supports (${SCHEMA_VERSION})`);
  }
  for (let version = current; version < target; version++) {
    db.transaction(() => {
      MIGRATIONS[version]!(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
