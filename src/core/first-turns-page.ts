import type { Turn } from "../protocol/turn.js";
import type { StoredTurn } from "../store/history.js";
import type { LoadedThread } from "./loaded-thread.js";
import type { ThreadManager } from "./thread-manager.js";
import { protocolTurns } from "./wire-shapes.js";

/** Turns of the prepared first page: twice `thread/turns/list`'s default page. */
export const PREPARED_FIRST_TURNS = 50;

/**
 * Builds the page of turns a client asks for first after `thread/resume` or
 * `thread/fork` (newest first, summary view, no cursor), while it reads the
 * answer. It serves `thread/turns/list` for as long as the thread's history
 * is unchanged; the first write to it retires the page.
 */
export function prepareFirstTurnsPage(threads: ThreadManager, thread: LoadedThread): void {
  if (thread.ephemeral || !threads.isMaterialized(thread) || threads.findLoaded(thread.id) !== thread) return;
  const store = threads.store;
  const rows = store.pageTurns(thread.id, { after: null, direction: "desc", limit: PREPARED_FIRST_TURNS + 1 });
  const turns = protocolTurns(store, thread.id, rows.slice(0, PREPARED_FIRST_TURNS), "summary", true);
  // Read after the page: reading it is what starts keeping a thread's history.
  const version = store.keptHistoryVersion(thread.id);
  if (version === undefined) return;
  thread.preparedTurnsPage = { version, rows, turns };
}

/**
 * The newest `limit` turns (and the row after them, when there is one) from
 * the prepared page, or undefined when there is none, it no longer matches
 * the history, or it is too short.
 */
export function preparedFirstTurns(threads: ThreadManager, threadId: string, limit: number): { rows: StoredTurn[]; turns: Turn[] } | undefined {
  const thread = threads.findLoaded(threadId);
  const page = thread?.preparedTurnsPage;
  if (thread === undefined || page === undefined || limit > PREPARED_FIRST_TURNS) return undefined;
  if (threads.store.keptHistoryVersion(threadId) !== page.version) {
    thread.preparedTurnsPage = undefined;
    return undefined;
  }
  return { rows: page.rows.slice(0, limit + 1), turns: page.turns.slice(0, limit) };
}
