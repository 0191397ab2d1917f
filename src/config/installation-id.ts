import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The installation's id, `$CODEX_HOME/installation_id` (a UUID, as the
 * reference keeps it): read when present and valid, otherwise created. It
 * goes to the model in `client_metadata` and `x-codex-turn-metadata`.
 */
export function installationId(codexHome: string): string {
  const file = path.join(codexHome, "installation_id");
  try {
    const stored = readFileSync(file, "utf8").trim();
    if (UUID.test(stored)) return stored.toLowerCase();
  } catch {
    // Missing or unreadable: a new id is written below.
  }
  const id = randomUUID();
  try {
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(file, id, { mode: 0o644 });
  } catch {
    // A read-only CODEX_HOME still gets an id for this process's requests.
  }
  return id;
}
