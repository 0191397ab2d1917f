import path from "node:path";
import { findThread, historyFor, notMaterialized } from "../core/thread-operations.js";
import { preparedFirstTurns } from "../core/first-turns-page.js";
import { listSectionThreads } from "../core/section-thread-list.js";
import { parseThreadId } from "../core/thread-id.js";
import { parseUuid } from "../util/uuid.js";
import type { ThreadManager } from "../core/thread-manager.js";
import { pageShownItems, protocolThread, protocolThreadFromStore, protocolTurns } from "../core/wire-shapes.js";
import { ErrorCode, invalidRequest, RpcError } from "../protocol/errors.js";
import type { ParamsOf, ResultOf } from "../protocol/registry.js";
import type { ThreadReadState } from "../protocol/thread.js";
import { checkThreadListCursor, decodeCursor, encodeCursor } from "../store/cursor.js";
import type { SeqPageQuery, ThreadHistory } from "../store/history.js";
import type { HandlerTable, RequestConnection } from "./context.js";

const DEFAULT_THREAD_LIST_LIMIT = 25;
const MAX_THREAD_LIST_LIMIT = 1000;
const DEFAULT_TURNS_LIMIT = 25;
const DEFAULT_ITEMS_LIMIT = 100;
const MAX_PAGE_LIMIT = 1000;
const MAX_EXCLUDED_IDS = 100;
const INTERACTIVE_SOURCE_KINDS = ["cli", "vscode"];

function pageLimit(limit: number | null | undefined, fallback: number, max: number): number {
  if (limit === null || limit === undefined || limit === 0) return fallback;
  return Math.min(limit, max);
}

/** `deprecationNotice` to a client asking for (or not opting out of) a paginated thread's full history. */
export function hydrationNotice(connection: RequestConnection, what: "includeTurns" | "excludeTurns"): void {
  const summary =
    what === "includeTurns"
      ? "Full-history hydration is deprecated for paginated threads; omit `includeTurns` or set it to `false`, then page with `thread/turns/list` and `thread/items/list`."
      : "Full-history hydration is deprecated for paginated threads; set `excludeTurns` to `true`, then page with `thread/turns/list` and `thread/items/list`.";
  connection.notify("deprecationNotice", { summary, details: null });
}

function readThread(threads: ThreadManager, connection: RequestConnection, params: ParamsOf<"thread/read">): ResultOf<"thread/read"> {
  const id = parseThreadId(params.threadId);
  const found = findThread(threads, id);
  const includeTurns = params.includeTurns === true;
  if (includeTurns) {
    if (found.loaded && !threads.isMaterialized(found.loaded)) throw notMaterialized(id, "includeTurns");
    if (found.historyMode === "paginated") hydrationNotice(connection, "includeTurns");
  }
  const thread = found.loaded
    ? protocolThread(threads, found.loaded, { includeTurns })
    : protocolThreadFromStore(
        threads,
        { record: found.record, historyMode: found.historyMode, readState: found.readState! },
        { includeTurns },
      );
  return { thread, readState: found.readState };
}

function checkThreadIds(ids: readonly string[]): string[] {
  return ids.map((raw) => {
    const parsed = parseUuid(raw);
    if (!parsed.ok) throw new RpcError(ErrorCode.invalidParams, `invalid excluded thread id: ${parsed.error}`);
    return parsed.id;
  });
}

/** A thread id filter of thread/list, canonical, or the reference's `invalid <what> id` error. */
function filterThreadId(raw: string | null | undefined, what: string): string | null {
  if (typeof raw !== "string") return null;
  const parsed = parseUuid(raw);
  if (!parsed.ok) throw invalidRequest(`invalid ${what} id: ${parsed.error}`);
  return parsed.id;
}

function listThreads(threads: ThreadManager, params: ParamsOf<"thread/list">): ResultOf<"thread/list"> {
  // Checked in the reference's order: exclusions, originators, filter combinations, filter ids, cursor.
  const excluded = params.excludedThreadIds ?? [];
  if (excluded.length > MAX_EXCLUDED_IDS) {
    throw new RpcError(ErrorCode.invalidParams, `excludedThreadIds accepts at most ${MAX_EXCLUDED_IDS} entries`);
  }
  const excludedIds = checkThreadIds(excluded);
  if (params.originators && params.originators.length > 0) {
    throw new RpcError(ErrorCode.invalidParams, "originator filtering is not supported by the local app-server");
  }
  const hasParent = typeof params.parentThreadId === "string";
  const hasAncestor = typeof params.ancestorThreadId === "string";
  if (typeof params.attachedToThreadId === "string" && (hasParent || hasAncestor)) {
    throw invalidRequest("attachedToThreadId cannot be combined with parentThreadId or ancestorThreadId");
  }
  if (hasParent && hasAncestor) throw invalidRequest("parentThreadId and ancestorThreadId are mutually exclusive");
  const parentThreadId = filterThreadId(params.parentThreadId, "parent thread");
  const ancestorThreadId = filterThreadId(params.ancestorThreadId, "ancestor thread");
  const attachedTo = filterThreadId(params.attachedToThreadId, "attached thread parent");
  if (params.sortKey === "section_position" && typeof params.sectionId !== "string") {
    throw invalidRequest("section-position sorting requires a section filter");
  }
  const direction = params.sortDirection ?? "desc";
  const limit = pageLimit(params.limit, DEFAULT_THREAD_LIST_LIMIT, MAX_THREAD_LIST_LIMIT);
  if (typeof params.sectionId === "string" && typeof params.projectId !== "string" && attachedTo === null) {
    return listSectionThreadsPage(threads, params, params.sectionId, direction, limit, excludedIds);
  }
  const sortKey = params.sortKey === "section_position" ? "updated_at" : (params.sortKey ?? "created_at");
  // Validated (even empty) before anything is read.
  if (typeof params.cursor === "string") checkThreadListCursor(params.cursor, sortKey);

  // Filters this server can never match: projects and attached threads do not exist here.
  const empty = typeof params.sectionId === "string" || typeof params.projectId === "string" || attachedTo !== null;
  if (empty) return { data: [], readStates: {}, nextCursor: null, backwardsCursor: null };
  // `sectionId: null` asks for the threads no section holds.
  if (params.sectionId === null) excludedIds.push(...threads.store.sections.sectionedThreadIds());

  const cwd = params.cwd;
  const cwds = cwd === null || cwd === undefined ? null : (Array.isArray(cwd) ? cwd : [cwd]).map((c) => path.resolve(process.cwd(), c));
  const page = threads.store.listThreads({
    limit,
    cursor: params.cursor ? params.cursor : null,
    sortKey,
    direction,
    archived: params.archived === true,
    cwds: cwds && cwds.length > 0 ? cwds : null,
    searchTerm: params.searchTerm ? params.searchTerm : null,
    modelProviders: params.modelProviders && params.modelProviders.length > 0 ? params.modelProviders : null,
    // A parent or ancestor filter asks for sub-agents, whatever their source kind.
    sourceKinds:
      params.sourceKinds && params.sourceKinds.length > 0 ? params.sourceKinds : parentThreadId || ancestorThreadId ? null : INTERACTIVE_SOURCE_KINDS,
    parentThreadId,
    ancestorThreadId,
    excludedIds,
  });
  const readStates: Record<string, ThreadReadState> = {};
  const data = page.rows.map((stored) => {
    readStates[stored.record.id] = stored.readState;
    return protocolThreadFromStore(threads, stored, { listing: true });
  });
  return { data, readStates, nextCursor: page.nextCursor, backwardsCursor: page.backwardsCursor };
}

function listSectionThreadsPage(
  threads: ThreadManager,
  params: ParamsOf<"thread/list">,
  sectionId: string,
  direction: "asc" | "desc",
  limit: number,
  excludedIds: string[],
): ResultOf<"thread/list"> {
  const cwd = params.cwd;
  const cwds = cwd === null || cwd === undefined ? null : (Array.isArray(cwd) ? cwd : [cwd]).map((c) => path.resolve(process.cwd(), c));
  const page = listSectionThreads(threads, {
    sectionId,
    sortKey: params.sortKey ?? "created_at",
    direction,
    limit,
    cursor: typeof params.cursor === "string" ? params.cursor : null,
    archived: params.archived === true,
    cwds: cwds && cwds.length > 0 ? cwds : null,
    searchTerm: params.searchTerm ? params.searchTerm : null,
    modelProviders: params.modelProviders && params.modelProviders.length > 0 ? params.modelProviders : null,
    excludedIds,
  });
  const readStates: Record<string, ThreadReadState> = {};
  const data = page.rows.map((stored) => {
    readStates[stored.record.id] = stored.readState;
    return protocolThreadFromStore(threads, stored, { listing: true });
  });
  return { data, readStates, nextCursor: page.nextCursor, backwardsCursor: page.backwardsCursor };
}

function listLoadedThreads(threads: ThreadManager, params: ParamsOf<"thread/loaded/list">): ResultOf<"thread/loaded/list"> {
  const ids = threads.loadedIds().sort();
  let start = 0;
  if (params.cursor) {
    const cursor = decodeCursor(params.cursor, "loaded");
    start = ids.findIndex((id) => id > cursor.id);
    if (start === -1) start = ids.length;
  }
  const limit = params.limit ? params.limit : ids.length;
  const data = ids.slice(start, start + limit);
  const more = start + limit < ids.length;
  const last = data.at(-1);
  return {
    data,
    nextCursor: more && last ? encodeCursor({ kind: "loaded", value: 0, id: last, inclusive: false }) : null,
  };
}

function seqQuery(cursor: string | null | undefined, kind: string, direction: "asc" | "desc", limit: number): SeqPageQuery {
  const decoded = cursor ? decodeCursor(cursor, kind) : null;
  return { after: decoded ? { seq: decoded.value, inclusive: decoded.inclusive } : null, direction, limit: limit + 1 };
}

/** thread/turns/list (also thread/resume's `initialTurnsPage`). */
export function listTurns(threads: ThreadManager, params: ParamsOf<"thread/turns/list">): ResultOf<"thread/turns/list"> {
  const id = parseThreadId(params.threadId);
  const direction = params.sortDirection ?? "desc";
  const limit = pageLimit(params.limit, DEFAULT_TURNS_LIMIT, MAX_PAGE_LIMIT);
  const query = seqQuery(params.cursor, "turn", direction, limit);
  const history = historyFor(threads, id, "thread/turns/list");
  const view = params.itemsView ?? "summary";
  const prepared = params.cursor || direction !== "desc" || view !== "summary" ? undefined : preparedFirstTurns(threads, id, limit);
  const rows = prepared?.rows ?? history.pageTurns(id, query);
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const first = rows[0];
  const last = rows.at(-1);
  return {
    data: prepared?.turns ?? protocolTurns(history, id, rows, view),
    nextCursor: more && last ? encodeCursor({ kind: "turn", value: last.seq, id: last.id, inclusive: false }) : null,
    backwardsCursor: first ? encodeCursor({ kind: "turn", value: first.seq, id: first.id, inclusive: true }) : null,
  };
}

function listItems(threads: ThreadManager, params: ParamsOf<"thread/items/list">): ResultOf<"thread/items/list"> {
  const id = parseThreadId(params.threadId);
  const direction = params.sortDirection ?? "asc";
  const limit = pageLimit(params.limit, DEFAULT_ITEMS_LIMIT, MAX_PAGE_LIMIT);
  const turnId = params.turnId ? params.turnId : null;
  let query: SeqPageQuery;
  const cursor = params.cursor;
  if (cursor !== null && cursor !== undefined && typeof cursor === "object") {
    if (turnId === null) throw invalidRequest("an item anchor cursor requires a non-empty turnId");
    query = { after: null, direction, limit: limit + 1 };
  } else {
    query = seqQuery(cursor, "item", direction, limit);
  }
  const history = historyFor(threads, id, "thread/items/list");
  if (turnId !== null && !history.getTurn(id, turnId)) throw invalidRequest(`turn not found in thread ${id}: ${turnId}`);
  if (cursor !== null && cursor !== undefined && typeof cursor === "object") {
    const seq = history.itemSeq(id, turnId!, cursor.itemId);
    if (seq === undefined) throw invalidRequest(`item not found in turn ${turnId}: ${cursor.itemId}`);
    query.after = { seq, inclusive: false };
  }
  const rows = pageShownItems(history, id, turnId, query);
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const first = rows[0];
  const last = rows.at(-1);
  return {
    data: rows.map((row) => ({
      turnId: row.turnId,
      item: row.item,
      startedAtMs: row.startedAtMs,
      completedAtMs: row.completedAtMs,
    })),
    nextCursor: more && last ? encodeCursor({ kind: "item", value: last.seq, id: last.item.id, inclusive: false }) : null,
    backwardsCursor: first ? encodeCursor({ kind: "item", value: first.seq, id: first.item.id, inclusive: true }) : null,
  };
}

/** Cursors that page back from the latest turn and item (inclusive), for thread/turns/list and thread/items/list with `desc`. */
export function backwardsCursors(history: ThreadHistory, id: string): { turnsBackwardsCursor: string | null; itemsBackwardsCursor: string | null } {
  const lastTurn = history.pageTurns(id, { after: null, direction: "desc", limit: 1 })[0];
  const lastItem = pageShownItems(history, id, null, { after: null, direction: "desc", limit: 1 })[0];
  return {
    turnsBackwardsCursor: lastTurn ? encodeCursor({ kind: "turn", value: lastTurn.seq, id: lastTurn.id, inclusive: true }) : null,
    itemsBackwardsCursor: lastItem ? encodeCursor({ kind: "item", value: lastItem.seq, id: lastItem.item.id, inclusive: true }) : null,
  };
}

type ThreadReadMethods = "thread/read" | "thread/list" | "thread/loaded/list" | "thread/turns/list" | "thread/items/list";

/** Reading threads and their history: loaded or stored, paged with opaque cursors. */
export const threadReadHandlers: Pick<HandlerTable, ThreadReadMethods> = {
  "thread/read": (params, { services, connection }) => readThread(services.threads, connection, params),
  "thread/list": (params, { services }) => listThreads(services.threads, params),
  "thread/loaded/list": (params, { services }) => listLoadedThreads(services.threads, params),
  "thread/turns/list": (params, { services }) => listTurns(services.threads, params),
  "thread/items/list": (params, { services }) => listItems(services.threads, params),
};
