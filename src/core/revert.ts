import { invalidRequest } from "../protocol/errors.js";
import type { LoadedThread } from "./loaded-thread.js";
import type { ThreadManager } from "./thread-manager.js";

/**
 * thread/revert: the thread's durable history becomes the prefix before
 * `beforeTurnId` (that turn and every later one are dropped, with their
 * items and model context). As the reference defines it, files on disk are
 * not touched. A running turn is interrupted first. Everything is checked
 * before anything changes.
 */
export async function revertThread(threads: ThreadManager, thread: LoadedThread, beforeTurnId: string): Promise<void> {
  if (thread.ephemeral) throw invalidRequest("ephemeral threads do not support thread/revert");
  if (thread.historyMode !== "paginated") throw invalidRequest("thread/revert only supports paginated threads");
  const notFound = () => invalidRequest(`beforeTurnId '${beforeTurnId}' was not found in the source thread`);
  const history = threads.historyOf(thread);
  if (!threads.isMaterialized(thread) || !history.getTurn(thread.id, beforeTurnId)) throw notFound();

  await thread.activeTurn?.interrupt();
  const turn = history.getTurn(thread.id, beforeTurnId);
  if (!turn) throw notFound();
  history.dropTurnsFrom(thread.id, turn.seq);
  threads.forgetModelContext(thread);
  // Injected items not yet carried by an item came after the dropped turns.
  if (thread.injectedContext.length > 0) {
    threads.store.updateInjectedContext(thread.id, []);
    thread.injectedContext = [];
  }
  // With no turn left, the next turn sends the full initial context again.
  if (history.turnCount(thread.id) === 0) threads.setLastContextSettings(thread, null);
}
