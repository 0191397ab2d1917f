/**
 * Writes threads, turns and items straight into a CODEX_HOME's thread
 * database (the same module the server uses), so tests can start a server on
 * existing history without running model turns.
 */
import { randomUUID } from "node:crypto";
import { newId } from "../../src/core/thread-id.js";
import type { ThreadItem } from "../../src/protocol/item.js";
import { SqliteStore, stateDbPath, type StoredThread } from "../../src/store/sqlite-store.js";
import type { ThreadRecord, TurnRecord } from "../../src/store/types.js";

export function openStore(codexHome: string): SqliteStore {
  return new SqliteStore(stateDbPath(codexHome));
}

export function threadRecord(overrides: Partial<ThreadRecord> = {}): ThreadRecord {
  const now = Math.floor(Date.now() / 1000);
  const cwd = overrides.cwd ?? "/work/project";
  return {
    id: newId(),
    createdAt: now,
    updatedAt: now,
    recencyAt: now,
    archived: false,
    name: null,
    preview: "",
    cwd,
    modelProvider: "openai",
    model: "gpt-5.1-codex",
    reasoningEffort: null,
    source: "vscode",
    originator: "seed",
    threadSource: null,
    forkedFromId: null,
    gitInfo: null,
    cliVersion: "0.169.0",
    settings: {
      model: overrides.model ?? "gpt-5.1-codex",
      modelProvider: overrides.modelProvider ?? "openai",
      reasoningEffort: overrides.reasoningEffort ?? null,
      reasoningSummary: null,
      cwd,
      approvalPolicy: "on-request",
      approvalsReviewer: "user",
      sandboxPolicy: { type: "readOnly", networkAccess: false },
      baseInstructions: null,
      developerInstructions: null,
      serviceTier: null,
    },
    tokenUsage: null,
    ...overrides,
  };
}

export function storedThread(overrides: Partial<ThreadRecord> = {}): StoredThread {
  return {
    record: threadRecord(overrides),
    historyMode: "paginated",
    readState: { firstUnread: null, revision: randomUUID() },
  };
}

export function userMessage(text: string, atMs: number): ThreadItem {
  return {
    type: "userMessage",
    id: newId(),
    clientId: null,
    content: [{ type: "text", text, text_elements: [] }],
    startedAtMs: atMs,
    completedAtMs: atMs,
  };
}

export function agentMessage(id: string, text: string, atMs: number): ThreadItem {
  return {
    type: "agentMessage",
    moderation: null,
    id,
    text,
    phase: null,
    memoryCitation: null,
    delivery: null,
    questions: null,
    startedAtMs: atMs,
    completedAtMs: atMs,
  };
}

export interface SeededTurn {
  id: string;
  items: ThreadItem[];
}

/**
 * One thread with `turns` completed turns, each a user message ("prompt N")
 * and an agent message ("answer N"); the last turn is left `inProgress` (with
 * only its user message) when `lastInProgress`.
 */
export function seedConversation(
  store: SqliteStore,
  options: { turns: number; lastInProgress?: boolean; record?: Partial<ThreadRecord> } = { turns: 2 },
): { id: string; turns: SeededTurn[] } {
  const start = Date.now() - options.turns * 10_000;
  const stored = storedThread({ preview: options.turns > 0 ? "prompt 1" : "", ...options.record });
  const id = stored.record.id;
  const turns: SeededTurn[] = [];
  store.transaction(() => {
    store.insertThread(stored);
    for (let n = 1; n <= options.turns; n++) {
      const at = start + n * 10_000;
      const inProgress = options.lastInProgress === true && n === options.turns;
      const turn: TurnRecord = {
        id: newId(),
        threadId: id,
        rootTurnId: null,
        status: inProgress ? "inProgress" : "completed",
        error: null,
        startedAt: Math.floor(at / 1000),
        completedAt: inProgress ? null : Math.floor((at + 1500) / 1000),
        durationMs: inProgress ? null : 1500,
      };
      turn.rootTurnId = turn.id;
      store.insertTurn(id, turn);
      const items: ThreadItem[] = [userMessage(`prompt ${n}`, at)];
      if (!inProgress) items.push(agentMessage(`msg_${n}`, `answer ${n}`, at + 1000));
      for (const item of items) {
        const context =
          item.type === "userMessage"
            ? [{ type: "message", role: "user", content: [{ type: "input_text", text: `prompt ${n}` }] }]
            : [{ type: "message", role: "assistant", content: [{ type: "output_text", text: `answer ${n}` }] }];
        store.insertItem({ threadId: id, turnId: turn.id, item, context });
      }
      turns.push({ id: turn.id, items });
    }
  });
  return { id, turns };
}
