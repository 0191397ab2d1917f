/**
 * The other agent's command hooks (the `hooks` of its `settings.json` and
 * `settings.local.json`) as a Codex `hooks.json`, for the events Codex has.
 * Groups or handlers using options Codex lacks (`if`, async, prompt hooks...)
 * are left out; `disableAllHooks` migrates nothing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HOOK_EVENTS, MATCHER_EVENTS } from "../hooks/discovery.js";
import { rewriteHookCommand } from "./hook-commands.js";
import { rewriteExternalAgentTerms } from "./documents.js";
import { copyDirSkipExisting, isDir, isMissingOrEmptyTextFile, isObject, readJsonFile } from "./files.js";

type Json = Record<string, unknown>;

const GROUP_KEYS = new Set(["matcher", "hooks"]);
const HANDLER_KEYS = new Set(["type", "command", "timeout", "timeoutSec", "statusMessage", "async"]);

function timeoutOf(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return null;
}

function convertHandler(handler: unknown, targetHooksDir: string): Json | null {
  if (!isObject(handler)) return null;
  if ((handler.type ?? "command") !== "command") return null;
  if (Object.keys(handler).some((key) => !HANDLER_KEYS.has(key)) || handler.async === true) return null;
  const command = typeof handler.command === "string" ? handler.command.trim() : "";
  if (command === "") return null;
  const out: Json = { type: "command", command: rewriteHookCommand(command, targetHooksDir) };
  const timeout = timeoutOf(handler.timeout ?? handler.timeoutSec);
  if (timeout !== null) out.timeout = timeout;
  if (typeof handler.statusMessage === "string") out.statusMessage = rewriteExternalAgentTerms(handler.statusMessage);
  return out;
}

function appendGroups(settings: unknown, migration: Map<string, Json[]>, targetHooksDir: string): void {
  if (!isObject(settings) || !isObject(settings.hooks)) return;
  for (const event of HOOK_EVENTS) {
    const groups = settings.hooks[event.key];
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      if (!isObject(group) || Object.keys(group).some((key) => !GROUP_KEYS.has(key))) continue;
      const handlers = (Array.isArray(group.hooks) ? group.hooks : []).map((handler) => convertHandler(handler, targetHooksDir)).filter((h): h is Json => h !== null);
      if (handlers.length === 0) continue;
      const out: Json = {};
      if (MATCHER_EVENTS.has(event.wire) && typeof group.matcher === "string") out.matcher = group.matcher;
      out.hooks = handlers;
      const list = migration.get(event.key) ?? [];
      list.push(out);
      migration.set(event.key, list);
    }
  }
}

/**
 * The hooks to migrate from the other agent's folder, by event name (sorted),
 * their script paths pointing into `targetHooksDir` (where the scripts are copied).
 */
export function hookMigration(sourceDir: string, targetHooksDir: string): Map<string, Json[]> {
  const settingsFiles: unknown[] = [];
  let disableAll = false;
  for (const name of ["settings.json", "settings.local.json"]) {
    const settings = readJsonFile(path.join(sourceDir, name), "invalid hooks settings");
    if (settings === null) continue;
    if (isObject(settings) && typeof settings.disableAllHooks === "boolean") disableAll = settings.disableAllHooks;
    settingsFiles.push(settings);
  }
  const migration = new Map<string, Json[]>();
  if (disableAll) return migration;
  for (const settings of settingsFiles) appendGroups(settings, migration, targetHooksDir);
  return new Map([...migration.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Writes `hooks.json` (only when it is absent or empty) with the migrated
 * hooks, and copies the other agent's `hooks/` scripts next to it (the
 * commands rewritten to run the copies); the
 * event names written, none when nothing was written.
 */
export function importHooks(sourceDir: string, targetHooks: string): string[] {
  const targetDir = path.dirname(targetHooks);
  const migration = hookMigration(sourceDir, path.join(targetDir, "hooks"));
  if (migration.size === 0 || !isMissingOrEmptyTextFile(targetHooks)) return [];
  mkdirSync(targetDir, { recursive: true });
  if (isDir(path.join(sourceDir, "hooks"))) copyDirSkipExisting(path.join(sourceDir, "hooks"), path.join(targetDir, "hooks"));
  writeFileSync(targetHooks, `${JSON.stringify({ hooks: Object.fromEntries(migration) }, null, 2)}\n`);
  return [...migration.keys()];
}
