import { pageBySeq, summaryItems, type SeqPageQuery, type StoredTurn, type WireItem } from "./history.js";
import { RawJson } from "../util/raw-json.js";

/** An item row as the store reads it for the wire: its stored JSON text, not parsed. */
export interface WireItemRow {
  seq: number;
  turn_id: string;
  item_type: string;
  item: string;
}

/** One item of a turn's summary view (`summaryItems`: a user message, or the turn's last agent message). */
interface SummaryEntry {
  seq: number;
  type: WireItem["type"];
  text: string;
}

interface KeptThread {
  /** Changes with every write to the thread's history (unique across threads and refills: see `version`). */
  version: number;
  /** Every turn of the thread in seq order, once read (null until then). */
  turns: StoredTurn[] | null;
  /** Turn id → its first turn in `turns`. */
  turnById: Map<string, StoredTurn>;
  /** Turn id → that turn's summary items, for the turns read so far. */
  summaries: Map<string, SummaryEntry[]>;
}

/**
 * The turn list and the summary items of the threads that are loaded, kept
 * in memory so that paging a loaded thread's turns (`thread/turns/list`, the
 * summary view by default) reads nothing from SQLite. A thread's entries are
 * filled as its history is read (a resume or a full read fills all of them)
 * and kept current by every write the store makes to its turns and items;
 * anything the store cannot follow exactly (a rollback, an import, a failed
 * transaction) drops them, and they are read again when next asked for.
 *
 * The summary of a turn is small next to its full history (no tool output,
 * no reasoning), so keeping it costs little where the whole history would
 * not be.
 */
export class KeptHistory {
  private readonly threads = new Map<string, KeptThread>();
  private lastVersion = 0;

  /** `keeps(threadId)`: whether the thread is loaded (only those are kept). */
  constructor(private readonly keeps: (threadId: string) => boolean) {}

  private kept(threadId: string, create: boolean): KeptThread | undefined {
    let thread = this.threads.get(threadId);
    if (thread === undefined && create && this.keeps(threadId)) {
      thread = { version: ++this.lastVersion, turns: null, turnById: new Map(), summaries: new Map() };
      this.threads.set(threadId, thread);
    }
    return thread;
  }

  /**
   * A value that stays the same exactly as long as nothing is written to the
   * thread's history (undefined when nothing is kept): what is derived from
   * the history at one version still holds at the same version. Never reused,
   * even after the thread's entries are dropped and read again.
   */
  version(threadId: string): number | undefined {
    return this.threads.get(threadId)?.version;
  }

  private changed(thread: KeptThread): void {
    thread.version = ++this.lastVersion;
  }

  /** The whole turn list, read from the store by `read` when it is not kept yet (not kept at all for a thread not loaded). */
  private turnList(threadId: string, read: () => StoredTurn[]): readonly StoredTurn[] | undefined {
    const thread = this.kept(threadId, true);
    if (thread === undefined) return undefined;
    if (thread.turns === null) {
      thread.turns = read();
      thread.turnById.clear();
      for (const turn of thread.turns) if (!thread.turnById.has(turn.id)) thread.turnById.set(turn.id, turn);
    }
    return thread.turns;
  }

  /** A page of turns from memory (copies), or undefined when the thread is not kept. */
  pageTurns(threadId: string, query: SeqPageQuery, read: () => StoredTurn[]): StoredTurn[] | undefined {
    const turns = this.turnList(threadId, read);
    return turns === undefined ? undefined : pageBySeq(turns, query).map((turn) => ({ ...turn }));
  }

  /** `found` false: not kept, ask the store. */
  turn(threadId: string, turnId: string, read: () => StoredTurn[]): { found: boolean; turn?: StoredTurn } {
    if (this.turnList(threadId, read) === undefined) return { found: false };
    const turn = this.threads.get(threadId)!.turnById.get(turnId);
    return { found: true, turn: turn === undefined ? undefined : { ...turn } };
  }

  turnCount(threadId: string): number | undefined {
    return this.threads.get(threadId)?.turns?.length;
  }

  turnInserted(turn: StoredTurn): void {
    const thread = this.threads.get(turn.threadId);
    if (thread === undefined) return;
    this.changed(thread);
    // A new turn has no items yet: its summary is known (empty).
    if (!thread.summaries.has(turn.id)) thread.summaries.set(turn.id, []);
    if (thread.turns === null) return;
    const kept = { ...turn };
    thread.turns.push(kept);
    if (!thread.turnById.has(turn.id)) thread.turnById.set(turn.id, kept);
  }

  /** Every turn with this id takes the new state (the store's update matches them all). */
  turnUpdated(turn: Omit<StoredTurn, "seq">): void {
    const thread = this.threads.get(turn.threadId);
    if (thread === undefined) return;
    this.changed(thread);
    for (const kept of thread.turns ?? []) {
      if (kept.id !== turn.id) continue;
      Object.assign(kept, { ...turn, seq: kept.seq });
    }
  }

  /** The kept summaries of `turnIds`; `missing` lists the turns to read (all of them when the thread is not kept). */
  summaries(threadId: string, turnIds: readonly string[]): { items: WireItem[]; missing: string[] } {
    const kept = this.threads.get(threadId)?.summaries;
    const items: WireItem[] = [];
    const missing: string[] = [];
    for (const turnId of turnIds) {
      const entries = kept?.get(turnId);
      if (entries === undefined) {
        missing.push(turnId);
        continue;
      }
      for (const entry of entries) items.push({ turnId, type: entry.type, item: new RawJson(entry.text) });
    }
    return { items, missing };
  }

  /**
   * Keeps the summaries of those of `turnIds` not kept yet (nothing when the
   * thread is not kept), from `rows`: every item of those turns in seq order
   * (rows of other turns are ignored).
   */
  keepSummaries(threadId: string, turnIds: readonly string[], rows: readonly WireItemRow[]): void {
    const kept = this.kept(threadId, true)?.summaries;
    if (kept === undefined) return;
    const missing = turnIds.filter((turnId) => !kept.has(turnId));
    if (missing.length === 0) return;
    for (const [turnId, entries] of summarize(missing, rows)) kept.set(turnId, entries);
  }

  /** The summaries' items of `turnIds` from `rows` (as `keepSummaries` takes them), kept too when the thread is kept. */
  summarizeAndKeep(threadId: string, turnIds: readonly string[], rows: readonly WireItemRow[]): WireItem[] {
    const kept = this.kept(threadId, true)?.summaries;
    const items: WireItem[] = [];
    for (const [turnId, entries] of summarize(turnIds, rows)) {
      if (kept !== undefined && !kept.has(turnId)) kept.set(turnId, entries);
      for (const entry of entries) items.push({ turnId, type: entry.type, item: new RawJson(entry.text) });
    }
    return items;
  }

  /** An item was appended to `turnId`: a user message joins its summary, an agent message becomes its last one. */
  itemInserted(threadId: string, row: WireItemRow): void {
    const thread = this.threads.get(threadId);
    if (thread === undefined) return;
    this.changed(thread);
    const entries = thread.summaries.get(row.turn_id);
    if (entries !== undefined) thread.summaries.set(row.turn_id, summaryItems([...entries, entryOf(row)]));
  }

  /** The item at `seq` of `turnId` was rewritten. */
  itemUpdated(threadId: string, turnId: string, seq: number, text: string): void {
    const thread = this.threads.get(threadId);
    if (thread === undefined) return;
    this.changed(thread);
    const entry = thread.summaries.get(turnId)?.find((e) => e.seq === seq);
    if (entry !== undefined) entry.text = text;
  }

  /** Drops what is kept of a thread (read again when next asked for). */
  forget(threadId: string): void {
    this.threads.delete(threadId);
  }

  /** Drops everything kept (a transaction failed: memory may be ahead of the store). */
  clear(): void {
    this.threads.clear();
  }
}

function entryOf(row: WireItemRow): SummaryEntry {
  return { seq: row.seq, type: row.item_type as WireItem["type"], text: row.item };
}

/** The summaries of `turnIds` from their items' rows, in seq order. */
function summarize(turnIds: readonly string[], rows: readonly WireItemRow[]): Map<string, SummaryEntry[]> {
  const byTurn = new Map<string, SummaryEntry[]>();
  for (const turnId of turnIds) byTurn.set(turnId, []);
  for (const row of rows) byTurn.get(row.turn_id)?.push(entryOf(row));
  for (const [turnId, entries] of byTurn) byTurn.set(turnId, summaryItems(entries));
  return byTurn;
}
