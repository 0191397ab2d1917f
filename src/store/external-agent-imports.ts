/**
 * The record of finished external-agent imports (the reference keeps them in
 * its state database): one row per import, newest first when read back.
 */
import type Database from "better-sqlite3";
import type { JsonValue } from "../protocol/common.js";

export interface ExternalAgentImportRow {
  importId: string;
  providerId: string | null;
  completedAtMs: number;
  successes: JsonValue[];
  failures: JsonValue[];
}

export function recordExternalAgentImport(db: Database.Database, row: ExternalAgentImportRow): void {
  db.prepare(
    "INSERT INTO external_agent_config_imports (import_id, provider_id, completed_at_ms, successes, failures) VALUES (?, ?, ?, ?, ?)",
  ).run(row.importId, row.providerId, row.completedAtMs, JSON.stringify(row.successes), JSON.stringify(row.failures));
}

export function listExternalAgentImports(db: Database.Database): ExternalAgentImportRow[] {
  const rows = db
    .prepare(
      "SELECT import_id, provider_id, completed_at_ms, successes, failures FROM external_agent_config_imports ORDER BY completed_at_ms DESC, rowid DESC",
    )
    .all() as Array<{ import_id: string; provider_id: string | null; completed_at_ms: number; successes: string; failures: string }>;
  return rows.map((row) => ({
    importId: row.import_id,
    providerId: row.provider_id,
    completedAtMs: row.completed_at_ms,
    successes: JSON.parse(row.successes) as JsonValue[],
    failures: JSON.parse(row.failures) as JsonValue[],
  }));
}
