import type { JsonValue } from "../protocol/common.js";
import type { RawJson } from "../util/raw-json.js";
import type { ThreadItem } from "../protocol/item.js";
import type { ItemRecord, TurnRecord } from "./types.js";

/**
 * Turn and item history of one thread, as both the SQLite store (durable
 * threads) and the in-memory store (ephemeral threads) keep it. Turns and
 * items carry a per-thread sequence number (`seq`, from 1) that orders them
 * and anchors pagination.
 */
export interface StoredTurn extends TurnRecord {
  seq: number;
}

export interface StoredItem {
  seq: number;
  turnId: string;
  item: ThreadItem;
  startedAtMs: number | null;
  completedAtMs: number | null;
}

/** An item of a turn on its way to the wire; `item` is spliced verbatim when it is `RawJson`. */
export interface WireItem {
  turnId: string;
  type: ThreadItem["type"];
  item: ThreadItem | RawJson;
}

export interface ExportedItem extends StoredItem {
  context: JsonValue[];
}

/** A compaction checkpoint: `items` replace the context of every item with `seq <= uptoSeq`. */
export interface ContextBase {
  items: JsonValue[];
  uptoSeq: number;
}

export interface ExportedHistory {
  turns: StoredTurn[];
  items: ExportedItem[];
  contextBase: ContextBase | null;
}

/** A page request: rows strictly after (or from, when `inclusive`) the anchor, in `direction`. */
export interface SeqPageQuery {
  after: { seq: number; inclusive: boolean } | null;
  direction: "asc" | "desc";
  /** Rows to return at most, -1 for all (callers ask for one more than they show to detect a next page). */
  limit: number;
}

export interface ThreadHistory {
  insertTurn(threadId: string, turn: TurnRecord): void;
  updateTurn(threadId: string, turn: TurnRecord): void;
  insertItem(record: ItemRecord): void;
  /** Replaces a recorded item's state (the last one of that id in the turn), keeping its model context; false when none is recorded. */
  updateItem(threadId: string, turnId: string, item: ThreadItem): boolean;
  turnCount(threadId: string): number;
  getTurn(threadId: string, turnId: string): StoredTurn | undefined;
  pageTurns(threadId: string, query: SeqPageQuery): StoredTurn[];
  /** Items of the given turns (all items when `turnIds` is null), in `seq` order. */
  itemsOfTurns(threadId: string, turnIds: readonly string[] | null): StoredItem[];
  /** The same items as they go to the wire: the stored JSON text where there is one (no parse). */
  wireItemsOfTurns(threadId: string, turnIds: readonly string[] | null): WireItem[];
  /** The items of the turns' summary view (`summaryItems` of each turn), as they go to the wire, in seq order within a turn. */
  wireSummaryItemsOfTurns(threadId: string, turnIds: readonly string[]): WireItem[];
  pageItems(threadId: string, turnId: string | null, query: SeqPageQuery): StoredItem[];
  /** The `seq` of an item inside a turn (the last one when an id repeats). */
  itemSeq(threadId: string, turnId: string, itemId: string): number | undefined;
  modelContext(threadId: string): JsonValue[];
  /**
   * The same context as JSON text, not parsed: the items' texts joined by
   * commas (the inside of a JSON array), in order, in parts (the compaction
   * base, then runs of the items recorded after it), each non-empty.
   */
  modelContextParts(threadId: string): string[];
  /** The JSON array text of the context's first non-empty stored entry (the compaction base or an item's), or null. */
  firstModelContextText(threadId: string): string | null;
  replaceModelContext(threadId: string, items: JsonValue[]): void;
  /** thread/revert: removes the turn at `turnSeq`, every later turn and their items; a compaction checkpoint inside them goes too. */
  dropTurnsFrom(threadId: string, turnSeq: number): void;
  exportHistory(threadId: string): ExportedHistory;
  /** Writes a copied history into an (empty) thread, keeping `seq` numbers. */
  importHistory(threadId: string, history: ExportedHistory): void;
}

/** A turn's display summary: the user's messages and the final agent message. */
export function summaryItems<T extends { type: string }>(items: readonly T[]): T[] {
  let lastAgent = -1;
  items.forEach((item, index) => {
    if (item.type === "agentMessage") lastAgent = index;
  });
  return items.filter((item, index) => item.type === "userMessage" || index === lastAgent);
}

/** Ephemeral threads: the same history, in memory only. */
export class MemoryHistory implements ThreadHistory {
  private readonly threads = new Map<string, { turns: StoredTurn[]; items: ExportedItem[]; base: ContextBase | null }>();

  private state(threadId: string) {
    let state = this.threads.get(threadId);
    if (!state) {
      state = { turns: [], items: [], base: null };
      this.threads.set(threadId, state);
    }
    return state;
  }

  drop(threadId: string): void {
    this.threads.delete(threadId);
  }

  insertTurn(threadId: string, turn: TurnRecord): void {
    const state = this.state(threadId);
    const seq = (state.turns.at(-1)?.seq ?? 0) + 1;
    state.turns.push({ ...structuredClone(turn), threadId, seq });
  }

  updateTurn(threadId: string, turn: TurnRecord): void {
    const state = this.state(threadId);
    const index = state.turns.findIndex((t) => t.id === turn.id);
    if (index === -1) return;
    state.turns[index] = { ...structuredClone(turn), threadId, seq: state.turns[index]!.seq };
  }

  insertItem(record: ItemRecord): void {
    const state = this.state(record.threadId);
    const seq = (state.items.at(-1)?.seq ?? 0) + 1;
    const item = structuredClone(record.item);
    state.items.push({
      seq,
      turnId: record.turnId,
      item,
      startedAtMs: item.startedAtMs ?? null,
      completedAtMs: item.completedAtMs ?? null,
      context: structuredClone(record.context),
    });
  }

  updateItem(threadId: string, turnId: string, item: ThreadItem): boolean {
    const items = this.threads.get(threadId)?.items ?? [];
    for (let i = items.length - 1; i >= 0; i--) {
      const entry = items[i]!;
      if (entry.turnId !== turnId || entry.item.id !== item.id) continue;
      entry.item = structuredClone(item);
      entry.completedAtMs = item.completedAtMs ?? null;
      return true;
    }
    return false;
  }

  turnCount(threadId: string): number {
    return this.threads.get(threadId)?.turns.length ?? 0;
  }

  getTurn(threadId: string, turnId: string): StoredTurn | undefined {
    return this.threads.get(threadId)?.turns.find((t) => t.id === turnId);
  }

  pageTurns(threadId: string, query: SeqPageQuery): StoredTurn[] {
    return pageBySeq(this.threads.get(threadId)?.turns ?? [], query);
  }

  itemsOfTurns(threadId: string, turnIds: readonly string[] | null): StoredItem[] {
    const items = this.threads.get(threadId)?.items ?? [];
    const wanted = turnIds === null ? null : new Set(turnIds);
    return items.filter((i) => wanted === null || wanted.has(i.turnId)).map(withoutContext);
  }

  wireItemsOfTurns(threadId: string, turnIds: readonly string[] | null): WireItem[] {
    return this.itemsOfTurns(threadId, turnIds).map(({ turnId, item }) => ({ turnId, type: item.type, item }));
  }

  wireSummaryItemsOfTurns(threadId: string, turnIds: readonly string[]): WireItem[] {
    const byTurn = new Map<string, WireItem[]>(turnIds.map((turnId) => [turnId, []]));
    for (const item of this.wireItemsOfTurns(threadId, turnIds)) byTurn.get(item.turnId)?.push(item);
    return [...byTurn.values()].flatMap((items) => summaryItems(items));
  }

  pageItems(threadId: string, turnId: string | null, query: SeqPageQuery): StoredItem[] {
    const items = this.threads.get(threadId)?.items ?? [];
    return pageBySeq(turnId === null ? items : items.filter((i) => i.turnId === turnId), query).map(withoutContext);
  }

  itemSeq(threadId: string, turnId: string, itemId: string): number | undefined {
    const items = this.threads.get(threadId)?.items ?? [];
    for (let i = items.length - 1; i >= 0; i--) {
      const entry = items[i]!;
      if (entry.turnId === turnId && entry.item.id === itemId) return entry.seq;
    }
    return undefined;
  }

  modelContextParts(threadId: string): string[] {
    const state = this.threads.get(threadId);
    if (!state) return [];
    const out: string[] = [];
    const base = state.base ? innerText(state.base.items) : "";
    if (base !== "") out.push(base);
    const from = state.base?.uptoSeq ?? 0;
    const rest: string[] = [];
    for (const item of state.items) if (item.seq > from && item.context.length > 0) rest.push(innerText(item.context));
    if (rest.length > 0) out.push(rest.join(","));
    return out;
  }

  firstModelContextText(threadId: string): string | null {
    const state = this.threads.get(threadId);
    if (!state) return null;
    if (state.base && state.base.items.length > 0) return JSON.stringify(state.base.items);
    const from = state.base?.uptoSeq ?? 0;
    const first = state.items.find((item) => item.seq > from && item.context.length > 0);
    return first ? JSON.stringify(first.context) : null;
  }

  modelContext(threadId: string): JsonValue[] {
    const state = this.threads.get(threadId);
    if (!state) return [];
    const out: JsonValue[] = state.base ? structuredClone(state.base.items) : [];
    const from = state.base?.uptoSeq ?? 0;
    for (const item of state.items) if (item.seq > from) out.push(...structuredClone(item.context));
    return out;
  }

  replaceModelContext(threadId: string, items: JsonValue[]): void {
    const state = this.state(threadId);
    state.base = { items: structuredClone(items), uptoSeq: state.items.at(-1)?.seq ?? 0 };
  }

  dropTurnsFrom(threadId: string, turnSeq: number): void {
    const state = this.threads.get(threadId);
    if (!state) return;
    const dropped = new Set(state.turns.filter((t) => t.seq >= turnSeq).map((t) => t.id));
    state.turns = state.turns.filter((t) => !dropped.has(t.id));
    state.items = state.items.filter((i) => !dropped.has(i.turnId));
    if (state.base && state.base.uptoSeq > (state.items.at(-1)?.seq ?? 0)) state.base = null;
  }

  exportHistory(threadId: string): ExportedHistory {
    const state = this.threads.get(threadId);
    return structuredClone({ turns: state?.turns ?? [], items: state?.items ?? [], contextBase: state?.base ?? null });
  }

  importHistory(threadId: string, history: ExportedHistory): void {
    const copy = structuredClone(history);
    this.threads.set(threadId, {
      turns: copy.turns.map((t) => ({ ...t, threadId })),
      items: copy.items,
      base: copy.contextBase,
    });
  }
}

function withoutContext(item: ExportedItem): StoredItem {
  return { seq: item.seq, turnId: item.turnId, item: item.item, startedAtMs: item.startedAtMs, completedAtMs: item.completedAtMs };
}

/** Rows (in seq order) of a page query. */
export function pageBySeq<T extends { seq: number }>(rows: readonly T[], query: SeqPageQuery): T[] {
  const { after, direction, limit } = query;
  const ordered = direction === "asc" ? rows : [...rows].reverse();
  const out: T[] = [];
  for (const row of ordered) {
    if (limit >= 0 && out.length >= limit) break;
    if (after) {
      const beyond = direction === "asc" ? row.seq > after.seq : row.seq < after.seq;
      if (!beyond && !(after.inclusive && row.seq === after.seq)) continue;
    }
    out.push(row);
  }
  return out;
}

/** The JSON text of `items` without the array's brackets. */
function innerText(items: readonly JsonValue[]): string {
  return JSON.stringify(items).slice(1, -1);
}
