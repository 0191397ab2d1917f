/** Stored threads with chosen message texts, for the thread search tests. */
import { newId } from "../../src/core/thread-id.js";
import type { ThreadRecord, TurnRecord } from "../../src/store/types.js";
import { agentMessage, openStore, storedThread, userMessage } from "./thread-seed.js";

export interface SeededSearchThread {
  id: string;
  turnIds: string[];
  /** Item ids per turn: the user message first, then each answer. */
  itemIds: string[][];
}

/** One stored thread with a completed turn per `[user message, ...assistant answers]`. */
export function seedTextThread(codexHome: string, turns: string[][], record: Partial<ThreadRecord> = {}): SeededSearchThread {
  const store = openStore(codexHome);
  const stored = storedThread({ preview: turns[0]?.[0] ?? "", ...record });
  const id = stored.record.id;
  const turnIds: string[] = [];
  const itemIds: string[][] = [];
  const at = stored.record.createdAt * 1000;
  store.transaction(() => {
    store.insertThread(stored);
    turns.forEach(([user, ...answers], n) => {
      const turn: TurnRecord = {
        id: newId(),
        threadId: id,
        rootTurnId: null,
        status: "completed",
        error: null,
        startedAt: stored.record.createdAt + n,
        completedAt: stored.record.createdAt + n + 1,
        durationMs: 1000,
      };
      turn.rootTurnId = turn.id;
      store.insertTurn(id, turn);
      const items = [userMessage(user!, at + n * 1000), ...answers.map((text, k) => agentMessage(`msg_${n}_${k}`, text, at + n * 1000 + k + 1))];
      for (const item of items) store.insertItem({ threadId: id, turnId: turn.id, item, context: [] });
      turnIds.push(turn.id);
      itemIds.push(items.map((item) => item.id));
    });
  });
  store.close();
  return { id, turnIds, itemIds };
}
