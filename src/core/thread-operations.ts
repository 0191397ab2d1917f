import { randomUUID } from "node:crypto";
import type { JsonValue } from "../protocol/common.js";
import type { ParamsOf } from "../protocol/registry.js";
import type { ThreadReadState } from "../protocol/thread.js";
import { invalidRequest, type RpcError } from "../protocol/errors.js";
import type { ExportedHistory, ThreadHistory } from "../store/history.js";
import type { HistoryMode } from "../store/sqlite-store.js";
import type { ThreadRecord, ThreadSettings } from "../store/types.js";
import { CODEX_PROTOCOL_VERSION } from "../version.js";
import type { LoadedThread } from "./loaded-thread.js";
import { collectGitInfo } from "./thread-git.js";
import { newId, parseThreadId } from "./thread-id.js";
import { copyAttachments } from "./thread-attachments.js";
import { forgetOrganization } from "./thread-sections.js";
import { nowSeconds, userMessageText, type ThreadManager } from "./thread-manager.js";

/**
 * What the thread/* methods do to threads: create, resume, fork, archive,
 * delete, rename... against the thread registry and its store. The request
 * handlers (src/api/thread-*.ts) parse params, call these and shape results.
 */

export function noRollout(id: string): RpcError {
  return invalidRequest(`no rollout found for thread id ${id}`);
}

export function notMaterialized(id: string, what: string): RpcError {
  return invalidRequest(`thread ${id} is not materialized yet; ${what} is unavailable before first user message`);
}

function notPersisted(id: string, action: string): RpcError {
  return invalidRequest(`thread is not persisted and cannot be ${action}: ${id}`);
}

export function newReadState(): ThreadReadState {
  return { firstUnread: null, revision: randomUUID() };
}

/** What a new thread takes over from the thread it is forked from (thread/fork), or starts without (thread/start). */
interface ThreadOrigin {
  preview: string;
  forkedFromId: string | null;
  gitInfo: ThreadRecord["gitInfo"];
  tokenUsage: ThreadRecord["tokenUsage"];
}

/** Who asks for a new thread and how (thread/start and thread/fork). */
export interface NewThreadRequest {
  settings: ThreadSettings;
  /** The requesting client's name. */
  originator: string | null;
  threadSource: string | null | undefined;
  ephemeral: boolean;
  runtimeWorkspaceRoots: string[] | null | undefined;
}

/** The record of a thread created now. */
function newThreadRecord(request: NewThreadRequest, now: number, origin: ThreadOrigin): ThreadRecord {
  const settings = request.settings;
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
    originator: request.originator,
    threadSource: request.threadSource ?? null,
    forkedFromId: origin.forkedFromId,
    gitInfo: origin.gitInfo,
    cliVersion: CODEX_PROTOCOL_VERSION,
    settings,
    tokenUsage: origin.tokenUsage,
  };
}

/** thread/start: a new, empty, loaded thread (written to the store with its first turn). */
export function startThread(
  threads: ThreadManager,
  request: NewThreadRequest & { historyMode: HistoryMode; environments: JsonValue[] | null | undefined },
): LoadedThread {
  const settings = request.settings;
  const record = newThreadRecord(request, nowSeconds(), {
    preview: "",
    forkedFromId: null,
    gitInfo: collectGitInfo(settings.cwd),
    tokenUsage: null,
  });
  const thread = threads.register(record, {
    ephemeral: request.ephemeral,
    historyMode: request.historyMode,
    readState: newReadState(),
    persisted: false,
    runtimeWorkspaceRoots: request.runtimeWorkspaceRoots ?? [settings.cwd],
    environments: request.environments ?? null,
  });
  threads.loadInstructions(thread);
  return thread;
}

/**
 * thread/resume: loads a stored thread (or takes the loaded one) and applies
 * the request's settings; `settingsFor` gets the thread's current settings.
 */
export function resumeThread(
  threads: ThreadManager,
  id: string,
  settingsFor: (current: ThreadSettings) => ThreadSettings,
  runtimeWorkspaceRoots: string[] | null | undefined,
  cwdGiven: boolean,
): LoadedThread {
  const thread = threads.load(id);
  if (!thread) throw noRollout(id);
  const settings = settingsFor(thread.record.settings);
  if (JSON.stringify(settings) !== JSON.stringify(thread.record.settings)) threads.updateSettings(thread, settings);
  if (runtimeWorkspaceRoots) thread.runtimeWorkspaceRoots = runtimeWorkspaceRoots;
  else if (cwdGiven) thread.runtimeWorkspaceRoots = [settings.cwd];
  threads.loadInstructions(thread);
  return thread;
}

/** A loaded thread, or a stored one (not loaded); unknown → `no rollout found for thread id <id>`. */
export interface FoundThread {
  loaded?: LoadedThread;
  record: ThreadRecord;
  historyMode: HistoryMode;
  readState: ThreadReadState | null;
}

export function findThread(threads: ThreadManager, id: string): FoundThread {
  const loaded = threads.findLoaded(id);
  if (loaded) {
    return { loaded, record: loaded.record, historyMode: loaded.historyMode, readState: loaded.persisted ? loaded.readState : null };
  }
  const stored = threads.store.getThread(id);
  if (!stored) throw noRollout(id);
  return { record: stored.record, historyMode: stored.historyMode, readState: stored.readState };
}

/** History of a loaded or stored thread for turns/items listing; a loaded one must be materialized. */
export function historyFor(threads: ThreadManager, id: string, what: string): ThreadHistory {
  const found = findThread(threads, id);
  if (found.loaded && !threads.isMaterialized(found.loaded)) throw notMaterialized(id, what);
  return found.loaded ? threads.historyOf(found.loaded) : threads.store;
}

export interface ForkRequest extends NewThreadRequest {
  /** Keep turns up to this one (inclusive). */
  lastTurnId: string | null | undefined;
  /** Keep turns before this one (exclusive). */
  beforeTurnId: string | null | undefined;
}

/**
 * thread/fork: a new loaded thread with a copy of the source's history, cut
 * at `lastTurnId` / `beforeTurnId`. `settingsFor` gets the source's settings.
 */
export function forkThread(
  threads: ThreadManager,
  sourceId: string,
  settingsFor: (source: ThreadSettings) => ThreadSettings,
  request: Omit<ForkRequest, "settings">,
): { thread: LoadedThread; copiedTurns: number } {
  const source = findThread(threads, sourceId);
  const sourceHistory = source.loaded ? threads.historyOf(source.loaded) : threads.store;
  const materialized = source.loaded ? threads.isMaterialized(source.loaded) : true;
  const history: ExportedHistory = materialized
    ? sourceHistory.exportHistory(sourceId)
    : { turns: [], items: [], contextBase: null };

  let keep = history.turns.length;
  if (request.lastTurnId) {
    const index = history.turns.findIndex((t) => t.id === request.lastTurnId);
    if (index === -1) throw invalidRequest(`turn not found in thread ${sourceId}: ${request.lastTurnId}`);
    if (history.turns[index]!.status === "inProgress") {
      throw invalidRequest(`cannot fork from turn ${request.lastTurnId}: it is still in progress`);
    }
    keep = index + 1;
  }
  if (request.beforeTurnId) {
    const index = history.turns.findIndex((t) => t.id === request.beforeTurnId);
    if (index === -1) throw invalidRequest(`turn not found in thread ${sourceId}: ${request.beforeTurnId}`);
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

  const settings = settingsFor(source.record.settings);
  let preview = "";
  for (const item of items) {
    const text = userMessageText(item.item);
    if (text !== undefined) {
      preview = text;
      break;
    }
  }
  const record = newThreadRecord({ ...request, settings }, now, {
    preview,
    forkedFromId: sourceId,
    gitInfo: source.record.gitInfo,
    tokenUsage: source.record.tokenUsage,
  });
  const ephemeral = request.ephemeral;
  const readState = newReadState();
  const persist = !ephemeral && turns.length > 0;
  if (persist) {
    const store = threads.store;
    store.transaction(() => {
      store.insertThread({ record, historyMode: "paginated", readState });
      store.importHistory(record.id, copied);
      copyAttachments(threads, sourceId, record.id);
    });
  }
  const thread = threads.register(record, {
    ephemeral,
    historyMode: "paginated",
    readState,
    persisted: persist,
    hasTurns: turns.length > 0,
    runtimeWorkspaceRoots: request.runtimeWorkspaceRoots ?? [settings.cwd],
  });
  if (ephemeral && turns.length > 0) threads.historyOf(thread).importHistory(record.id, copied);
  thread.historyOrigin = {
    kind: source.loaded ? "warm_fork" : "cold_fork",
    forkedFromThreadId: sourceId,
    forkedFromOrdinal: lastSeq,
  };
  // Injected items not yet carried by a recorded item come after every turn: an uncut fork keeps them.
  const injected = source.loaded?.injectedContext ?? (source.loaded ? [] : threads.store.injectedContext(sourceId));
  if (keep === history.turns.length && injected.length > 0) threads.injectContext(thread, structuredClone(injected));
  threads.loadInstructions(thread);
  return { thread, copiedTurns: turns.length };
}

/** thread/archive and thread/unarchive; returns the parsed id. Archiving unloads a loaded thread first. */
export async function setArchived(threads: ThreadManager, rawId: string, archived: boolean): Promise<string> {
  const id = parseThreadId(rawId);
  const loaded = threads.findLoaded(id);
  if (loaded?.ephemeral) throw notPersisted(id, archived ? "archived" : "unarchived");
  if (loaded && !loaded.persisted) throw noRollout(id);
  if (!threads.store.hasThread(id)) throw noRollout(id);
  if (loaded && archived) await threads.unloadNow(loaded);
  if (!threads.store.setArchived(id, archived)) throw noRollout(id);
  if (loaded && !archived) loaded.record.archived = false;
  return id;
}

/** thread/delete: stops its turn, unloads it and deletes it from the store; returns the parsed id. */
export async function deleteThread(threads: ThreadManager, rawId: string): Promise<string> {
  const id = parseThreadId(rawId);
  const loaded = threads.findLoaded(id);
  if (loaded?.ephemeral) throw notPersisted(id, "deleted");
  const stored = threads.store.hasThread(id);
  if (!loaded && !stored) throw noRollout(id);
  if (loaded) await threads.unloadNow(loaded);
  if (stored) threads.store.deleteThread(id);
  forgetOrganization(threads, id);
  return id;
}

/** thread/name/set: a blank name clears it. */
export function renameThread(threads: ThreadManager, id: string, rawName: string): string | null {
  const found = findThread(threads, id);
  const trimmed = rawName.trim();
  const name = trimmed === "" ? null : trimmed;
  if (found.loaded) {
    found.loaded.record.name = name;
    threads.saveRecord(found.loaded);
  } else {
    threads.store.updateThread({ ...found.record, name });
  }
  return name;
}

/** thread/metadata/update: merges the git info patch (null fields clear); returns the thread as it now is. */
export function updateGitInfo(threads: ThreadManager, id: string, patch: ParamsOf<"thread/metadata/update">["gitInfo"]): LoadedThread | ThreadRecord {
  const found = findThread(threads, id);
  const record = found.loaded ? found.loaded.record : { ...found.record };
  if (patch) {
    const current = record.gitInfo ?? { sha: null, branch: null, originUrl: null };
    const next = {
      sha: patch.sha === undefined ? current.sha : patch.sha,
      branch: patch.branch === undefined ? current.branch : patch.branch,
      originUrl: patch.originUrl === undefined ? current.originUrl : patch.originUrl,
    };
    record.gitInfo = next.sha === null && next.branch === null && next.originUrl === null ? null : next;
    if (found.loaded) threads.saveRecord(found.loaded);
    else threads.store.updateThread(record);
  }
  return found.loaded ?? record;
}

/**
 * thread/readState/update: checks the expected revision and sets the first
 * unread marker; `changed` is false when it already was so (no new revision).
 */
export function updateReadState(
  threads: ThreadManager,
  id: string,
  expectedRevision: string,
  markRead: boolean,
): { readState: ThreadReadState; changed: boolean } {
  const loaded = threads.findLoaded(id);
  if (loaded?.ephemeral || (loaded && !loaded.persisted)) {
    throw invalidRequest(`thread ${id} has no durable read state`);
  }
  const current = loaded ? loaded.readState : threads.store.getThread(id)?.readState;
  if (!current) throw noRollout(id);
  if (expectedRevision !== current.revision) {
    throw invalidRequest(
      `read state revision mismatch for thread ${id}: expected \`${expectedRevision}\` but found \`${current.revision}\``,
    );
  }
  const firstUnread = markRead ? null : ({ type: "threadStart" } as const);
  if (JSON.stringify(firstUnread) === JSON.stringify(current.firstUnread)) return { readState: current, changed: false };
  const readState: ThreadReadState = { firstUnread, revision: randomUUID() };
  if (loaded) threads.setReadState(loaded, readState);
  else threads.store.updateReadState(id, readState);
  return { readState, changed: true };
}
