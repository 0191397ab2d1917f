/**
 * Finished imports as `externalAgentConfig/import/readHistories` lists them:
 * every success and failure of an import, flattened in result order, kept in
 * the state database.
 */
import type Database from "better-sqlite3";
import type { ExternalAgentConfigImportHistory, ExternalAgentConfigImportHistoryRecordParams } from "../../protocol/external-agent.js";
import { listExternalAgentImports, recordExternalAgentImport } from "../../store/external-agent-imports.js";

export function recordImportHistory(
  db: Database.Database,
  importId: string,
  providerId: string | null,
  results: ExternalAgentConfigImportHistoryRecordParams["itemTypeResults"],
): void {
  const successes = results.flatMap((result) =>
    result.successes.map((success) => ({
      itemType: success.itemType,
      cwd: success.cwd ?? null,
      source: success.source ?? null,
      target: success.target ?? null,
      title: success.title ?? null,
    })),
  );
  const failures = results.flatMap((result) =>
    result.failures.map((failure) => ({
      itemType: failure.itemType,
      errorType: failure.errorType ?? null,
      subErrorType: failure.subErrorType ?? null,
      failureStage: failure.failureStage,
      message: failure.message,
      cwd: failure.cwd ?? null,
      source: failure.source ?? null,
    })),
  );
  recordExternalAgentImport(db, { importId, providerId, completedAtMs: Date.now(), successes, failures });
}

/** Newest first. */
export function readImportHistories(db: Database.Database): ExternalAgentConfigImportHistory[] {
  return listExternalAgentImports(db).map((row) => ({
    importId: row.importId,
    providerId: row.providerId,
    completedAtMs: row.completedAtMs,
    successes: row.successes as ExternalAgentConfigImportHistory["successes"],
    failures: row.failures as ExternalAgentConfigImportHistory["failures"],
  }));
}
