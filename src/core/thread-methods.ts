import { randomUUID } from "node:crypto";
import path from "node:path";
import type { ParamsOf, ResultOf } from "../protocol/registry.js";
import type { ThreadReadState } from "../protocol/thread.js";
import type { AppServer } from "../server/app-server.js";
import { invalidRequest, type RpcError } from "../protocol/errors.js";
import type { Session } from "../server/session.js";
import { decodeCursor, encodeCursor } from "../store/cursor.js";
import type { ExportedHistory, SeqPageQuery } from "../store/history.js";
import type { ThreadRecord, ThreadSettings } from "../store/types.js";
import { CODEX_PROTOCOL_VERSION } from "../version.js";
import { collectGitInfo } from "./thread-git.js";
import { newId, parseThreadId, parseUuid } from "./thread-id.js";
import { nowSeconds, userMessageText, type ThreadEntry, type ThreadManager } from "./thread-manager.js";
import { replayThreadRequests } from "./thread-requests.js";
import { resolveSettings } from "./thread-settings.js";

/**
 * The thread/* request methods. Handlers in src/api/thread.ts are thin
 * wrappers; everything here runs against `server.threads`.
 */

const DEFAULT_THREAD_LIST_LIMIT = 25;
const MAX_THREAD_LIST_LIMIT = 1000;
const DEFAULT_TURNS_LIMIT = 25;
const DEFAULT_ITEMS_LIMIT = 100;
const MAX_PAGE_LIMIT = 1000;
const MAX_EXCLUDED_IDS = 100;
const INTERACTIVE_SOURCE_KINDS = ["cli", "vscode"];

/** Runs `fn` after the current request's response has been written (notifications that follow a response). */
function afterResponse(fn: () => void): void {
  setImmediate(fn);
}

function noRollout(id: string): RpcError {
  return invalidRequest(`no rollout found for thread id ${id}`);
}

function notMaterialized(id: string, what: string): RpcError {
  return invalidRequest(`thread ${id} is not materialized yet; ${what} is unavailable before first user message`);
}

function pageLimit(limit: number | null | undefined, fallback: number, max: number): number {
  if (limit === null || limit === undefined || limit === 0) return fallback;
  return Math.min(limit, max);
}

type SessionResponse = ResultOf<"thread/start">;

function sessionResponse(threads: ThreadManager, entry: ThreadEntry, includeTurns: boolean): SessionResponse {
  const settings = entry.thread.record.settings;
  return {
    thread: threads.toProtocolThread(entry.thread, { includeTurns }),
    model: settings.model,
    modelProvider: settings.modelProvider,
    serviceTier: settings.serviceTier,
    disabledPluginIds: [],
    cwd: settings.cwd,
    runtimeWorkspaceRoots: entry.runtimeWorkspaceRoots,
    instructionSources: threads.instructionsOf(entry.thread).sources,
    approvalPolicy: settings.approvalPolicy,
    approvalsReviewer: settings.approvalsReviewer,
    sandbox: settings.sandboxPolicy,
    activePermissionProfile: null,
    reasoningEffort: settings.reasoningEffort,
    multiAgentMode: "explicitRequestOnly",
  };
}

/** What a new thread takes over from the thread it is forked from (thread/fork), or starts without (thread/start). */
interface ThreadOrigin {
  preview: string;
  forkedFromId: string | null;
  gitInfo: ThreadRecord["gitInfo"];
  tokenUsage: ThreadRecord["tokenUsage"];
}

/** The record of a thread created by this session now (thread/start and thread/fork). */
function newThreadRecord(
  session: Session,
  settings: ThreadSettings,
  threadSource: string | null | undefined,
  now: number,
  origin: ThreadOrigin,
): ThreadRecord {
  return {
    id: newId(),
    createdAt: now,
    updatedAt: now,
    recencyAt: now,
    archived: false,
    name: null,
    preview: origin.preview,
    cwd: settings.cwd,
    modelProvider: settings.modelProvider,
    model: settings.model,
    reasoningEffort: settings.reasoningEffort,
    source: "vscode",
    originator: session.clientInfo?.name ?? null,
    threadSource: threadSource ?? null,
    forkedFromId: origin.forkedFromId,
    gitInfo: origin.gitInfo,
    cliVersion: CODEX_PROTOCOL_VERSION,
    settings,
    tokenUsage: origin.tokenUsage,
  };
}

/** Subscribes the session that created `entry`, and tells every connection once the response is out. */
function announceNewThread(server: AppServer, session: Session, entry: ThreadEntry, includeTurns: boolean): SessionResponse {
  server.threads.subscribe(entry, session);
  const response = sessionResponse(server.threads, entry, includeTurns);
  afterResponse(() => server.broadcast("thread/started", { thread: response.thread }));
  return response;
}

function newReadState(): ThreadReadState {
  return { firstUnread: null, revision: randomUUID() };
}

function hydrationNotice(session: Session, what: "includeTurns" | "excludeTurns"): void {
  const summary =
    what === "includeTurns"
      ? "Full-history hydration is deprecated for paginated threads; omit `includeTurns` or set it to `false`, then page with `thread/turns/list` and `thread/items/list`."
      : "Full-history hydration is deprecated for paginated threads; set `excludeTurns` to `true`, then page with `thread/turns/list` and `thread/items/list`.";
  session.notify("deprecationNotice", { summary, details: null });
}

/** A loaded thread, or a stored one (not loaded); unknown → `no rollout found for thread id <id>`. */
function findThread(threads: ThreadManager, id: string): { entry?: ThreadEntry; record: ThreadRecord; historyMode: "legacy" | "paginated"; readState: ThreadReadState | null } {
  const entry = threads.entryById(id);
  if (entry) {
    return {
      entry,
      record: entry.thread.record,
      historyMode: entry.historyMode,
      readState: entry.persisted ? entry.readState : null,
    };
  }
  const stored = threads.store.getThread(id);
  if (!stored) throw noRollout(id);
  return { record: stored.record, historyMode: stored.historyMode, readState: stored.readState };
}

// -----------------------------------------------------------------------------
// start / resume / fork

export function startThread(server: AppServer, session: Session, params: ParamsOf<"thread/start">): SessionResponse {
  const threads = server.threads;
  const settings = resolveSettings(server, null, params);
  const record = newThreadRecord(session, settings, params.threadSource, nowSeconds(), {
    preview: "",
    forkedFromId: null,
    gitInfo: collectGitInfo(settings.cwd),
    tokenUsage: null,
  });
  const entry = threads.register(record, {
    ephemeral: params.ephemeral === true,
    historyMode: params.historyMode ?? "paginated",
    readState: newReadState(),
    persisted: false,
    runtimeWorkspaceRoots: params.runtimeWorkspaceRoots ?? [settings.cwd],
    environments: params.environments ?? null,
  });
  threads.loadInstructions(entry);
  return announceNewThread(server, session, entry, false);
}

export function resumeThread(server: AppServer, session: Session, params: ParamsOf<"thread/resume">): ResultOf<"thread/resume"> {
  const threads = server.threads;
  const id = parseThreadId(params.threadId);
  const entry = threads.load(id);
  if (!entry) throw noRollout(id);
  const settings = resolveSettings(server, entry.thread.record.settings, params);
  if (JSON.stringify(settings) !== JSON.stringify(entry.thread.record.settings)) threads.updateSettings(entry.thread, settings);
  if (params.runtimeWorkspaceRoots) entry.runtimeWorkspaceRoots = params.runtimeWorkspaceRoots;
  else if (params.cwd) entry.runtimeWorkspaceRoots = [settings.cwd];
  threads.loadInstructions(entry);
  threads.subscribe(entry, session);
  // Approvals still waiting for an answer go to the new subscriber too (same ids), after the response.
  afterResponse(() => replayThreadRequests(entry.thread, session));

  const excludeTurns = params.excludeTurns === true;
  const materialized = threads.isMaterialized(entry);
  if (!excludeTurns && materialized && entry.historyMode === "paginated") hydrationNotice(session, "excludeTurns");
  let turnsBackwardsCursor: string | null = null;
  let itemsBackwardsCursor: string | null = null;
  const history = threads.historyOf(entry);
  if (excludeTurns && materialized) {
    const lastTurn = history.pageTurns(id, { after: null, direction: "desc", limit: 1 })[0];
    const lastItem = history.pageItems(id, null, { after: null, direction: "desc", limit: 1 })[0];
    if (lastTurn) turnsBackwardsCursor = encodeCursor({ kind: "turn", value: lastTurn.seq, id: lastTurn.id, inclusive: true });
    if (lastItem) {
      itemsBackwardsCursor = encodeCursor({ kind: "item", value: lastItem.seq, id: lastItem.item.id, inclusive: true });
    }
  }
  const response = {
    ...sessionResponse(threads, entry, !excludeTurns && materialized),
    collaborationMode: null,
    initialTurnsPage: materialized ? initialTurnsPage(server, id, params.initialTurnsPage) : null,
    turnsBackwardsCursor,
    itemsBackwardsCursor,
  };
  const usage = entry.thread.record.tokenUsage;
  if (usage && materialized) {
    const lastTurn = history.pageTurns(id, { after: null, direction: "desc", limit: 1 })[0];
    if (lastTurn) {
      afterResponse(() => session.notify("thread/tokenUsage/updated", { threadId: id, turnId: lastTurn.id, tokenUsage: usage }));
    }
  }
  return response;
}

/** thread/resume's experimental `initialTurnsPage`: the first `thread/turns/list` page, in the same response. */
function initialTurnsPage(server: AppServer, threadId: string, request: unknown): ResultOf<"thread/turns/list"> | null {
  if (request === null || typeof request !== "object" || Array.isArray(request)) return null;
  const { limit, sortDirection, itemsView } = request as Record<string, unknown>;
  return listTurns(server, {
    threadId,
    limit: typeof limit === "number" && Number.isInteger(limit) && limit >= 0 ? limit : null,
    sortDirection: sortDirection === "asc" || sortDirection === "desc" ? sortDirection : null,
    itemsView: itemsView === "notLoaded" || itemsView === "summary" || itemsView === "full" ? itemsView : null,
  });
}

export function forkThread(server: AppServer, session: Session, params: ParamsOf<"thread/fork">): ResultOf<"thread/fork"> {
  const threads = server.threads;
  const sourceId = parseThreadId(params.threadId);
  const source = findThread(threads, sourceId);
  const sourceHistory = source.entry ? threads.historyOf(source.entry) : threads.store;
  const materialized = source.entry ? threads.isMaterialized(source.entry) : true;
  const history: ExportedHistory = materialized
    ? sourceHistory.exportHistory(sourceId)
    : { turns: [], items: [], contextBase: null };

  // The cut: lastTurnId (inclusive) or beforeTurnId (exclusive).
  let keep = history.turns.length;
  if (params.lastTurnId) {
    const index = history.turns.findIndex((t) => t.id === params.lastTurnId);
    if (index === -1) throw invalidRequest(`turn not found in thread ${sourceId}: ${params.lastTurnId}`);
    if (history.turns[index]!.status === "inProgress") {
      throw invalidRequest(`cannot fork from turn ${params.lastTurnId}: it is still in progress`);
    }
    keep = index + 1;
  }
  if (params.beforeTurnId) {
    const index = history.turns.findIndex((t) => t.id === params.beforeTurnId);
    if (index === -1) throw invalidRequest(`turn not found in thread ${sourceId}: ${params.beforeTurnId}`);
    keep = Math.min(keep, index);
  }
  const now = nowSeconds();
  const turns = history.turns.slice(0, keep).map((turn) =>
    // Forking a running thread snapshots it as if interrupted.
    turn.status === "inProgress" ? { ...turn, status: "interrupted" as const, completedAt: now } : turn,
  );
  const kept = new Set(turns.map((t) => t.id));
  const items = history.items.filter((item) => kept.has(item.turnId));
  const lastSeq = items.at(-1)?.seq ?? 0;
  const contextBase = history.contextBase && history.contextBase.uptoSeq <= lastSeq ? history.contextBase : null;
  const copied: ExportedHistory = { turns, items, contextBase };

  const settings = resolveSettings(server, source.record.settings, params);
  let preview = "";
  for (const item of items) {
    const text = userMessageText(item.item);
    if (text !== undefined) {
      preview = text;
      break;
    }
  }
  const record = newThreadRecord(session, settings, params.threadSource, now, {
    preview,
    forkedFromId: sourceId,
    gitInfo: source.record.gitInfo,
    tokenUsage: source.record.tokenUsage,
  });
  const ephemeral = params.ephemeral === true;
  const readState = newReadState();
  const persist = !ephemeral && turns.length > 0;
  if (persist) {
    const store = threads.store;
    store.transaction(() => {
      store.insertThread({ record, historyMode: "paginated", readState });
      store.importHistory(record.id, copied);
    });
  }
  const entry = threads.register(record, {
    ephemeral,
    historyMode: "paginated",
    readState,
    persisted: persist,
    hasTurns: turns.length > 0,
    runtimeWorkspaceRoots: params.runtimeWorkspaceRoots ?? [settings.cwd],
  });
  if (ephemeral && turns.length > 0) threads.historyOf(entry).importHistory(record.id, copied);
  threads.loadInstructions(entry);
  const excludeTurns = params.excludeTurns === true;
  if (!excludeTurns && turns.length > 0) hydrationNotice(session, "excludeTurns");
  return announceNewThread(server, session, entry, !excludeTurns && turns.length > 0);
}

// -----------------------------------------------------------------------------
// read / list

export function readThread(server: AppServer, session: Session, params: ParamsOf<"thread/read">): ResultOf<"thread/read"> {
  const threads = server.threads;
  const id = parseThreadId(params.threadId);
  const found = findThread(threads, id);
  const includeTurns = params.includeTurns === true;
  if (includeTurns) {
    if (found.entry && !threads.isMaterialized(found.entry)) throw notMaterialized(id, "includeTurns");
    if (found.historyMode === "paginated") hydrationNotice(session, "includeTurns");
  }
  const thread = found.entry
    ? threads.toProtocolThread(found.entry.thread, { includeTurns })
    : threads.toProtocolThreadFromStore(
        { record: found.record, historyMode: found.historyMode, readState: found.readState! },
        { includeTurns },
      );
  return { thread, readState: found.readState };
}

function checkThreadIds(ids: readonly string[]): string[] {
  return ids.map((raw) => {
    const parsed = parseUuid(raw);
    if (!parsed.ok) throw invalidRequest(`invalid thread id: ${parsed.error}`);
    return parsed.id;
  });
}

export function listThreads(server: AppServer, params: ParamsOf<"thread/list">): ResultOf<"thread/list"> {
  const threads = server.threads;
  if (params.originators && params.originators.length > 0) {
    throw invalidRequest("originators filter is not supported by the local app-server");
  }
  const excluded = params.excludedThreadIds ?? [];
  if (excluded.length > MAX_EXCLUDED_IDS) {
    throw invalidRequest(`excludedThreadIds accepts at most ${MAX_EXCLUDED_IDS} thread ids, got ${excluded.length}`);
  }
  const excludedIds = checkThreadIds(excluded);
  // No sections here: section order falls back to update order.
  const sortKey = params.sortKey === "section_position" ? "updated_at" : (params.sortKey ?? "created_at");
  const direction = params.sortDirection ?? "desc";
  const limit = pageLimit(params.limit, DEFAULT_THREAD_LIST_LIMIT, MAX_THREAD_LIST_LIMIT);
  if (params.cursor) decodeCursor(params.cursor, sortKey); // validate before anything else

  // Filters this server can never match: sections, projects, parents and attachments do not exist here.
  const empty =
    typeof params.sectionId === "string" ||
    typeof params.projectId === "string" ||
    typeof params.parentThreadId === "string" ||
    typeof params.ancestorThreadId === "string" ||
    typeof params.attachedToThreadId === "string";
  if (empty) return { data: [], readStates: {}, nextCursor: null, backwardsCursor: null };

  const cwd = params.cwd;
  const cwds = cwd === null || cwd === undefined ? null : (Array.isArray(cwd) ? cwd : [cwd]).map((c) => path.resolve(process.cwd(), c));
  const page = threads.store.listThreads({
    limit,
    cursor: params.cursor ?? null,
    sortKey,
    direction,
    archived: params.archived === true,
    cwds: cwds && cwds.length > 0 ? cwds : null,
    searchTerm: params.searchTerm ? params.searchTerm : null,
    modelProviders: params.modelProviders && params.modelProviders.length > 0 ? params.modelProviders : null,
    sourceKinds: params.sourceKinds && params.sourceKinds.length > 0 ? params.sourceKinds : INTERACTIVE_SOURCE_KINDS,
    excludedIds,
  });
  const readStates: Record<string, ThreadReadState> = {};
  const data = page.rows.map((stored) => {
    readStates[stored.record.id] = stored.readState;
    return threads.toProtocolThreadFromStore(stored, { listing: true });
  });
  return { data, readStates, nextCursor: page.nextCursor, backwardsCursor: page.backwardsCursor };
}

export function listLoadedThreads(server: AppServer, params: ParamsOf<"thread/loaded/list">): ResultOf<"thread/loaded/list"> {
  const ids = server.threads.loadedIds().sort();
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

/** History access for turns/items listing: loaded or stored, materialized. */
function historyFor(threads: ThreadManager, id: string, what: string) {
  const found = findThread(threads, id);
  if (found.entry && !threads.isMaterialized(found.entry)) throw notMaterialized(id, what);
  return found.entry ? threads.historyOf(found.entry) : threads.store;
}

function seqQuery(cursor: string | null | undefined, kind: string, direction: "asc" | "desc", limit: number): SeqPageQuery {
  const decoded = cursor ? decodeCursor(cursor, kind) : null;
  return { after: decoded ? { seq: decoded.value, inclusive: decoded.inclusive } : null, direction, limit: limit + 1 };
}

export function listTurns(server: AppServer, params: ParamsOf<"thread/turns/list">): ResultOf<"thread/turns/list"> {
  const threads = server.threads;
  const id = parseThreadId(params.threadId);
  const direction = params.sortDirection ?? "desc";
  const limit = pageLimit(params.limit, DEFAULT_TURNS_LIMIT, MAX_PAGE_LIMIT);
  const query = seqQuery(params.cursor, "turn", direction, limit);
  const history = historyFor(threads, id, "thread/turns/list");
  const rows = history.pageTurns(id, query);
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const first = rows[0];
  const last = rows.at(-1);
  return {
    data: threads.turnsWithItems(history, id, rows, params.itemsView ?? "summary"),
    nextCursor: more && last ? encodeCursor({ kind: "turn", value: last.seq, id: last.id, inclusive: false }) : null,
    backwardsCursor: first ? encodeCursor({ kind: "turn", value: first.seq, id: first.id, inclusive: true }) : null,
  };
}

export function listItems(server: AppServer, params: ParamsOf<"thread/items/list">): ResultOf<"thread/items/list"> {
  const threads = server.threads;
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
  const rows = history.pageItems(id, turnId, query);
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

// -----------------------------------------------------------------------------
// archive / unarchive / delete / name / metadata / read state / unsubscribe

function notPersisted(id: string, action: string): RpcError {
  return invalidRequest(`thread is not persisted and cannot be ${action}: ${id}`);
}

function setArchived(server: AppServer, rawId: string, archived: boolean): string {
  const threads = server.threads;
  const id = parseThreadId(rawId);
  const entry = threads.entryById(id);
  if (entry?.thread.ephemeral) throw notPersisted(id, archived ? "archived" : "unarchived");
  if (entry && !entry.persisted) throw noRollout(id);
  if (!threads.store.setArchived(id, archived)) throw noRollout(id);
  if (entry) entry.thread.record.archived = archived;
  return id;
}

export function archiveThread(server: AppServer, params: ParamsOf<"thread/archive">): ResultOf<"thread/archive"> {
  const id = setArchived(server, params.threadId, true);
  afterResponse(() => server.broadcast("thread/archived", { threadId: id }));
  return {};
}

export function unarchiveThread(server: AppServer, params: ParamsOf<"thread/unarchive">): ResultOf<"thread/unarchive"> {
  const id = setArchived(server, params.threadId, false);
  const threads = server.threads;
  const entry = threads.entryById(id);
  const thread = entry
    ? threads.toProtocolThread(entry.thread)
    : threads.toProtocolThreadFromStore(threads.store.getThread(id)!);
  afterResponse(() => server.broadcast("thread/unarchived", { threadId: id }));
  return { thread };
}

export async function deleteThread(server: AppServer, params: ParamsOf<"thread/delete">): Promise<ResultOf<"thread/delete">> {
  const threads = server.threads;
  const id = parseThreadId(params.threadId);
  const entry = threads.entryById(id);
  if (entry?.thread.ephemeral) throw notPersisted(id, "deleted");
  const stored = threads.store.hasThread(id);
  if (!entry && !stored) throw noRollout(id);
  if (entry) {
    await entry.thread.activeTurn?.interrupt();
    threads.forget(entry);
  }
  if (stored) threads.store.deleteThread(id);
  afterResponse(() => server.broadcast("thread/deleted", { threadId: id }));
  return {};
}

export function setThreadName(server: AppServer, params: ParamsOf<"thread/name/set">): ResultOf<"thread/name/set"> {
  const threads = server.threads;
  const id = parseThreadId(params.threadId);
  const found = findThread(threads, id);
  const trimmed = params.name.trim();
  const name = trimmed === "" ? null : trimmed;
  if (found.entry) {
    found.entry.thread.record.name = name;
    threads.saveLoadedRecord(found.entry);
  } else {
    threads.store.updateThread({ ...found.record, name });
  }
  afterResponse(() =>
    server.broadcast("thread/name/updated", name === null ? { threadId: id } : { threadId: id, threadName: name }),
  );
  return {};
}

export function updateThreadMetadata(
  server: AppServer,
  params: ParamsOf<"thread/metadata/update">,
): ResultOf<"thread/metadata/update"> {
  const threads = server.threads;
  const id = parseThreadId(params.threadId);
  const found = findThread(threads, id);
  const record = found.entry ? found.entry.thread.record : { ...found.record };
  const patch = params.gitInfo;
  if (patch) {
    const current = record.gitInfo ?? { sha: null, branch: null, originUrl: null };
    const next = {
      sha: patch.sha === undefined ? current.sha : patch.sha,
      branch: patch.branch === undefined ? current.branch : patch.branch,
      originUrl: patch.originUrl === undefined ? current.originUrl : patch.originUrl,
    };
    record.gitInfo = next.sha === null && next.branch === null && next.originUrl === null ? null : next;
    if (found.entry) threads.saveLoadedRecord(found.entry);
    else threads.store.updateThread(record);
  }
  return { thread: threads.toProtocolThread(found.entry ? found.entry.thread : record) };
}

export function updateReadState(
  server: AppServer,
  params: ParamsOf<"thread/readState/update">,
): ResultOf<"thread/readState/update"> {
  const threads = server.threads;
  const id = parseThreadId(params.threadId);
  const entry = threads.entryById(id);
  if (entry?.thread.ephemeral || (entry && !entry.persisted)) {
    throw invalidRequest(`thread ${id} has no durable read state`);
  }
  const current = entry ? entry.readState : threads.store.getThread(id)?.readState;
  if (!current) throw noRollout(id);
  if (params.expectedRevision !== current.revision) {
    throw invalidRequest(
      `read state revision mismatch for thread ${id}: expected \`${params.expectedRevision}\` but found \`${current.revision}\``,
    );
  }
  const firstUnread = params.operation.type === "read" ? null : ({ type: "threadStart" } as const);
  if (JSON.stringify(firstUnread) === JSON.stringify(current.firstUnread)) return { readState: current };
  const readState: ThreadReadState = { firstUnread, revision: randomUUID() };
  if (entry) threads.setReadState(entry, readState);
  else threads.store.updateReadState(id, readState);
  server.broadcast("thread/readState/changed", { threadId: id, readState });
  return { readState };
}

export function unsubscribeThread(
  server: AppServer,
  session: Session,
  params: ParamsOf<"thread/unsubscribe">,
): ResultOf<"thread/unsubscribe"> {
  const threads = server.threads;
  const id = parseThreadId(params.threadId);
  const entry = threads.entryById(id);
  if (!entry) return { status: "notLoaded" };
  return { status: threads.unsubscribe(entry, session) ? "unsubscribed" : "notSubscribed" };
}
