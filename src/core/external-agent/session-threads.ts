/**
 * An imported session becomes a stored (not loaded) Codex thread with
 * completed turns, readable through thread/list, thread/read and resumable;
 * item ids `item-N` and turn ids `external-import-turn-N` as the reference's.
 */
import type { JsonValue } from "../../protocol/common.js";
import { agentMessageItem } from "../agent-message-item.js";
import type { ThreadItem } from "../../protocol/item.js";
import type { SqliteStore } from "../../store/sqlite-store.js";
import type { ThreadRecord, ThreadSettings } from "../../store/types.js";
import { CODEX_PROTOCOL_VERSION } from "../../version.js";
import { newId } from "../thread-id.js";
import { newReadState } from "../thread-operations.js";
import { IMPORTED_MARKER, UNTITLED_SESSION, type ParsedSession } from "./sessions.js";

/** What the caller of an import supplies for the threads it creates. */
export interface SessionImportContext {
  /** The settings a new thread in `cwd` gets (the user's config). */
  settingsFor(cwd: string): ThreadSettings;
  /** The importing client's name. */
  originator: string | null;
}

function userItem(id: string, text: string): ThreadItem {
  return { type: "userMessage", id, clientId: null, content: [{ type: "text", text, text_elements: [] }], startedAtMs: null, completedAtMs: null };
}

const message = (role: "user" | "assistant", text: string): JsonValue => ({
  type: "message",
  role,
  content: [{ type: role === "user" ? "input_text" : "output_text", text }],
});

/** Writes the session as a new thread; its id. */
export function storeImportedSession(store: SqliteStore, session: ParsedSession, context: SessionImportContext): string {
  const now = Math.floor(Date.now() / 1000);
  const settings = context.settingsFor(session.cwd);
  const first = session.turns[0];
  const last = session.turns.at(-1);
  const createdAt = first?.startedAt ?? now;
  const updatedAt = last?.completedAt ?? createdAt;
  const record: ThreadRecord = {
    id: newId(),
    createdAt,
    updatedAt,
    recencyAt: updatedAt,
    archived: false,
    name: session.title === UNTITLED_SESSION ? UNTITLED_SESSION : null,
    preview: first?.userText.trim() ?? "",
    cwd: session.cwd,
    modelProvider: settings.modelProvider,
    model: null,
    reasoningEffort: null,
    source: "vscode",
    originator: context.originator,
    threadSource: null,
    forkedFromId: null,
    gitInfo: null,
    cliVersion: CODEX_PROTOCOL_VERSION,
    settings: { ...settings, cwd: session.cwd },
    tokenUsage: null,
  };
  store.transaction(() => {
    store.insertThread({ record, historyMode: "legacy", readState: newReadState() });
    let itemNumber = 0;
    const nextId = () => `item-${++itemNumber}`;
    session.turns.forEach((turn, index) => {
      const turnId = `external-import-turn-${index + 1}`;
      const isLast = index === session.turns.length - 1;
      store.insertTurn(record.id, {
        id: turnId,
        threadId: record.id,
        rootTurnId: null,
        status: "completed",
        error: null,
        startedAt: turn.startedAt,
        // As the reference: only the last turn says when it ended.
        completedAt: isLast ? turn.completedAt : null,
        durationMs: null,
      });
      const insert = (item: ThreadItem, context: JsonValue[]) => store.insertItem({ threadId: record.id, turnId, item, context });
      insert(userItem(nextId(), turn.userText), [message("user", turn.userText)]);
      for (const text of turn.agentTexts) insert(agentMessageItem(nextId(), text), [message("assistant", text)]);
      if (isLast) insert(agentMessageItem(nextId(), IMPORTED_MARKER), []);
    });
  });
  return record.id;
}
