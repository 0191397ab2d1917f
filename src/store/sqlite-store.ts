import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Database from "better-sqlite3";
import type { JsonValue } from "../protocol/common.js";
import type { ThreadItem } from "../protocol/item.js";
import type { ThreadReadState } from "../protocol/thread.js";
import type { TurnError, TurnStatus } from "../protocol/turn.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { StatementCache } from "./statement-cache.js";
import { KeptHistory, type WireItemRow } from "./kept-history.js";
import type { ContextBase, ExportedHistory, ExportedItem, SeqPageQuery, StoredItem, StoredTurn, ThreadHistory, WireItem } from "./history.js";
import { migrate } from "./migrations.js";
import { RawJson } from "../util/raw-json.js";
import { patternRedactor, redactStrings, type TextRedactor } from "../util/secrets.js";
import type { ItemRecord, ThreadListQuery, ThreadRecord, TurnRecord } from "./types.js";
import { ThreadAttachmentStore } from "./thread-attachments.js";
import { ThreadSectionStore } from "./thread-sections.js";
import { ThreadQueueStore } from "./thread-queue.js";

export type HistoryMode = "legacy" | "paginated";

/** A thread row: the record plus what the store keeps beside it. */
export interface StoredThread {
  record: ThreadRecord;
  historyMode: HistoryMode;
  readState: ThreadReadState;
  /** The context settings the model last saw (opaque here: core's `TurnContextSettings`); null before the first turn sent them. */
  contextSettings?: JsonValue | null;
}

export type ThreadSortColumn = ThreadListQuery["sortKey"];

export interface ListThreadsQuery extends ThreadListQuery {
  /** Source kinds to include (`ThreadSourceKind` values); null = all. */
  sourceKinds: string[] | null;
  /** Only sub-agents spawned by this thread. */
  parentThreadId?: string | null;
  /** Only sub-agents below this thread, at any depth (not the thread itself). */
  ancestorThreadId?: string | null;
}

export interface ListThreadsPage {
  rows: StoredThread[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}

const requireModule = createRequire(import.meta.url);
let sqliteAddonPath: string | null | undefined;

/**
 * Where better-sqlite3's build puts its native addon. Left to itself the
 * package finds it with `bindings`, which probes a dozen paths from a captured
 * stack trace: 10-15 ms of the first store's open, which a client listing
 * threads right after `initialize` waits for. Null (the package searches as
 * usual) when the addon is not there.
 */
function sqliteNativeBinding(): string | null {
  if (sqliteAddonPath === undefined) {
    try {
      sqliteAddonPath = requireModule.resolve("better-sqlite3/build/Release/better_sqlite3.node");
    } catch {
      sqliteAddonPath = null;
    }
  }
  return sqliteAddonPath;
}

/** Where the thread database lives under CODEX_HOME. */
export function stateDbPath(codexHome: string): string {
  return path.join(codexHome, "agent-app-server", "state.sqlite");
}

/** `Thread.source` → `ThreadSourceKind`, the value `thread/list`'s `sourceKinds` filters on. */
export function sourceKindOf(source: unknown): string {
  if (typeof source === "string") {
    return ["cli", "vscode", "exec", "appServer"].includes(source) ? source : "unknown";
  }
  if (source && typeof source === "object" && "subAgent" in source) {
    const sub = (source as { subAgent: unknown }).subAgent;
    if (sub === "review") return "subAgentReview";
    if (sub === "compact") return "subAgentCompact";
    if (sub && typeof sub === "object" && "thread_spawn" in sub) return "subAgentThreadSpawn";
    return "subAgentOther";
  }
  return "unknown";
}

const SORT_COLUMNS: Record<ThreadSortColumn, string> = {
  created_at: "created_at",
  updated_at: "updated_at",
  recency_at: "recency_at",
};

interface ThreadRow {
  id: string;
  created_at: number;
  updated_at: number;
  recency_at: number;
  archived: number;
  name: string | null;
  preview: string;
  cwd: string;
  model_provider: string;
  model: string | null;
  reasoning_effort: string | null;
  source: string;
  originator: string | null;
  thread_source: string | null;
  forked_from_id: string | null;
  git_info: string | null;
  cli_version: string;
  settings: string;
  token_usage: string | null;
  history_mode: string;
  read_first_unread: string | null;
  read_revision: string;
  context_settings: string | null;
}

interface TurnRow {
  seq: number;
  id: string;
  thread_id: string;
  root_turn_id: string | null;
  status: string;
  error: string | null;
  started_at: number | null;
  completed_at: number | null;
  duration_ms: number | null;
}

interface ItemRow {
  seq: number;
  turn_id: string;
  item: string;
  started_at_ms: number | null;
  completed_at_ms: number | null;
}

const THREAD_COLUMNS = `id, created_at, updated_at, recency_at, archived, name, preview, cwd, model_provider, model,
  reasoning_effort, source, originator, thread_source, forked_from_id, git_info, cli_version, settings, token_usage,
  history_mode, read_first_unread, read_revision, context_settings`;
const TURN_COLUMNS = "seq, id, thread_id, root_turn_id, status, error, started_at, completed_at, duration_ms";
const ITEM_COLUMNS = "seq, turn_id, item, started_at_ms, completed_at_ms";

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parse<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function rowToThread(row: ThreadRow): StoredThread {
  return {
    record: {
      id: row.id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      recencyAt: row.recency_at,
      archived: row.archived !== 0,
      name: row.name,
      preview: row.preview,
      cwd: row.cwd,
      modelProvider: row.model_provider,
      model: row.model,
      reasoningEffort: row.reasoning_effort,
      source: JSON.parse(row.source) as ThreadRecord["source"],
      originator: row.originator,
      threadSource: row.thread_source,
      forkedFromId: row.forked_from_id,
      gitInfo: parse(row.git_info),
      cliVersion: row.cli_version,
      settings: JSON.parse(row.settings) as ThreadRecord["settings"],
      tokenUsage: parse(row.token_usage),
    },
    historyMode: row.history_mode === "legacy" ? "legacy" : "paginated",
    readState: { firstUnread: parse(row.read_first_unread), revision: row.read_revision },
    contextSettings: parse(row.context_settings),
  };
}

function rowToTurn(row: TurnRow): StoredTurn {
  return {
    seq: row.seq,
    id: row.id,
    threadId: row.thread_id,
    rootTurnId: row.root_turn_id,
    status: row.status as TurnStatus,
    error: parse<TurnError>(row.error),
    startedAt: row.started_at,
    completedAt: row.completed_at,
    durationMs: row.duration_ms,
  };
}

function rowToItem(row: ItemRow): StoredItem {
  return {
    seq: row.seq,
    turnId: row.turn_id,
    item: JSON.parse(row.item) as ThreadItem,
    startedAtMs: row.started_at_ms,
    completedAtMs: row.completed_at_ms,
  };
}

export interface OpenOptions {
  /** Apply migrations only up to this version (tests of the migration path). */
  migrateTo?: number;
  /** Scrubs turn error texts (they quote upstream bodies) before they are written. */
  redactor?: TextRedactor;
  /** Whether a thread is loaded: its turn list and turn summaries are then kept in memory (`KeptHistory`). */
  keepsHistory?: (threadId: string) => boolean;
}

/**
 * The durable thread store: one SQLite file (WAL, synchronous=NORMAL). Every
 * write is a synchronous prepared statement; a completed transaction survives
 * a killed process. Opening the store turns turns left `inProgress` by a
 * previous process into `interrupted`.
 */
/** The size of the parts a thread's model context is read in (characters): large enough to live outside the young generation. */
const CONTEXT_PART_CHARS = 256 * 1024;

export class SqliteStore implements ThreadHistory {
  readonly db: Database.Database;
  /** Turns found in progress at open and marked interrupted. */
  readonly recoveredTurns: number;
  private readonly statements: StatementCache;
  private readonly kept: KeptHistory;

  private readonly redactor: TextRedactor;

  constructor(
    readonly file: string,
    options: OpenOptions = {},
  ) {
    this.redactor = options.redactor ?? patternRedactor;
    this.kept = new KeptHistory(options.keepsHistory ?? (() => false));
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      chmodSync(dir, 0o700);
    } catch {
      // Not ours to change (e.g. a shared directory): keep going.
    }
    closeSync(openSync(file, "a", 0o600));
    chmodSync(file, 0o600);
    // The package's JavaScript is bundled with ours (no module resolution on the first open); its native addon loads here.
    const nativeBinding = sqliteNativeBinding();
    this.db = nativeBinding ? new Database(file, { nativeBinding }) : new Database(file);
    this.statements = new StatementCache(this.db);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = OFF");
    migrate(this.db, options.migrateTo);
    this.recoveredTurns = options.migrateTo === undefined ? this.recoverInterruptedTurns() : 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (error) {
      // Rolled back: what memory keeps may have taken writes the store no longer has.
      this.kept.clear();
      throw error;
    }
  }

  /** See `KeptHistory.version`: unchanged exactly as long as the loaded thread's history is (undefined when nothing is kept). */
  keptHistoryVersion(threadId: string): number | undefined {
    return this.kept.version(threadId);
  }

  /** Drops the turns and summaries kept for a thread (it is unloaded). */
  forgetKeptHistory(threadId: string): void {
    this.kept.forget(threadId);
  }

  private sectionStore: ThreadSectionStore | undefined;
  private attachmentStore: ThreadAttachmentStore | undefined;
  private queueStore: ThreadQueueStore | undefined;

  /** Thread sections and their members (threadSection/*, thread/section/move). */
  get sections(): ThreadSectionStore {
    return (this.sectionStore ??= new ThreadSectionStore(this.db, this.statements));
  }

  /** The user-message queue (thread/queue/*). */
  get queue(): ThreadQueueStore {
    return (this.queueStore ??= new ThreadQueueStore(this.db, this.statements));
  }

  /** Thread attachments (thread/attachment/*). */
  get attachments(): ThreadAttachmentStore {
    return (this.attachmentStore ??= new ThreadAttachmentStore(this.db, this.statements));
  }

  /** A turn still `inProgress` belongs to a process that died mid-turn: it reads as interrupted. */
  private recoverInterruptedTurns(): number {
    const lastItemMs = `(SELECT MAX(i.completed_at_ms) FROM items i WHERE i.thread_id = turns.thread_id AND i.turn_id = turns.id)`;
    return this.db
      .prepare(
        `UPDATE turns SET status = 'interrupted',
           completed_at = COALESCE(${lastItemMs} / 1000, started_at),
           duration_ms = CASE WHEN started_at IS NULL OR ${lastItemMs} IS NULL THEN NULL
                              ELSE MAX(0, ${lastItemMs} - started_at * 1000) END
         WHERE status = 'inProgress'`,
      )
      .run().changes;
  }

  // ---------------------------------------------------------------------------
  // Threads

  insertThread(thread: StoredThread): void {
    const r = thread.record;
    this.stmt(
      `INSERT INTO threads (id, created_at, updated_at, recency_at, archived, name, preview, cwd, model_provider, model,
         reasoning_effort, source, source_kind, originator, thread_source, forked_from_id, git_info, cli_version,
         settings, token_usage, history_mode, read_first_unread, read_revision)
       VALUES (@id, @created_at, @updated_at, @recency_at, @archived, @name, @preview, @cwd, @model_provider, @model,
         @reasoning_effort, @source, @source_kind, @originator, @thread_source, @forked_from_id, @git_info, @cli_version,
         @settings, @token_usage, @history_mode, @read_first_unread, @read_revision)`,
    ).run({
      ...this.mutableColumns(r),
      id: r.id,
      created_at: r.createdAt,
      source: JSON.stringify(r.source),
      source_kind: sourceKindOf(r.source),
      originator: r.originator,
      thread_source: r.threadSource,
      forked_from_id: r.forkedFromId,
      cli_version: r.cliVersion,
      history_mode: thread.historyMode,
      read_first_unread: json(thread.readState.firstUnread),
      read_revision: thread.readState.revision,
    });
  }

  private mutableColumns(r: ThreadRecord) {
    return {
      updated_at: r.updatedAt,
      recency_at: r.recencyAt ?? r.updatedAt,
      archived: r.archived ? 1 : 0,
      name: r.name,
      preview: r.preview,
      cwd: r.cwd,
      model_provider: r.modelProvider,
      model: r.model,
      reasoning_effort: r.reasoningEffort,
      git_info: json(r.gitInfo),
      settings: JSON.stringify(r.settings),
      token_usage: json(r.tokenUsage),
    };
  }

  /** Writes the record's mutable fields (timestamps, name, preview, settings, usage, archived, git info). */
  updateThread(record: ThreadRecord): void {
    this.stmt(
      `UPDATE threads SET updated_at = @updated_at, recency_at = @recency_at, archived = @archived, name = @name,
         preview = @preview, cwd = @cwd, model_provider = @model_provider, model = @model,
         reasoning_effort = @reasoning_effort, git_info = @git_info, settings = @settings, token_usage = @token_usage
       WHERE id = @id`,
    ).run({ ...this.mutableColumns(record), id: record.id });
  }

  /** The thread's goal (thread/goal/*, the model's goal tools), as stored; null when it has none. */
  goal(threadId: string): unknown {
    const text = this.stmt("SELECT goal FROM threads WHERE id = ?").pluck().get(threadId) as string | null | undefined;
    return text ? (JSON.parse(text) as unknown) : null;
  }

  updateGoal(threadId: string, goal: unknown): void {
    this.stmt("UPDATE threads SET goal = ? WHERE id = ?").run(goal === null ? null : json(goal), threadId);
  }

  /** Items injected by thread/inject_items that no recorded item carries yet (they precede the next one's context). */
  injectedContext(threadId: string): JsonValue[] {
    const text = this.stmt("SELECT injected_context FROM threads WHERE id = ?").pluck().get(threadId) as string | null | undefined;
    return text ? (JSON.parse(text) as JsonValue[]) : [];
  }

  updateInjectedContext(threadId: string, items: readonly JsonValue[]): void {
    this.stmt("UPDATE threads SET injected_context = ? WHERE id = ?").run(items.length > 0 ? JSON.stringify(items) : null, threadId);
  }

  updateContextSettings(threadId: string, settings: JsonValue | null): void {
    this.stmt("UPDATE threads SET context_settings = ? WHERE id = ?").run(json(settings), threadId);
  }

  updateTokenUsage(threadId: string, usage: unknown): void {
    this.stmt("UPDATE threads SET token_usage = ? WHERE id = ?").run(json(usage), threadId);
  }

  updateReadState(threadId: string, readState: ThreadReadState): void {
    this.stmt("UPDATE threads SET read_first_unread = ?, read_revision = ? WHERE id = ?").run(
      json(readState.firstUnread),
      readState.revision,
      threadId,
    );
  }

  setArchived(threadId: string, archived: boolean): boolean {
    return this.stmt("UPDATE threads SET archived = ? WHERE id = ?").run(archived ? 1 : 0, threadId).changes > 0;
  }

  getThread(id: string): StoredThread | undefined {
    const row = this.stmt(`SELECT ${THREAD_COLUMNS} FROM threads WHERE id = ?`).get(id) as ThreadRow | undefined;
    return row ? rowToThread(row) : undefined;
  }

  hasThread(id: string): boolean {
    return this.stmt("SELECT 1 FROM threads WHERE id = ?").get(id) !== undefined;
  }

  deleteThread(id: string): boolean {
    this.kept.forget(id);
    return this.transaction(() => {
      this.stmt("DELETE FROM items WHERE thread_id = ?").run(id);
      this.stmt("DELETE FROM turns WHERE thread_id = ?").run(id);
      this.queue.removeThread(id);
      return this.stmt("DELETE FROM threads WHERE id = ?").run(id).changes > 0;
    });
  }

  /** Keyset-paginated listing; cursors encode (sort value, id). */
  listThreads(query: ListThreadsQuery): ListThreadsPage {
    const column = SORT_COLUMNS[query.sortKey];
    const desc = query.direction === "desc";
    const where: string[] = ["archived = ?"];
    const params: unknown[] = [query.archived ? 1 : 0];
    const inList = (col: string, values: readonly string[] | null) => {
      if (!values) return;
      where.push(`${col} IN (${values.map(() => "?").join(", ")})`);
      params.push(...values);
    };
    inList("source_kind", query.sourceKinds);
    if (query.parentThreadId) {
      where.push("json_extract(source, '$.subAgent.thread_spawn.parent_thread_id') = ?");
      params.push(query.parentThreadId);
    }
    if (query.ancestorThreadId) {
      // The parent links form a tree: walk it down from the ancestor.
      where.push(`id IN (WITH RECURSIVE below(id) AS (
        SELECT id FROM threads WHERE json_extract(source, '$.subAgent.thread_spawn.parent_thread_id') = ?
        UNION SELECT t.id FROM threads t JOIN below b ON json_extract(t.source, '$.subAgent.thread_spawn.parent_thread_id') = b.id
      ) SELECT id FROM below)`);
      params.push(query.ancestorThreadId);
    }
    inList("model_provider", query.modelProviders);
    inList("cwd", query.cwds);
    if (query.searchTerm) {
      where.push("(instr(name, ?) > 0 OR instr(preview, ?) > 0)");
      params.push(query.searchTerm, query.searchTerm);
    }
    if (query.excludedIds && query.excludedIds.length > 0) {
      where.push(`id NOT IN (${query.excludedIds.map(() => "?").join(", ")})`);
      params.push(...query.excludedIds);
    }
    if (query.cursor !== null) {
      const cursor = decodeCursor(query.cursor, query.sortKey);
      const op = desc ? (cursor.inclusive ? "<=" : "<") : cursor.inclusive ? ">=" : ">";
      where.push(`(${column}, id) ${op} (?, ?)`);
      params.push(cursor.value, cursor.id);
    }
    const order = desc ? "DESC" : "ASC";
    const sql = `SELECT ${THREAD_COLUMNS} FROM threads WHERE ${where.join(" AND ")} ORDER BY ${column} ${order}, id ${order} LIMIT ?`;
    const rows = this.stmt(sql).all(...params, query.limit + 1) as ThreadRow[];
    const more = rows.length > query.limit;
    if (more) rows.length = query.limit;
    const sortValue = (row: ThreadRow) => row[column as "created_at" | "updated_at" | "recency_at"];
    const last = rows.at(-1);
    const first = rows[0];
    return {
      rows: rows.map(rowToThread),
      nextCursor:
        more && last ? encodeCursor({ kind: query.sortKey, value: sortValue(last), id: last.id, inclusive: false }) : null,
      backwardsCursor: first
        ? encodeCursor({ kind: query.sortKey, value: sortValue(first), id: first.id, inclusive: true })
        : null,
    };
  }

  // ---------------------------------------------------------------------------
  // Turns and items (ThreadHistory)

  insertTurn(threadId: string, turn: TurnRecord): void {
    const params = this.turnParams(threadId, turn);
    const seq = this.stmt(
      `INSERT INTO turns (thread_id, seq, id, root_turn_id, status, error, started_at, completed_at, duration_ms)
       VALUES (@thread_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE thread_id = @thread_id), @id,
         @root_turn_id, @status, @error, @started_at, @completed_at, @duration_ms)
       RETURNING seq`,
    )
      .pluck()
      .get(params) as number;
    // Kept as a read would return it (the stored, redacted error).
    this.kept.turnInserted(rowToTurn({ ...params, seq }));
  }

  updateTurn(threadId: string, turn: TurnRecord): void {
    const params = this.turnParams(threadId, turn);
    this.stmt(
      `UPDATE turns SET root_turn_id = @root_turn_id, status = @status, error = @error, started_at = @started_at,
         completed_at = @completed_at, duration_ms = @duration_ms
       WHERE thread_id = @thread_id AND id = @id`,
    ).run(params);
    const { seq: _, ...updated } = rowToTurn({ ...params, seq: 0 });
    this.kept.turnUpdated(updated);
  }

  private turnParams(threadId: string, turn: TurnRecord) {
    return {
      thread_id: threadId,
      id: turn.id,
      root_turn_id: turn.rootTurnId,
      status: turn.status,
      error: json(turn.error === null ? null : redactStrings(turn.error, this.redactor)),
      started_at: turn.startedAt,
      completed_at: turn.completedAt,
      duration_ms: turn.durationMs,
    };
  }

  /** `contextText`: the record's context as JSON, when the caller has it already (null when empty). */
  insertItem(record: ItemRecord, contextText: string | null = record.context.length > 0 ? JSON.stringify(record.context) : null): void {
    const text = JSON.stringify(record.item);
    const seq = this.stmt(
      `INSERT INTO items (thread_id, seq, turn_id, item_id, item_type, item, context, started_at_ms, completed_at_ms)
       VALUES (@thread_id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM items WHERE thread_id = @thread_id), @turn_id,
         @item_id, @item_type, @item, @context, @started_at_ms, @completed_at_ms)
       RETURNING seq`,
    )
      .pluck()
      .get({
        thread_id: record.threadId,
        turn_id: record.turnId,
        item_id: record.item.id,
        item_type: record.item.type,
        item: text,
        context: contextText,
        started_at_ms: record.item.startedAtMs ?? null,
        completed_at_ms: record.item.completedAtMs ?? null,
      }) as number;
    this.kept.itemInserted(record.threadId, { seq, turn_id: record.turnId, item_type: record.item.type, item: text });
  }

  updateItem(threadId: string, turnId: string, item: ThreadItem): boolean {
    const seq = this.itemSeq(threadId, turnId, item.id);
    if (seq === undefined) return false;
    const text = JSON.stringify(item);
    this.stmt("UPDATE items SET item = ?, completed_at_ms = ? WHERE thread_id = ? AND seq = ?").run(
      text,
      item.completedAtMs ?? null,
      threadId,
      seq,
    );
    this.kept.itemUpdated(threadId, turnId, seq, text);
    return true;
  }

  turnCount(threadId: string): number {
    return (
      this.kept.turnCount(threadId) ??
      (this.stmt("SELECT COUNT(*) FROM turns WHERE thread_id = ?").pluck().get(threadId) as number) ??
      0
    );
  }

  /** Every turn of a thread, in seq order (what a loaded thread keeps). */
  private allTurns(threadId: string): StoredTurn[] {
    return (this.stmt(`SELECT ${TURN_COLUMNS} FROM turns WHERE thread_id = ? ORDER BY seq`).all(threadId) as TurnRow[]).map(rowToTurn);
  }

  getTurn(threadId: string, turnId: string): StoredTurn | undefined {
    const kept = this.kept.turn(threadId, turnId, () => this.allTurns(threadId));
    if (kept.found) return kept.turn;
    const row = this.stmt(`SELECT ${TURN_COLUMNS} FROM turns WHERE thread_id = ? AND id = ?`).get(threadId, turnId) as
      | TurnRow
      | undefined;
    return row ? rowToTurn(row) : undefined;
  }

  private seqPage(table: "turns" | "items", columns: string, extraWhere: string, query: SeqPageQuery) {
    const desc = query.direction === "desc";
    let where = `thread_id = ?${extraWhere}`;
    if (query.after) {
      where += ` AND seq ${desc ? "<" : ">"}${query.after.inclusive ? "=" : ""} ?`;
    }
    return this.stmt(`SELECT ${columns} FROM ${table} WHERE ${where} ORDER BY seq ${desc ? "DESC" : "ASC"} LIMIT ?`);
  }

  pageTurns(threadId: string, query: SeqPageQuery): StoredTurn[] {
    const kept = this.kept.pageTurns(threadId, query, () => this.allTurns(threadId));
    if (kept !== undefined) return kept;
    const params: unknown[] = [threadId];
    if (query.after) params.push(query.after.seq);
    const rows = this.seqPage("turns", TURN_COLUMNS, "", query).all(...params, query.limit) as TurnRow[];
    return rows.map(rowToTurn);
  }

  itemsOfTurns(threadId: string, turnIds: readonly string[] | null): StoredItem[] {
    if (turnIds === null) {
      return (this.stmt(`SELECT ${ITEM_COLUMNS} FROM items WHERE thread_id = ? ORDER BY seq`).all(threadId) as ItemRow[]).map(
        rowToItem,
      );
    }
    if (turnIds.length === 0) return [];
    const rows = this.stmt(
      // Without the hint SQLite walks every item of the thread in seq order (the primary key) to skip the sort.
      `SELECT ${ITEM_COLUMNS} FROM items INDEXED BY items_by_turn
       WHERE thread_id = ? AND turn_id IN (${turnIds.map(() => "?").join(", ")}) ORDER BY seq`,
    ).all(threadId, ...turnIds) as ItemRow[];
    return rows.map(rowToItem);
  }

  wireItemsOfTurns(threadId: string, turnIds: readonly string[] | null): WireItem[] {
    let rows: WireItemRow[];
    if (turnIds === null) {
      rows = this.stmt("SELECT seq, turn_id, item_type, item FROM items WHERE thread_id = ? ORDER BY seq").all(threadId) as WireItemRow[];
    } else if (turnIds.length === 0) {
      rows = [];
    } else {
      rows = this.itemRowsOfTurns(threadId, turnIds);
      // A loaded thread's full read (a resume, thread/read) leaves its turn summaries kept on the way.
      this.kept.keepSummaries(threadId, turnIds, rows);
    }
    return rows.map((row) => ({ turnId: row.turn_id, type: row.item_type as ThreadItem["type"], item: new RawJson(row.item) }));
  }

  wireSummaryItemsOfTurns(threadId: string, turnIds: readonly string[]): WireItem[] {
    const { items, missing } = this.kept.summaries(threadId, turnIds);
    if (missing.length === 0) return items;
    return [...items, ...this.kept.summarizeAndKeep(threadId, missing, this.itemRowsOfTurns(threadId, missing))];
  }

  /**
   * The items of some turns, in seq order. A page of turns owns a run of
   * consecutive seqs (items are appended as their turns run), so the run is
   * found in the turn index and then read as one range of the primary key:
   * about half the cost of fetching each item through the index. Items of
   * other turns inside the run are left out; when the run is much longer
   * than the items it holds, the items are fetched through the index.
   */
  private itemRowsOfTurns(threadId: string, turnIds: readonly string[]): WireItemRow[] {
    const placeholders = turnIds.map(() => "?").join(", ");
    const span = this.stmt(
      `SELECT MIN(seq) AS first, MAX(seq) AS last, COUNT(*) AS count FROM items INDEXED BY items_by_turn
       WHERE thread_id = ? AND turn_id IN (${placeholders})`,
    ).get(threadId, ...turnIds) as { first: number | null; last: number | null; count: number };
    if (span.count === 0 || span.first === null || span.last === null) return [];
    const runLength = span.last - span.first + 1;
    if (runLength > span.count * 2 + 64) {
      return this.stmt(
        `SELECT seq, turn_id, item_type, item FROM items INDEXED BY items_by_turn
         WHERE thread_id = ? AND turn_id IN (${placeholders}) ORDER BY seq`,
      ).all(threadId, ...turnIds) as WireItemRow[];
    }
    const rows = this.stmt("SELECT seq, turn_id, item_type, item FROM items WHERE thread_id = ? AND seq BETWEEN ? AND ? ORDER BY seq").all(
      threadId,
      span.first,
      span.last,
    ) as WireItemRow[];
    if (rows.length === span.count) return rows;
    const wanted = new Set(turnIds);
    return rows.filter((row) => wanted.has(row.turn_id));
  }

  pageItems(threadId: string, turnId: string | null, query: SeqPageQuery): StoredItem[] {
    const params: unknown[] = [threadId];
    if (turnId !== null) params.push(turnId);
    if (query.after) params.push(query.after.seq);
    const rows = this.seqPage("items", ITEM_COLUMNS, turnId !== null ? " AND turn_id = ?" : "", query).all(
      ...params,
      query.limit,
    ) as ItemRow[];
    return rows.map(rowToItem);
  }

  itemSeq(threadId: string, turnId: string, itemId: string): number | undefined {
    const seq = this.stmt("SELECT MAX(seq) FROM items WHERE thread_id = ? AND turn_id = ? AND item_id = ?")
      .pluck()
      .get(threadId, turnId, itemId) as number | null | undefined;
    return seq ?? undefined;
  }

  /** The compaction base as stored (its JSON array text and the last item seq it covers), or null when there is none. */
  private contextBaseText(threadId: string): { text: string; uptoSeq: number } | null {
    const row = this.stmt("SELECT context_base, context_base_seq FROM threads WHERE id = ?").get(threadId) as
      | { context_base: string | null; context_base_seq: number }
      | undefined;
    if (!row || row.context_base === null) return null;
    return { text: row.context_base, uptoSeq: row.context_base_seq };
  }

  private contextBase(threadId: string): ContextBase | null {
    const base = this.contextBaseText(threadId);
    return base === null ? null : { items: JSON.parse(base.text) as JsonValue[], uptoSeq: base.uptoSeq };
  }

  /**
   * Rows are joined into parts of about `CONTEXT_PART_CHARS` as they are read:
   * a few large strings cost the garbage collector nothing to move, where
   * thousands of small ones held for the whole turn are copied by every
   * scavenge it makes. The brackets are cut off here, not in SQL: `substr`
   * and `length` count characters, which walks every row's text twice.
   */
  modelContextParts(threadId: string): string[] {
    const base = this.contextBaseText(threadId);
    const out: string[] = [];
    if (base !== null && base.text.length > 2) out.push(base.text.slice(1, -1));
    const rows = this.stmt(
      "SELECT context FROM items WHERE thread_id = ? AND seq > ? AND context IS NOT NULL AND context <> '[]' ORDER BY seq",
    )
      .pluck()
      .all(threadId, base?.uptoSeq ?? 0) as string[];
    let batch: string[] = [];
    let chars = 0;
    for (const text of rows) {
      batch.push(text.slice(1, -1));
      chars += text.length;
      if (chars < CONTEXT_PART_CHARS) continue;
      out.push(batch.join(","));
      batch = [];
      chars = 0;
    }
    if (batch.length > 0) out.push(batch.join(","));
    return out;
  }

  firstModelContextText(threadId: string): string | null {
    const base = this.contextBaseText(threadId);
    if (base !== null && base.text.length > 2) return base.text;
    const first = this.stmt(
      "SELECT context FROM items WHERE thread_id = ? AND seq > ? AND context IS NOT NULL AND context <> '[]' ORDER BY seq LIMIT 1",
    )
      .pluck()
      .get(threadId, base?.uptoSeq ?? 0) as string | undefined;
    return first ?? null;
  }

  modelContext(threadId: string): JsonValue[] {
    const base = this.contextBase(threadId);
    const out: JsonValue[] = base ? base.items : [];
    const contexts = this.stmt(
      "SELECT context FROM items WHERE thread_id = ? AND seq > ? AND context IS NOT NULL ORDER BY seq",
    )
      .pluck()
      .all(threadId, base?.uptoSeq ?? 0) as string[];
    for (const text of contexts) out.push(...(JSON.parse(text) as JsonValue[]));
    return out;
  }

  replaceModelContext(threadId: string, items: JsonValue[]): void {
    this.stmt(
      `UPDATE threads SET context_base = ?,
         context_base_seq = (SELECT COALESCE(MAX(seq), 0) FROM items WHERE thread_id = ?)
       WHERE id = ?`,
    ).run(JSON.stringify(items), threadId, threadId);
  }

  dropTurnsFrom(threadId: string, turnSeq: number): void {
    this.kept.forget(threadId);
    this.transaction(() => {
      this.stmt(
        "DELETE FROM items WHERE thread_id = ? AND turn_id IN (SELECT id FROM turns WHERE thread_id = ? AND seq >= ?)",
      ).run(threadId, threadId, turnSeq);
      this.stmt("DELETE FROM turns WHERE thread_id = ? AND seq >= ?").run(threadId, turnSeq);
      this.stmt(
        `UPDATE threads SET context_base = NULL, context_base_seq = 0
         WHERE id = ? AND context_base_seq > (SELECT COALESCE(MAX(seq), 0) FROM items WHERE thread_id = ?)`,
      ).run(threadId, threadId);
    });
  }

  exportHistory(threadId: string): ExportedHistory {
    const turns = (this.stmt(`SELECT ${TURN_COLUMNS} FROM turns WHERE thread_id = ? ORDER BY seq`).all(threadId) as TurnRow[]).map(
      rowToTurn,
    );
    const items = (
      this.stmt(`SELECT ${ITEM_COLUMNS}, context FROM items WHERE thread_id = ? ORDER BY seq`).all(threadId) as (ItemRow & {
        context: string | null;
      })[]
    ).map((row): ExportedItem => ({ ...rowToItem(row), context: row.context === null ? [] : (JSON.parse(row.context) as JsonValue[]) }));
    return { turns, items, contextBase: this.contextBase(threadId) };
  }

  importHistory(threadId: string, history: ExportedHistory): void {
    this.kept.forget(threadId);
    this.transaction(() => {
      const insertTurn = this.stmt(
        `INSERT INTO turns (thread_id, seq, id, root_turn_id, status, error, started_at, completed_at, duration_ms)
         VALUES (@thread_id, @seq, @id, @root_turn_id, @status, @error, @started_at, @completed_at, @duration_ms)`,
      );
      for (const turn of history.turns) insertTurn.run({ ...this.turnParams(threadId, turn), seq: turn.seq });
      const insertItem = this.stmt(
        `INSERT INTO items (thread_id, seq, turn_id, item_id, item_type, item, context, started_at_ms, completed_at_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const item of history.items) {
        insertItem.run(
          threadId,
          item.seq,
          item.turnId,
          item.item.id,
          item.item.type,
          JSON.stringify(item.item),
          item.context.length > 0 ? JSON.stringify(item.context) : null,
          item.startedAtMs,
          item.completedAtMs,
        );
      }
      if (history.contextBase) {
        this.stmt("UPDATE threads SET context_base = ?, context_base_seq = ? WHERE id = ?").run(
          JSON.stringify(history.contextBase.items),
          history.contextBase.uptoSeq,
          threadId,
        );
      }
    });
  }
}
