/**
 * Importing a SESSIONS item: the paths are checked first (each must be a
 * transcript under the other agent's `projects` folder), then each session
 * becomes a thread and is remembered in the ledger. Sessions holding no
 * request are skipped without a report, as the reference does.
 */
import type { ExternalAgentConfigImportTypeResult, ExternalAgentConfigMigrationItem } from "../../protocol/external-agent.js";
import type { SqliteStore } from "../../store/sqlite-store.js";
import { storeImportedSession, type SessionImportContext } from "./session-threads.js";
import { parseSession, recordImportedSession, sessionSourcePath } from "./sessions.js";

export interface AcceptedSession {
  path: string;
  title: string | null;
}

/** The item's sessions that are transcripts of the other agent; a failure for each that is not. */
export function checkSessions(
  agentHome: string,
  item: ExternalAgentConfigMigrationItem,
): { result: ExternalAgentConfigImportTypeResult; sessions: AcceptedSession[] } {
  const result: ExternalAgentConfigImportTypeResult = { itemType: "SESSIONS", successes: [], failures: [] };
  const sessions: AcceptedSession[] = [];
  for (const session of item.details?.sessions ?? []) {
    const source = sessionSourcePath(agentHome, session.path);
    if (source === null) {
      result.failures.push({
        itemType: "SESSIONS",
        errorType: null,
        subErrorType: "session_not_detected",
        failureStage: "session_missing",
        message: `external agent session was not detected for import: ${session.path}`,
        cwd: null,
        source: session.path,
      });
    } else sessions.push({ path: source, title: session.title ?? null });
  }
  return { result, sessions };
}

/** Each session as a new thread, remembered so detection no longer offers it. */
export function importSessions(
  codexHome: string,
  store: SqliteStore,
  sessions: readonly AcceptedSession[],
  context: SessionImportContext,
): ExternalAgentConfigImportTypeResult {
  const result: ExternalAgentConfigImportTypeResult = { itemType: "SESSIONS", successes: [], failures: [] };
  for (const session of sessions) {
    try {
      const parsed = parseSession(session.path);
      if (parsed === null || parsed.turns.length === 0) continue;
      const threadId = storeImportedSession(store, parsed, context);
      recordImportedSession(codexHome, session.path, threadId, parsed.title);
      result.successes.push({ itemType: "SESSIONS", cwd: parsed.cwd, source: session.path, target: threadId, title: parsed.title });
    } catch (error) {
      result.failures.push({
        itemType: "SESSIONS",
        errorType: null,
        subErrorType: null,
        failureStage: "session_import",
        message: (error as Error).message,
        cwd: null,
        source: session.path,
      });
    }
  }
  return result;
}
