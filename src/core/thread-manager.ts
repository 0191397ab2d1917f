import { expandRuns, RawItemRun } from "../util/raw-json.js";
import type { TextRedactor } from "../util/secrets.js";
import { randomUUID } from "node:crypto";
import type { Logger } from "../logging/logger.js";
import type { JsonValue } from "../protocol/common.js";
import type { ThreadGoal } from "../protocol/goal.js";
import type { ThreadItem } from "../protocol/item.js";
import type { ThreadReadState } from "../protocol/thread.js";
import type { ThreadTokenUsage } from "../protocol/turn.js";
import { internalError, invalidRequest } from "../protocol/errors.js";
import { MemoryHistory, type ThreadHistory } from "../store/history.js";
import { SqliteStore, stateDbPath, type HistoryMode, type StoredThread } from "../store/sqlite-store.js";
import type { ItemRecord, ThreadRecord, ThreadSettings, TurnRecord } from "../store/types.js";
import type { TurnContextSettings } from "./context/index.js";
import { LoadedThread } from "./loaded-thread.js";
import type { Broadcast, ClientConnection, ConfigSource } from "./ports.js";
import { loadProjectInstructions, type ProjectInstructions } from "./project-instructions.js";
import { parseThreadId } from "./thread-id.js";
import { unloadDelayMs } from "./thread-settings.js";

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
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

/** What the thread registry needs from the server. */
export interface ThreadRegistryServices extends ConfigSource {
  readonly logger: Logger;
  readonly codexHome: string;
  readonly broadcast: Broadcast;
  /** Scrubs known secrets from the error texts the store keeps. */
  readonly secrets: TextRedactor;
}

/**
 * The thread registry: loaded threads (each a `LoadedThread`, which owns
 * everything about it) and their persistence. Requests reach threads through
 * `getLoaded`; the turn loop records turns and items through the `record*`
 * methods. Durable threads go to the SQLite store (synchronously, one
 * prepared statement per call), ephemeral ones stay in memory.
 */
export class ThreadManager {
  private storeInstance: SqliteStore | undefined;
  private readonly memory = new MemoryHistory();
  private readonly loaded = new Map<string, LoadedThread>();
  /** Connections whose close this registry listens for (dropped when they close). */
  private readonly watchedConnections = new Set<ClientConnection>();
  private closed = false;

  /** `CODEX_HOME/agent-app-server/state.sqlite`; durable threads report it as their `path` (built once: every listed thread carries it). */
  readonly dbPath: string;

  constructor(private readonly services: ThreadRegistryServices) {
    this.dbPath = stateDbPath(services.codexHome);
  }

  /** The SQLite store, opened (and migrated, and crash-recovered) on first use. */
  get store(): SqliteStore {
    if (!this.storeInstance) {
      try {
        this.storeInstance = new SqliteStore(this.dbPath, {
          redactor: this.services.secrets,
          keepsHistory: (threadId) => this.loaded.get(threadId)?.ephemeral === false,
        });
      } catch (error) {
        this.services.logger.error({ err: error, file: this.dbPath }, "cannot open the thread database");
        throw internalError(`failed to open thread database: ${(error as Error).message}`);
      }
      if (this.storeInstance.recoveredTurns > 0) {
        this.services.logger.warn({ turns: this.storeInstance.recoveredTurns }, "marked turns cut by a previous process as interrupted");
      }
    }
    return this.storeInstance;
  }

  /** Whether the store has been opened (reading nothing from an unopened one spares a new thread's answer the open). */
  get storeOpened(): boolean {
    return this.storeInstance !== undefined;
  }

  /** Closes the database and stops unload timers (server shutdown). */
  close(): void {
    this.closed = true;
    for (const thread of this.loaded.values()) {
      clearTimeout(thread.unloadTimer);
      void thread.execSessions.closeAll();
      thread.codeMode.closeAll();
      thread.modelSession.close();
    }
    this.storeInstance?.close();
  }

  // ---------------------------------------------------------------------------
  // Loaded threads

  loadedIds(): string[] {
    return [...this.loaded.keys()];
  }

  /** Whether any loaded thread is running a turn. */
  hasRunningTurn(): boolean {
    for (const thread of this.loaded.values()) if (thread.activeTurn !== undefined) return true;
    return false;
  }

  /** The loaded thread with this (already parsed) id, if any. */
  findLoaded(id: string): LoadedThread | undefined {
    return this.loaded.get(id);
  }

  /**
   * The loaded thread for a client-supplied id. Errors as the reference:
   * `invalid thread id: …`, `thread not loaded: <id>` (stored but not in
   * memory), `thread not found: <id>`.
   */
  getLoaded(threadId: string): LoadedThread {
    const id = parseThreadId(threadId);
    const thread = this.loaded.get(id);
    if (thread) return thread;
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
      lastContextSettings?: TurnContextSettings | null;
    },
  ): LoadedThread {
    const thread = new LoadedThread(record, options.ephemeral, this.services.broadcast, options);
    this.loaded.set(record.id, thread);
    return thread;
  }

  /** Loads a stored thread into memory; undefined when the store does not know it. */
  load(id: string): LoadedThread | undefined {
    const existing = this.loaded.get(id);
    if (existing) return existing;
    const stored = this.store.getThread(id);
    if (!stored) return undefined;
    const thread = this.register(stored.record, {
      ephemeral: false,
      historyMode: stored.historyMode,
      readState: stored.readState,
      persisted: true,
      hasTurns: true,
      lastContextSettings: (stored.contextSettings ?? null) as TurnContextSettings | null,
    });
    thread.goal = this.store.goal(id) as ThreadGoal | null;
    thread.injectedContext = this.store.injectedContext(id);
    thread.historyOrigin = { kind: "cold_resume" };
    return thread;
  }

  /** Removes a thread from memory (no notifications). */
  forget(thread: LoadedThread): void {
    clearTimeout(thread.unloadTimer);
    thread.unloadTimer = undefined;
    void thread.execSessions.closeAll();
    thread.codeMode.closeAll();
    thread.modelSession.close();
    if (this.loaded.get(thread.id) === thread) this.loaded.delete(thread.id);
    if (thread.ephemeral) this.memory.drop(thread.id);
    else if (this.storeOpened) this.store.forgetKeptHistory(thread.id);
  }

  // ---------------------------------------------------------------------------
  // AGENTS.md instructions

  /** Reads the thread's instruction files now (thread/start, thread/resume, thread/fork). */
  loadInstructions(thread: LoadedThread): ProjectInstructions {
    const settings = this.services.config.settings;
    thread.instructions = loadProjectInstructions({
      codexHome: this.services.codexHome,
      cwd: thread.record.settings.cwd,
      maxBytes: settings.projectDocMaxBytes,
      fallbackFilenames: settings.projectDocFallbackFilenames,
    });
    return thread.instructions;
  }

  /** The thread's instructions as last read; read again only when its cwd changed since. */
  instructionsOf(thread: LoadedThread): ProjectInstructions {
    const cached = thread.instructions;
    return cached && cached.cwd === thread.record.settings.cwd ? cached : this.loadInstructions(thread);
  }

  // ---------------------------------------------------------------------------
  // Subscriptions and unloading

  subscribe(thread: LoadedThread, connection: ClientConnection): void {
    thread.subscribe(connection);
    clearTimeout(thread.unloadTimer);
    thread.unloadTimer = undefined;
    if (!this.watchedConnections.has(connection)) {
      this.watchedConnections.add(connection);
      connection.signal.addEventListener("abort", () => this.connectionClosed(connection), { once: true });
    }
  }

  /** Removes the connection's subscription; returns whether it had one. */
  unsubscribe(thread: LoadedThread, connection: ClientConnection): boolean {
    if (!thread.subscribers.delete(connection)) return false;
    this.scheduleUnload(thread);
    return true;
  }

  /**
   * A connection went away: it is no longer subscribed to anything. A thread
   * it was the last subscriber of has its running turn interrupted (so the
   * turn's commands are killed and it ends `interrupted`): no process
   * outlives its client. `thread/unsubscribe` leaves the turn running.
   */
  connectionClosed(connection: ClientConnection): void {
    this.watchedConnections.delete(connection);
    for (const thread of this.loaded.values()) {
      if (!thread.subscribers.delete(connection)) continue;
      if (thread.subscribers.size === 0) this.interruptOrphanedTurn(thread);
      this.scheduleUnload(thread);
    }
  }

  private interruptOrphanedTurn(thread: LoadedThread): void {
    const active = thread.activeTurn;
    if (!active || this.closed || (active as { finishing?: boolean }).finishing === true) return;
    this.services.logger.info({ threadId: thread.id, turnId: active.turnId }, "last subscriber disconnected; interrupting the running turn");
    active.interrupt().catch((error: unknown) => {
      this.services.logger.warn({ err: error, threadId: thread.id, turnId: active.turnId }, "could not interrupt an orphaned turn");
    });
  }

  /** With no subscriber left, the thread is unloaded after `thread_unload_delay_secs` of inactivity. */
  scheduleUnload(thread: LoadedThread): void {
    if (this.closed || thread.subscribers.size > 0 || thread.unloadTimer) return;
    thread.unloadTimer = setTimeout(() => this.tryUnload(thread), unloadDelayMs(this.services.config));
    thread.unloadTimer.unref();
  }

  /** Unloads the thread now (archive, delete): its turn is stopped first; every connection is told it is notLoaded. */
  async unloadNow(thread: LoadedThread): Promise<void> {
    await thread.activeTurn?.interrupt();
    this.forget(thread);
    this.services.broadcast("thread/status/changed", { threadId: thread.id, status: { type: "notLoaded" } });
  }

  private tryUnload(thread: LoadedThread): void {
    thread.unloadTimer = undefined;
    if (this.loaded.get(thread.id) !== thread || thread.subscribers.size > 0) return;
    if (thread.activeTurn || thread.pendingRequests.size > 0) {
      this.scheduleUnload(thread);
      return;
    }
    this.forget(thread);
    const threadId = thread.id;
    this.services.logger.debug({ threadId }, "unloading idle thread");
    this.services.broadcast("thread/status/changed", { threadId, status: { type: "notLoaded" } });
    this.services.broadcast("thread/closed", { threadId });
  }

  // ---------------------------------------------------------------------------
  // Persistence API for the turn loop

  /** Where a thread's turns and items live. */
  historyOf(thread: LoadedThread): ThreadHistory {
    return thread.ephemeral ? this.memory : this.store;
  }

  /** Whether the thread has history (the reference: a rollout exists, i.e. a first user message was sent). */
  isMaterialized(thread: LoadedThread): boolean {
    return thread.ephemeral ? thread.hasTurns : thread.persisted;
  }

  private stored(thread: LoadedThread): StoredThread {
    return { record: thread.record, historyMode: thread.historyMode, readState: thread.readState };
  }

  /** Writes a durable thread's row on its first turn (the reference materializes the rollout then). */
  private materialize(thread: LoadedThread): void {
    if (thread.ephemeral || thread.persisted) return;
    this.store.insertThread(this.stored(thread));
    thread.persisted = true;
  }

  /** Persists changes made to a loaded thread's record (name, preview, archived, git info...). */
  saveRecord(thread: LoadedThread): void {
    if (thread.persisted) this.store.updateThread(thread.record);
  }

  recordTurnStarted(thread: LoadedThread, turn: TurnRecord): void {
    const now = nowSeconds();
    thread.record.updatedAt = now;
    thread.record.recencyAt = now;
    thread.hasTurns = true;
    if (thread.ephemeral) {
      this.memory.insertTurn(thread.id, turn);
      return;
    }
    this.store.transaction(() => {
      if (thread.persisted) this.store.updateThread(thread.record);
      else this.materialize(thread);
      this.store.insertTurn(thread.id, turn);
    });
  }

  /** Records a completed item (never per delta). The first user message text becomes the preview. */
  recordItem(thread: LoadedThread, record: ItemRecord): void {
    const text = thread.record.preview === "" ? userMessageText(record.item) : undefined;
    if (text !== undefined) thread.record.preview = text;
    // Injected items are stored with the next item, ahead of its own context, so the order holds.
    const injected = thread.injectedContext;
    if (injected.length > 0) record = { ...record, context: [...injected, ...record.context] };
    // Serialized once for the store and the kept context, which takes it only once it is stored.
    const contextText = record.context.length > 0 ? JSON.stringify(record.context) : null;
    if (thread.ephemeral) {
      this.memory.insertItem(record);
    } else {
      this.store.transaction(() => {
        if (!thread.persisted) this.materialize(thread);
        else if (text !== undefined) this.store.updateThread(thread.record);
        this.store.insertItem(record, contextText);
        if (injected.length > 0) this.store.updateInjectedContext(thread.id, []);
      });
    }
    if (contextText !== null) thread.storedContext?.push(contextText.slice(1, -1));
    thread.injectedContext = [];
  }

  /** thread/inject_items: `items` join the model context after everything recorded so far (stored at once). */
  injectContext(thread: LoadedThread, items: readonly JsonValue[]): void {
    const next = [...thread.injectedContext, ...items];
    if (!thread.ephemeral) {
      this.store.transaction(() => {
        this.materialize(thread);
        this.store.updateInjectedContext(thread.id, next);
      });
    }
    thread.injectedContext = next;
  }

  /** Stores the thread's goal (null clears it); a durable thread's row is written if it was not yet. */
  saveGoal(thread: LoadedThread, goal: ThreadGoal | null): void {
    if (!thread.ephemeral) {
      this.store.transaction(() => {
        this.materialize(thread);
        this.store.updateGoal(thread.id, goal);
      });
    }
    thread.goal = goal;
  }

  /** A recorded item reached a later state (a command that exited after its call returned). */
  updateItem(thread: LoadedThread, turnId: string, item: ThreadItem): boolean {
    if (!thread.ephemeral && !thread.persisted) return false;
    return this.historyOf(thread).updateItem(thread.id, turnId, item);
  }

  /** Records a turn's final state; bumps the thread's timestamps and its read receipt. */
  recordTurnEnded(thread: LoadedThread, turn: TurnRecord): void {
    const now = nowSeconds();
    thread.record.updatedAt = now;
    thread.record.recencyAt = now;
    if (thread.ephemeral) {
      this.memory.updateTurn(thread.id, turn);
      return;
    }
    const readState: ThreadReadState = {
      firstUnread: thread.readState.firstUnread ?? { type: "turn", turnId: turn.id },
      revision: randomUUID(),
    };
    this.store.transaction(() => {
      this.materialize(thread);
      this.store.updateTurn(thread.id, turn);
      this.store.updateThread(thread.record);
      this.store.updateReadState(thread.id, readState);
    });
    thread.readState = readState;
    // Sub-agents' read receipts are kept but not announced (the reference announces only the threads clients open).
    if (!thread.agent) this.services.broadcast("thread/readState/changed", { threadId: thread.id, readState });
  }

  /** Merges settings (turn/start overrides become the thread's defaults) and mirrors them on the record. */
  updateSettings(thread: LoadedThread, patch: Partial<ThreadSettings>): void {
    const record = thread.record;
    record.settings = { ...record.settings, ...patch };
    record.model = record.settings.model;
    record.modelProvider = record.settings.modelProvider;
    record.reasoningEffort = record.settings.reasoningEffort;
    record.cwd = record.settings.cwd;
    this.saveRecord(thread);
  }

  /** The context settings the model has now seen; kept with the thread so a resumed thread gets updates only for what changes. */
  setLastContextSettings(thread: LoadedThread, settings: TurnContextSettings | null): void {
    thread.lastContextSettings = settings;
    if (thread.persisted) this.store.updateContextSettings(thread.id, settings as unknown as JsonValue);
  }

  updateTokenUsage(thread: LoadedThread, usage: ThreadTokenUsage): void {
    thread.record.tokenUsage = usage;
    if (thread.persisted) this.store.updateTokenUsage(thread.id, usage);
  }

  /** The Responses API input items to resend: stored items' `context`, in order, after the last compaction. */
  modelContext(thread: LoadedThread): JsonValue[] {
    if (!thread.ephemeral && !thread.persisted) return structuredClone(thread.injectedContext);
    if (thread.storedContext === undefined) return this.withInjected(thread, this.historyOf(thread).modelContext(thread.id));
    return this.withInjected(thread, expandRuns<JsonValue>(this.storedRun(thread)));
  }

  /**
   * The same context for a model request: the stored part as one run of JSON
   * text (not parsed; during a turn read from the store once and kept current
   * as items are recorded), then the injected items.
   */
  requestContext(thread: LoadedThread): Array<JsonValue | RawItemRun> {
    if (!thread.ephemeral && !thread.persisted) return structuredClone(thread.injectedContext);
    const injected = thread.injectedContext.length > 0 ? structuredClone(thread.injectedContext) : [];
    return [...this.storedRun(thread), ...injected];
  }

  /** The first item of the model context (whether it opens with the initial context), parsing no more than one stored entry. */
  firstContextItem(thread: LoadedThread): JsonValue | undefined {
    if (!thread.ephemeral && !thread.persisted) return thread.injectedContext[0];
    const text = this.historyOf(thread).firstModelContextText(thread.id);
    if (text !== null) return (JSON.parse(text) as JsonValue[])[0];
    return thread.injectedContext[0];
  }

  /** The stored context's parts (see `ThreadHistory.modelContextParts`): read once while the thread is loaded, then kept current. */
  private storedParts(thread: LoadedThread): string[] {
    thread.storedContext ??= this.historyOf(thread).modelContextParts(thread.id);
    return thread.storedContext;
  }

  /**
   * Reads a resumed thread's stored context soon, off the caller's task, so
   * its next turn does not wait for it. Nothing happens for a thread with no
   * stored turns, or whose context is read already.
   */
  prefetchModelContext(thread: LoadedThread): void {
    if (thread.ephemeral || !thread.persisted || !thread.hasTurns || thread.storedContext !== undefined) return;
    setImmediate(() => {
      if (thread.storedContext !== undefined || this.findLoaded(thread.id) !== thread) return;
      try {
        this.storedParts(thread);
      } catch {
        // The next turn reads it again and meets the failure there.
      }
    });
  }

  private storedRun(thread: LoadedThread): RawItemRun[] {
    const parts = this.storedParts(thread);
    return parts.length > 0 ? [new RawItemRun([...parts])] : [];
  }

  private withInjected(thread: LoadedThread, stored: JsonValue[]): JsonValue[] {
    return thread.injectedContext.length > 0 ? [...stored, ...structuredClone(thread.injectedContext)] : stored;
  }

  /** The stored context changed other than by recording items (a rollback): it is read again when next needed. */
  forgetModelContext(thread: LoadedThread): void {
    thread.storedContext = undefined;
  }

  /** Compaction: `items` replace the context of everything recorded so far (injected items included). */
  replaceModelContext(thread: LoadedThread, items: JsonValue[]): void {
    if (!thread.ephemeral) this.materialize(thread);
    thread.storedContext = undefined;
    this.historyOf(thread).replaceModelContext(thread.id, items);
    if (thread.injectedContext.length > 0) {
      thread.injectedContext = [];
      if (!thread.ephemeral) this.store.updateInjectedContext(thread.id, []);
    }
  }

  setReadState(thread: LoadedThread, readState: ThreadReadState): void {
    thread.readState = readState;
    if (thread.persisted) this.store.updateReadState(thread.id, readState);
  }
}
