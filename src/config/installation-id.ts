import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseUuid } from "../util/uuid.js";

/** Ids already resolved in this process, by CODEX_HOME: the file is read (or created) once, as the reference does at startup. */
const resolved = new Map<string, string>();

/**
 * The installation's id, `$CODEX_HOME/installation_id` (a UUID, as the
 * reference keeps it): read when present and valid, otherwise created. It
 * goes to the model in `client_metadata` and `x-codex-turn-metadata`.
 */
export function installationId(codexHome: string): string {
  let id = resolved.get(codexHome);
  if (id === undefined) resolved.set(codexHome, (id = readOrCreate(codexHome)));
  return id;
}

function readOrCreate(codexHome: string): string {
  const file = path.join(codexHome, "installation_id");
  try {
    const stored = readFileSync(file, "utf8").trim();
    const parsed = parseUuid(stored);
    if (parsed.ok) return parsed.id;
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
