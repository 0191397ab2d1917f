import type { ThreadItem } from "../protocol/item.js";
import type { Thread } from "../protocol/thread.js";
import type { Turn, TurnItemsView } from "../protocol/turn.js";
import { MemoryHistory, type SeqPageQuery, type StoredItem, type ThreadHistory, type WireItem } from "../store/history.js";
import type { HistoryMode, StoredThread } from "../store/sqlite-store.js";
import type { ThreadRecord, TurnRecord } from "../store/types.js";
import { RawJson } from "../util/raw-json.js";
import { LoadedThread } from "./loaded-thread.js";
import { acceptsDirectInput, threadSpawnOf } from "./agents/sub-agent.js";
import type { ThreadManager } from "./thread-manager.js";
import { threadSectionFields } from "./thread-sections.js";

/**
 * Records → the wire `Thread` and `Turn` objects. They live in core, not in
 * api/, because core sends them too: the turn loop's `turn/started` and
 * `turn/completed`, and `turn/start`'s running turn come from here.
 */

export interface ProtocolThreadOptions {
  includeTurns?: boolean;
  /** `thread/list` rows: `canAcceptDirectInput` and `forkedFromId` are null there and `sessionId` is the thread's own, as in the reference. */
  listing?: boolean;
}

/** A running turn as `turn/start` answers it: the reference answers before the turn has started (`startedAt: null`). */
export function inProgressTurn(turnId: string): Turn {
  return {
    id: turnId,
    rootTurnId: turnId,
    items: [],
    itemsView: "notLoaded",
    status: "inProgress",
    error: null,
    startedAt: null,
    completedAt: null,
    durationMs: null,
  };
}

export function protocolTurn(turn: TurnRecord, items: ThreadItem[], itemsView: TurnItemsView): Turn {
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

/** Turns whose items are read from the store in one query. */
const TURNS_PER_READ = 100;

/**
 * Wire turns with their items for the requested view. Stored items stay JSON
 * text (`RawJson`) all the way to the wire, and are read when the response
 * encoder reaches them, a hundred turns per query: a long history's answer is
 * written out batch by batch instead of being built whole first. Ephemeral
 * threads (history in memory) get their items as they are.
 */
export function protocolTurns(
  history: ThreadHistory,
  threadId: string,
  turns: readonly TurnRecord[],
  view: TurnItemsView,
  /** Read the items now, into turns that can be written any number of times (kept, not answered once). */
  readNow = false,
): Turn[] {
  if (view === "notLoaded" || turns.length === 0) return turns.map((turn) => protocolTurn(turn, [], view));
  if (history instanceof MemoryHistory) {
    const byTurn = groupByTurn(viewItemsOfTurns(history, threadId, turns.map((t) => t.id), view));
    return turns.map((turn) => protocolTurn(turn, shownItems(turn, byTurn.get(turn.id) ?? []) as ThreadItem[], view));
  }
  const reader = new StoredTurnItems(history, threadId, turns, view);
  return turns.map((turn) => protocolTurn(turn, readNow ? reader.itemsNow(turn.id) : reader.itemsOf(turn.id), view));
}

function groupByTurn(items: readonly WireItem[]): Map<string, WireItem[]> {
  const byTurn = new Map<string, WireItem[]>();
  for (const stored of items) {
    let list = byTurn.get(stored.turnId);
    if (!list) byTurn.set(stored.turnId, (list = []));
    list.push(stored);
  }
  return byTurn;
}

/** The turns' items for `view` (full, or the summary each store derives), in seq order within a turn. */
function viewItemsOfTurns(history: ThreadHistory, threadId: string, turnIds: string[], view: TurnItemsView): WireItem[] {
  return view === "summary" ? history.wireSummaryItemsOfTurns(threadId, turnIds) : history.wireItemsOfTurns(threadId, turnIds);
}

function shownItems(turn: TurnRecord, stored: readonly WireItem[]): Array<WireItem["item"]> {
  const items = turn.status === "inProgress" ? stored : stored.filter((wire) => !isUnfinishedCommand(wire));
  return items.map((wire) => wire.item);
}

/**
 * A command still running when its turn ended: the reference keeps it out of
 * the turn (it only appears, failed, if a shutdown killed it). Stored JSON is
 * matched as text: an escaped string cannot contain this unescaped sequence.
 */
function isUnfinishedCommand(wire: WireItem): boolean {
  if (wire.type !== "commandExecution") return false;
  if (wire.item instanceof RawJson) return wire.item.text.includes('"status":"inProgress"');
  return (wire.item as { status?: string }).status === "inProgress";
}

/**
 * A page of thread/items/list: the stored items the turn views show (a
 * command still running at its ended turn's end is left out, as the
 * reference leaves it out of every listing), `query.limit` of them at most.
 */
export function pageShownItems(history: ThreadHistory, threadId: string, turnId: string | null, query: SeqPageQuery): StoredItem[] {
  const ended = new Map<string, boolean>();
  const turnEnded = (id: string) => {
    let value = ended.get(id);
    if (value === undefined) ended.set(id, (value = (history.getTurn(threadId, id)?.status ?? "inProgress") !== "inProgress"));
    return value;
  };
  const shown: StoredItem[] = [];
  let after = query.after;
  for (;;) {
    const want = query.limit < 0 ? -1 : query.limit - shown.length;
    const rows = history.pageItems(threadId, turnId, { ...query, after, limit: want });
    for (const row of rows) {
      if (turnEnded(row.turnId) && isUnfinishedCommand({ turnId: row.turnId, type: row.item.type, item: row.item })) continue;
      shown.push(row);
    }
    const last = rows.at(-1);
    if (want < 0 || rows.length < want || !last || shown.length >= query.limit) return shown;
    after = { seq: last.seq, inclusive: false };
  }
}

/**
 * The stored items of a list of turns, read a batch of turns at a time when
 * a turn's items are first asked for, each turn's text dropped once taken.
 */
class StoredTurnItems {
  private readonly indexOf = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly history: ThreadHistory,
    private readonly threadId: string,
    private readonly turns: readonly TurnRecord[],
    private readonly view: TurnItemsView,
  ) {
    turns.forEach((turn, index) => this.indexOf.set(turn.id, index));
  }

  /** Turn `turnId`'s items as one JSON array text, read when the encoder reaches it (typed as what the encoder writes). */
  itemsOf(turnId: string): ThreadItem[] {
    return new RawJson(() => this.take(turnId)) as unknown as ThreadItem[];
  }

  /** The same, read now. */
  itemsNow(turnId: string): ThreadItem[] {
    return new RawJson(this.take(turnId)) as unknown as ThreadItem[];
  }

  private take(turnId: string): string {
    let text = this.texts.get(turnId);
    if (text === undefined) {
      this.read(this.indexOf.get(turnId) ?? 0);
      text = this.texts.get(turnId) ?? "[]";
    }
    this.texts.delete(turnId);
    return text;
  }

  private read(from: number): void {
    const batch = this.turns.slice(from, from + TURNS_PER_READ);
    const ids = batch.map((turn) => turn.id);
    const byTurn = groupByTurn(viewItemsOfTurns(this.history, this.threadId, ids, this.view));
    for (const turn of batch) {
      const items = shownItems(turn, byTurn.get(turn.id) ?? []);
      this.texts.set(turn.id, `[${items.map((item) => (item instanceof RawJson ? item.text : JSON.stringify(item))).join(",")}]`);
    }
  }
}

/** The wire `Thread` for a loaded thread or a stored record (its loaded state, when loaded, wins). */
export function protocolThread(threads: ThreadManager, source: LoadedThread | ThreadRecord, options: ProtocolThreadOptions = {}): Thread {
  const loaded = source instanceof LoadedThread ? source : threads.findLoaded(source.id);
  const record = source instanceof LoadedThread ? source.record : source;
  return buildThread(threads, record, loaded, loaded?.historyMode ?? "paginated", options);
}

/** `thread/list` rows (and threads read from the store) come with their stored history mode. */
export function protocolThreadFromStore(threads: ThreadManager, stored: StoredThread, options: ProtocolThreadOptions = {}): Thread {
  return buildThread(threads, stored.record, threads.findLoaded(stored.record.id), stored.historyMode, options);
}

function buildThread(
  threads: ThreadManager,
  record: ThreadRecord,
  loaded: LoadedThread | undefined,
  historyMode: HistoryMode,
  options: ProtocolThreadOptions,
): Thread {
  const ephemeral = loaded?.ephemeral ?? false;
  const roots = loaded?.runtimeWorkspaceRoots ?? [record.cwd];
  const spawn = threadSpawnOf(record.source);
  let turns: Turn[] = [];
  if (options.includeTurns) {
    const history = loaded ? threads.historyOf(loaded) : threads.store;
    turns = protocolTurns(history, record.id, history.pageTurns(record.id, { after: null, direction: "asc", limit: -1 }), "full");
  }
  return {
    id: record.id,
    environments:
      loaded?.environments != null ? [] : [{ environmentId: "local", cwd: record.cwd, runtimeWorkspaceRoots: roots }],
    extra: null,
    // A loaded sub-agent shares its root's session; listed rows name the thread's own (as the reference lists them).
    sessionId: options.listing ? record.id : (loaded?.agent?.rootThreadId ?? record.id),
    forkedFromId: options.listing ? null : record.forkedFromId,
    attachedToThreadId: null,
    parentThreadId: spawn?.parent_thread_id ?? null,
    preview: record.preview,
    ephemeral,
    ...threadSectionFields(threads, record.id, ephemeral),
    projectId: null,
    historyMode,
    modelProvider: record.modelProvider,
    model: record.model,
    reasoningEffort: record.reasoningEffort,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    recencyAt: record.recencyAt,
    status: loaded?.status() ?? { type: "notLoaded" },
    path: ephemeral ? null : threads.dbPath,
    cwd: record.cwd,
    cliVersion: record.cliVersion,
    originator: record.originator,
    source: record.source,
    canAcceptDirectInput: options.listing ? null : acceptsDirectInput(record.source),
    threadSource: record.threadSource,
    agentNickname: spawn?.agent_nickname ?? null,
    agentRole: spawn?.agent_role ?? null,
    gitInfo: record.gitInfo,
    name: record.name,
    daybreakEnabled: null,
    turns,
  };
}
