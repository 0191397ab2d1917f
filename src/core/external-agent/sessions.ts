/**
 * The other agent's recent sessions (`~/.claude/projects/<project>/<id>.jsonl`
 * transcripts): finding those not imported yet, and turning one into Codex
 * turns as the reference does — one turn per user request, the agent's text
 * and tool calls/results as agent messages, and a closing
 * `<EXTERNAL SESSION IMPORTED>` agent message. Imports are remembered in
 * `$CODEX_HOME/external_agent_session_imports.json` (the reference's ledger).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDir, isFile, isObject } from "./files.js";

export const SESSION_LEDGER_FILE = "external_agent_session_imports.json";
export const IMPORTED_MARKER = "<EXTERNAL SESSION IMPORTED>";
/** The reference's limits when detection does not give any. */
export const DEFAULT_MAX_SESSIONS = 50;
export const DEFAULT_MAX_SESSION_AGE_DAYS = 30;

export interface SessionCandidate {
  path: string;
  cwd: string;
  title: string | null;
}

export interface ImportedTurn {
  /** Unix seconds of the request and of the turn's last message (null when unknown). */
  startedAt: number | null;
  completedAt: number | null;
  userText: string;
  agentTexts: string[];
}

export interface ParsedSession {
  cwd: string;
  title: string | null;
  turns: ImportedTurn[];
}

interface LedgerRecord {
  source_path: string;
  content_sha256: string;
  imported_thread_id: string;
  imported_at: number;
  source_modified_at: number;
  connector_names: string[];
  title: string | null;
}

interface Ledger {
  records: LedgerRecord[];
  detected_connector_records: unknown[];
}

function readLines(file: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (isObject(value)) records.push(value);
    } catch {
      // A torn last line (the session was being written): skip it.
    }
  }
  return records;
}

function seconds(timestamp: unknown): number | null {
  if (typeof timestamp !== "string") return null;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function blocksOf(message: unknown): unknown[] {
  if (!isObject(message)) return [];
  const content = message.content;
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content : [];
}

function textOfBlocks(blocks: unknown[]): string {
  return blocks
    .filter((block) => isObject(block) && block.type === "text" && typeof block.text === "string")
    .map((block) => (block as { text: string }).text)
    .join("\n\n")
    .trim();
}

function toolCallText(block: Record<string, unknown>): string {
  const name = typeof block.name === "string" ? block.name : "tool";
  const input = isObject(block.input) ? block.input : {};
  const lines = Object.entries(input).map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  return [`[external_agent_tool_call: ${name}]`, ...lines, "[/external_agent_tool_call]"].join("\n");
}

function toolResultText(block: Record<string, unknown>): string {
  const content = block.content;
  const text = typeof content === "string" ? content : Array.isArray(content) ? textOfBlocks(content) : "";
  return ["[external_agent_tool_result]", text, "[/external_agent_tool_result]"].join("\n");
}

/** Records that are part of the conversation (not meta lines, not side chains). */
function conversation(records: Record<string, unknown>[]): Record<string, unknown>[] {
  return records.filter((record) => (record.type === "user" || record.type === "assistant") && record.isMeta !== true && record.isSidechain !== true);
}

/** A user record's request text as written (blocks other than text named in its place); null for tool results and empty messages. */
function userRequest(record: Record<string, unknown>): string | null {
  const blocks = blocksOf(record.message);
  if (blocks.some((block) => isObject(block) && block.type === "tool_result")) return null;
  const text = blocks
    .filter(isObject)
    .map((block) => (block.type === "text" && typeof block.text === "string" ? block.text : `[external unsupported block: ${String(block.type)}]`))
    .join("\n\n");
  return text.trim() === "" ? null : text;
}

const TITLE_MAX_CHARS = 120;
/** The title of a session whose first request has no words of its own (the reference also names the thread so). */
export const UNTITLED_SESSION = "Imported session";

/** The request's first line, shortened as the reference does; a command wrapper (`<command-name>`...) gets a generic title. */
export function sessionTitle(request: string): string {
  const line = request
    .split("\n")
    .map((text) => text.trim())
    .find((text) => text !== "");
  if (line === undefined || /^<[A-Za-z][\w-]*>/.test(line)) return UNTITLED_SESSION;
  const chars = [...line];
  return chars.length > TITLE_MAX_CHARS ? `${chars.slice(0, TITLE_MAX_CHARS - 3).join("")}...` : line;
}

/** The session as Codex turns; null when it has no working directory. */
export function parseSession(file: string): ParsedSession | null {
  const records = readLines(file);
  const cwd = records.map((record) => record.cwd).find((value): value is string => typeof value === "string" && value !== "");
  if (cwd === undefined) return null;
  const turns: ImportedTurn[] = [];
  for (const record of conversation(records)) {
    const at = seconds(record.timestamp);
    if (record.type === "user") {
      const request = userRequest(record);
      if (request !== null) {
        turns.push({ startedAt: at, completedAt: at, userText: request, agentTexts: [] });
        continue;
      }
      const turn = turns.at(-1);
      if (!turn) continue;
      for (const block of blocksOf(record.message)) {
        if (isObject(block) && block.type === "tool_result") turn.agentTexts.push(toolResultText(block));
      }
      turn.completedAt = at ?? turn.completedAt;
      continue;
    }
    const turn = turns.at(-1);
    if (!turn) continue;
    const parts: string[] = [];
    for (const block of blocksOf(record.message)) {
      if (!isObject(block)) continue;
      if (block.type === "text" && typeof block.text === "string" && block.text.trim() !== "") parts.push(block.text.trim());
      else if (block.type === "tool_use") parts.push(toolCallText(block));
    }
    if (parts.length > 0) turn.agentTexts.push(parts.join("\n\n"));
    turn.completedAt = at ?? turn.completedAt;
  }
  return { cwd, title: turns[0] ? sessionTitle(turns[0].userText) : null, turns };
}

function contentHash(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function readLedger(codexHome: string): Ledger {
  const file = path.join(codexHome, SESSION_LEDGER_FILE);
  if (!isFile(file)) return { records: [], detected_connector_records: [] };
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (isObject(value) && Array.isArray(value.records)) {
      return { records: value.records as LedgerRecord[], detected_connector_records: Array.isArray(value.detected_connector_records) ? value.detected_connector_records : [] };
    }
  } catch {
    // An unreadable ledger offers every session again rather than failing detection.
  }
  return { records: [], detected_connector_records: [] };
}

function isImported(ledger: Ledger, file: string): boolean {
  const hash = contentHash(file);
  return ledger.records.some((record) => record.source_path === file && record.content_sha256 === hash);
}

/** Sessions under `<agentHome>/projects` not imported yet, most recently changed first, within the limits (by default 50, of the last 30 days). */
export function detectRecentSessions(
  agentHome: string,
  codexHome: string,
  limits: { maxSessions: number | null; maxAgeDays: number | null },
): SessionCandidate[] {
  const projects = path.join(agentHome, "projects");
  if (!isDir(projects)) return [];
  const ledger = readLedger(codexHome);
  const maxSessions = limits.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const oldest = Date.now() - (limits.maxAgeDays ?? DEFAULT_MAX_SESSION_AGE_DAYS) * 86_400_000;
  const files: Array<{ file: string; mtimeMs: number }> = [];
  for (const project of readdirSync(projects, { withFileTypes: true })) {
    if (!project.isDirectory()) continue;
    const dir = path.join(projects, project.name);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".jsonl")) continue;
      const file = path.join(dir, entry.name);
      const mtimeMs = statSync(file).mtimeMs;
      if (mtimeMs < oldest) continue;
      files.push({ file, mtimeMs });
    }
  }
  files.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? -1 : 1));
  const sessions: SessionCandidate[] = [];
  for (const { file } of files) {
    if (sessions.length >= maxSessions) break;
    if (isImported(ledger, file)) continue;
    const parsed = parseSession(file);
    if (parsed === null) continue;
    sessions.push({ path: file, cwd: parsed.cwd, title: parsed.title });
  }
  return sessions;
}

/** The session file when it is a transcript under `<agentHome>/projects`, else null. */
export function sessionSourcePath(agentHome: string, file: string): string | null {
  if (path.extname(file) !== ".jsonl") return null;
  try {
    const real = realpathSync(file);
    const root = realpathSync(path.join(agentHome, "projects"));
    return real.startsWith(root + path.sep) ? real : null;
  } catch {
    return null;
  }
}

/** Remembers an imported session so detection stops offering it. */
export function recordImportedSession(codexHome: string, file: string, threadId: string, title: string | null): void {
  const ledger = readLedger(codexHome);
  ledger.records = ledger.records.filter((record) => record.source_path !== file);
  ledger.records.push({
    source_path: file,
    content_sha256: contentHash(file),
    imported_thread_id: threadId,
    imported_at: Math.floor(Date.now() / 1000),
    source_modified_at: Math.floor(statSync(file).mtimeMs * 1_000_000),
    connector_names: [],
    title,
  });
  writeFileSync(path.join(codexHome, SESSION_LEDGER_FILE), `${JSON.stringify(ledger, null, 2)}\n`);
}
