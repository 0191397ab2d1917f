import { randomUUID } from "node:crypto";
import type { JsonValue } from "../protocol/common.js";
import type { ThreadItem } from "../protocol/item.js";
import type { Thread, ThreadReadState, ThreadStatus } from "../protocol/thread.js";
import type { Turn, TurnItemsView, ThreadTokenUsage } from "../protocol/turn.js";
import type { AppServer } from "../server/app-server.js";
import { internalError, invalidRequest } from "../protocol/errors.js";
import type { Session } from "../server/session.js";
import { MemoryHistory, type StoredItem, type ThreadHistory } from "../store/history.js";
import { SqliteStore, stateDbPath, type HistoryMode, type StoredThread } from "../store/sqlite-store.js";
import type { ItemRecord, ThreadRecord, ThreadSettings, TurnRecord } from "../store/types.js";
import { LoadedThread } from "./loaded-thread.js";
import { loadProjectInstructions, type ProjectInstructions } from "./project-instructions.js";
import { parseThreadId } from "./thread-id.js";
import { unloadDelayMs } from "./thread-settings.js";

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** What the manager keeps beside each loaded thread. */
export interface ThreadEntry {
  readonly thread: LoadedThread;
  historyMode: HistoryMode;
  readState: ThreadReadState;
  /** Durable threads: the row exists in the store (written with the first turn). Always false for ephemeral ones. */
  persisted: boolean;
  /** Ephemeral threads: at least one turn was recorded. */
  hasTurns: boolean;
  runtimeWorkspaceRoots: string[];
  /** Experimental `environments` as requested at start (null: the default local environment). */
  environments: JsonValue[] | null;
  unloadTimer: NodeJS.Timeout | undefined;
  /** AGENTS.md instructions, read at start / resume / fork and again when the cwd changes. */
  instructions: ProjectInstructions | undefined;
  /** Models this thread was already warned about (not in the catalogue). */
  warnedModels: Set<string>;
}

export interface ProtocolThreadOptions {
  includeTurns?: boolean;
  /** `thread/list` rows: `canAcceptDirectInput` is null there, as in the reference. */
  listing?: boolean;
}

const MAX_PREVIEW_CHARS = 4096;

/** The first text of a user message, used as the thread's preview. */
export function userMessageText(item: ThreadItem): string | undefined {
  if (item.type !== "userMessage") return undefined;
  for (const part of item.content) {
    if (part.type === "text" && part.text.trim() !== "") return part.text.slice(0, MAX_PREVIEW_CHARS);
  }
  return undefined;
}

/**
 * Loaded threads and their persistence. The turn loop reaches threads through
 * `getLoaded` and records turns and items through the `record*` methods;
 * durable threads go to the SQLite store (synchronously, one prepared
 * statement per call), ephemeral ones stay in memory.
 */
export class ThreadManager {
  private storeInstance: SqliteStore | undefined;
  private readonly memory = new MemoryHistory();
  private readonly entries = new Map<string, ThreadEntry>();
  private readonly byThread = new WeakMap<LoadedThread, ThreadEntry>();
  private readonly watchedSessions = new WeakSet<Session>();
  private closed = false;

  constructor(private readonly server: AppServer) {}

  /** `CODEX_HOME/agent-app-server/state.sqlite`; durable threads report it as their `path`. */
  get dbPath(): string {
    return stateDbPath(this.server.codexHome);
  }

  /** The SQLite store, opened (and migrated, and crash-recovered) on first use. */
  get store(): SqliteStore {
    if (!this.storeInstance) {
      try {
        this.storeInstance = new SqliteStore(this.dbPath, { redactor: this.server.secrets });
      } catch (error) {
        this.server.logger.error({ err: error, file: this.dbPath }, "cannot open the thread database");
        throw internalError(`failed to open thread database: ${(error as Error).message}`);
      }
      if (this.storeInstance.recoveredTurns > 0) {
        this.server.logger.warn({ turns: this.storeInstance.recoveredTurns }, "marked turns cut by a previous process as interrupted");
      }
    }
    return this.storeInstance;
  }

  /** Closes the database and stops unload timers (server shutdown). */
  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) clearTimeout(entry.unloadTimer);
    this.storeInstance?.close();
  }

  // ---------------------------------------------------------------------------
  // Loaded threads

  loadedIds(): string[] {
    return [...this.entries.keys()];
  }

  entryById(id: string): ThreadEntry | undefined {
    return this.entries.get(id);
  }

  entryOf(thread: LoadedThread): ThreadEntry {
    const entry = this.byThread.get(thread);
    if (!entry) throw internalError(`thread ${thread.id} is not managed by this server`);
    return entry;
  }

  /**
   * The loaded thread for a client-supplied id. Errors as the reference:
   * `invalid thread id: …`, `thread not loaded: <id>` (stored but not in
   * memory), `thread not found: <id>`.
   */
  getLoaded(threadId: string): LoadedThread {
    const id = parseThreadId(threadId);
    const entry = this.entries.get(id);
    if (entry) return entry.thread;
    if (this.store.hasThread(id)) throw invalidRequest(`thread not loaded: ${id}`);
    throw invalidRequest(`thread not found: ${id}`);
  }

  /** Puts a thread in memory (a new one, or one loaded from the store). */
  register(
    record: ThreadRecord,
    options: {
      ephemeral: boolean;
      historyMode: HistoryMode;
      readState: ThreadReadState;
      persisted: boolean;
      hasTurns?: boolean;
      runtimeWorkspaceRoots?: string[];
      environments?: JsonValue[] | null;
    },
  ): ThreadEntry {
    const thread = new LoadedThread(record, options.ephemeral, (method, params) => this.server.broadcast(method, params));
    const entry: ThreadEntry = {
      thread,
      historyMode: options.historyMode,
      readState: options.readState,
      persisted: options.persisted,
      hasTurns: options.hasTurns ?? false,
      runtimeWorkspaceRoots: options.runtimeWorkspaceRoots ?? [record.cwd],
      environments: options.environments ?? null,
      unloadTimer: undefined,
      instructions: undefined,
      warnedModels: new Set(),
    };
    this.entries.set(record.id, entry);
    this.byThread.set(thread, entry);
    return entry;
  }

  /** Loads a stored thread into memory; undefined when the store does not know it. */
  load(id: string): ThreadEntry | undefined {
    const existing = this.entries.get(id);
    if (existing) return existing;
    const stored = this.store.getThread(id);
    if (!stored) return undefined;
    return this.register(stored.record, {
      ephemeral: false,
      historyMode: stored.historyMode,
      readState: stored.readState,
      persisted: true,
      hasTurns: true,
    });
  }

  /** Removes a thread from memory (no notifications). */
  forget(entry: ThreadEntry): void {
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = undefined;
    if (this.entries.get(entry.thread.id) === entry) this.entries.delete(entry.thread.id);
    if (entry.thread.ephemeral) this.memory.drop(entry.thread.id);
  }

  // ---------------------------------------------------------------------------
  // AGENTS.md instructions

  /** Reads the thread's instruction files now (thread/start, thread/resume, thread/fork). */
  loadInstructions(entry: ThreadEntry): ProjectInstructions {
    const settings = this.server.config.settings;
    entry.instructions = loadProjectInstructions({
      codexHome: this.server.codexHome,
      cwd: entry.thread.record.settings.cwd,
      maxBytes: settings.projectDocMaxBytes,
      fallbackFilenames: settings.projectDocFallbackFilenames,
    });
    return entry.instructions;
  }

  /** The thread's instructions as last read; read again only when its cwd changed since. */
  instructionsOf(thread: LoadedThread): ProjectInstructions {
    const entry = this.entryOf(thread);
    const cached = entry.instructions;
    return cached && cached.cwd === thread.record.settings.cwd ? cached : this.loadInstructions(entry);
  }

  // ---------------------------------------------------------------------------
  // Subscriptions and unloading

  subscribe(entry: ThreadEntry, session: Session): void {
    entry.thread.subscribe(session);
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = undefined;
    if (!this.watchedSessions.has(session)) {
      this.watchedSessions.add(session);
      session.signal.addEventListener("abort", () => this.sessionClosed(session), { once: true });
    }
  }

  /** Removes the session's subscription; returns whether it had one. */
  unsubscribe(entry: ThreadEntry, session: Session): boolean {
    if (!entry.thread.subscribers.delete(session)) return false;
    this.scheduleUnload(entry);
    return true;
  }

  /**
   * A connection went away: it is no longer subscribed to anything. A thread
   * it was the last subscriber of has its running turn interrupted (so the
   * turn's commands are killed and it ends `interrupted`): no process
   * outlives its client. `thread/unsubscribe` leaves the turn running.
   */
  sessionClosed(session: Session): void {
    for (const entry of this.entries.values()) {
      if (!entry.thread.subscribers.delete(session)) continue;
      if (entry.thread.subscribers.size === 0) this.interruptOrphanedTurn(entry);
      this.scheduleUnload(entry);
    }
  }

  private interruptOrphanedTurn(entry: ThreadEntry): void {
    const active = entry.thread.activeTurn;
    if (!active || this.closed || (active as { finishing?: boolean }).finishing === true) return;
    this.server.logger.info({ threadId: entry.thread.id, turnId: active.turnId }, "last subscriber disconnected; interrupting the running turn");
    active.interrupt().catch((error: unknown) => {
      this.server.logger.warn({ err: error, threadId: entry.thread.id, turnId: active.turnId }, "could not interrupt an orphaned turn");
    });
  }

  /** With no subscriber left, the thread is unloaded after `thread_unload_delay_secs` of inactivity. */
  scheduleUnload(entry: ThreadEntry): void {
    if (this.closed || entry.thread.subscribers.size > 0 || entry.unloadTimer) return;
    entry.unloadTimer = setTimeout(() => this.tryUnload(entry), unloadDelayMs(this.server));
    entry.unloadTimer.unref();
  }

  private tryUnload(entry: ThreadEntry): void {
    entry.unloadTimer = undefined;
    if (this.entries.get(entry.thread.id) !== entry || entry.thread.subscribers.size > 0) return;
    if (entry.thread.activeTurn || entry.thread.pendingRequests.size > 0) {
      this.scheduleUnload(entry);
      return;
    }
    this.forget(entry);
    const threadId = entry.thread.id;
    this.server.logger.debug({ threadId }, "unloading idle thread");
    this.server.broadcast("thread/status/changed", { threadId, status: { type: "notLoaded" } });
    this.server.broadcast("thread/closed", { threadId });
  }

  // ---------------------------------------------------------------------------
  // Persistence API for the turn loop

  /** Where a thread's turns and items live. */
  historyOf(entry: ThreadEntry): ThreadHistory {
    return entry.thread.ephemeral ? this.memory : this.store;
  }

  /** Whether the thread has history (the reference: a rollout exists, i.e. a first user message was sent). */
  isMaterialized(entry: ThreadEntry): boolean {
    return entry.thread.ephemeral ? entry.hasTurns : entry.persisted;
  }

  private stored(entry: ThreadEntry): StoredThread {
    return { record: entry.thread.record, historyMode: entry.historyMode, readState: entry.readState };
  }

  /** Writes a durable thread's row on its first turn (the reference materializes the rollout then). */
  private materialize(entry: ThreadEntry): void {
    if (entry.thread.ephemeral || entry.persisted) return;
    this.store.insertThread(this.stored(entry));
    entry.persisted = true;
  }

  private saveRecord(entry: ThreadEntry): void {
    if (entry.persisted) this.store.updateThread(entry.thread.record);
  }

  recordTurnStarted(thread: LoadedThread, turn: TurnRecord): void {
    const entry = this.entryOf(thread);
    const now = nowSeconds();
    thread.record.updatedAt = now;
    thread.record.recencyAt = now;
    entry.hasTurns = true;
    if (thread.ephemeral) {
      this.memory.insertTurn(thread.id, turn);
      return;
    }
    this.store.transaction(() => {
      if (entry.persisted) this.store.updateThread(thread.record);
      else this.materialize(entry);
      this.store.insertTurn(thread.id, turn);
    });
  }

  /** Records a completed item (never per delta). The first user message text becomes the preview. */
  recordItem(thread: LoadedThread, record: ItemRecord): void {
    const entry = this.entryOf(thread);
    const text = thread.record.preview === "" ? userMessageText(record.item) : undefined;
    if (text !== undefined) thread.record.preview = text;
    if (thread.ephemeral) {
      this.memory.insertItem(record);
      return;
    }
    this.store.transaction(() => {
      if (!entry.persisted) this.materialize(entry);
      else if (text !== undefined) this.store.updateThread(thread.record);
      this.store.insertItem(record);
    });
  }

  /** Records a turn's final state; bumps the thread's timestamps and its read receipt. */
  recordTurnEnded(thread: LoadedThread, turn: TurnRecord): void {
    const entry = this.entryOf(thread);
    const now = nowSeconds();
    thread.record.updatedAt = now;
    thread.record.recencyAt = now;
    if (thread.ephemeral) {
      this.memory.updateTurn(thread.id, turn);
      return;
    }
    const readState: ThreadReadState = {
      firstUnread: entry.readState.firstUnread ?? { type: "turn", turnId: turn.id },
      revision: randomUUID(),
    };
    this.store.transaction(() => {
      this.materialize(entry);
      this.store.updateTurn(thread.id, turn);
      this.store.updateThread(thread.record);
      this.store.updateReadState(thread.id, readState);
    });
    entry.readState = readState;
    this.server.broadcast("thread/readState/changed", { threadId: thread.id, readState });
  }

  /** Merges settings (turn/start overrides become the thread's defaults) and mirrors them on the record. */
  updateSettings(thread: LoadedThread, patch: Partial<ThreadSettings>): void {
    const entry = this.entryOf(thread);
    const record = thread.record;
    record.settings = { ...record.settings, ...patch };
    record.model = record.settings.model;
    record.modelProvider = record.settings.modelProvider;
    record.reasoningEffort = record.settings.reasoningEffort;
    record.cwd = record.settings.cwd;
    this.saveRecord(entry);
  }

  updateTokenUsage(thread: LoadedThread, usage: ThreadTokenUsage): void {
    const entry = this.entryOf(thread);
    thread.record.tokenUsage = usage;
    if (entry.persisted) this.store.updateTokenUsage(thread.id, usage);
  }

  /** The Responses API input items to resend: stored items' `context`, in order, after the last compaction. */
  modelContext(thread: LoadedThread): JsonValue[] {
    const entry = this.entryOf(thread);
    if (!entry.thread.ephemeral && !entry.persisted) return [];
    return this.historyOf(entry).modelContext(thread.id);
  }

  /** Compaction: `items` replace the context of everything recorded so far. */
  replaceModelContext(thread: LoadedThread, items: JsonValue[]): void {
    const entry = this.entryOf(thread);
    if (!thread.ephemeral) this.materialize(entry);
    this.historyOf(entry).replaceModelContext(thread.id, items);
  }

  /** Persists name / preview / archived / git info changes made to a loaded record. */
  saveLoadedRecord(entry: ThreadEntry): void {
    this.saveRecord(entry);
  }

  setReadState(entry: ThreadEntry, readState: ThreadReadState): void {
    entry.readState = readState;
    if (entry.persisted) this.store.updateReadState(entry.thread.id, readState);
  }

  // ---------------------------------------------------------------------------
  // Protocol shapes

  statusOf(id: string): ThreadStatus {
    return this.entries.get(id)?.thread.status() ?? { type: "notLoaded" };
  }

  /** The wire `Thread` for a loaded thread or a stored record. */
  toProtocolThread(source: LoadedThread | ThreadRecord, options: ProtocolThreadOptions = {}): Thread {
    let entry: ThreadEntry | undefined;
    let record: ThreadRecord;
    if (source instanceof LoadedThread) {
      entry = this.entryOf(source);
      record = source.record;
    } else {
      record = source;
      entry = this.entries.get(record.id);
    }
    return this.buildThread(record, entry, entry?.historyMode ?? "paginated", options);
  }

  /** `thread/list` rows come with their stored history mode. */
  toProtocolThreadFromStore(stored: StoredThread, options: ProtocolThreadOptions = {}): Thread {
    return this.buildThread(stored.record, this.entries.get(stored.record.id), stored.historyMode, options);
  }

  private buildThread(
    record: ThreadRecord,
    entry: ThreadEntry | undefined,
    historyMode: HistoryMode,
    options: ProtocolThreadOptions,
  ): Thread {
    const ephemeral = entry?.thread.ephemeral ?? false;
    const roots = entry?.runtimeWorkspaceRoots ?? [record.cwd];
    let turns: Turn[] = [];
    if (options.includeTurns) {
      const history = entry ? this.historyOf(entry) : this.store;
      turns = this.turnsWithItems(history, record.id, history.pageTurns(record.id, { after: null, direction: "asc", limit: -1 }), "full");
    }
    return {
      id: record.id,
      environments:
        entry?.environments != null ? [] : [{ environmentId: "local", cwd: record.cwd, runtimeWorkspaceRoots: roots }],
      extra: null,
      sessionId: record.id,
      forkedFromId: record.forkedFromId,
      attachedToThreadId: null,
      parentThreadId: null,
      preview: record.preview,
      ephemeral,
      section: null,
      sectionEnteredAt: null,
      projectId: null,
      historyMode,
      modelProvider: record.modelProvider,
      model: record.model,
      reasoningEffort: record.reasoningEffort,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      recencyAt: record.recencyAt,
      status: entry?.thread.status() ?? { type: "notLoaded" },
      path: ephemeral ? null : this.dbPath,
      cwd: record.cwd,
      cliVersion: record.cliVersion,
      originator: record.originator,
      source: record.source,
      canAcceptDirectInput: options.listing ? null : true,
      threadSource: record.threadSource,
      agentNickname: null,
      agentRole: null,
      gitInfo: record.gitInfo,
      name: record.name,
      daybreakEnabled: null,
      turns,
    };
  }

  /** Wire turns with their items for the requested view (one query for all the turns' items). */
  turnsWithItems(history: ThreadHistory, threadId: string, turns: readonly TurnRecord[], view: TurnItemsView): Turn[] {
    const byTurn = new Map<string, ThreadItem[]>();
    if (view !== "notLoaded" && turns.length > 0) {
      const items: StoredItem[] =
        turns.length > 200 ? history.itemsOfTurns(threadId, null) : history.itemsOfTurns(threadId, turns.map((t) => t.id));
      for (const stored of items) {
        let list = byTurn.get(stored.turnId);
        if (!list) byTurn.set(stored.turnId, (list = []));
        list.push(stored.item);
      }
    }
    return turns.map((turn) => {
      const items = byTurn.get(turn.id) ?? [];
      return toProtocolTurn(turn, view === "summary" ? summaryItems(items) : items, view);
    });
  }
}

/** A turn's display summary: the user's messages and the final agent message. */
export function summaryItems(items: readonly ThreadItem[]): ThreadItem[] {
  let lastAgent = -1;
  items.forEach((item, index) => {
    if (item.type === "agentMessage") lastAgent = index;
  });
  return items.filter((item, index) => item.type === "userMessage" || index === lastAgent);
}

export function toProtocolTurn(turn: TurnRecord, items: ThreadItem[], itemsView: TurnItemsView): Turn {
  return {
    id: turn.id,
    rootTurnId: turn.rootTurnId,
    items,
    itemsView,
    status: turn.status,
    error: turn.error,
    startedAt: turn.startedAt,
    completedAt: turn.completedAt,
    durationMs: turn.durationMs,
  };
}
