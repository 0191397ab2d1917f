/**
 * The other agent's `settings.json` (merged with `settings.local.json`) and
 * the Codex settings it maps to, merged into a `config.toml` only where the
 * user has no value yet, through the format-preserving editor.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { applyConfigEdits, readConfigFile } from "../../config/edit/index.js";
import { InvalidMigrationData, isObject, readJsonFile } from "./files.js";

export type Table = Record<string, unknown>;

function mergeJson(existing: Table, incoming: Table): void {
  for (const [key, value] of Object.entries(incoming)) {
    const current = existing[key];
    if (isObject(current) && isObject(value)) mergeJson(current, value);
    else existing[key] = value;
  }
}

/** `settings.json` with its sibling `settings.local.json` over it (a broken local file is ignored); null when neither exists. */
export function effectiveExternalSettings(settingsFile: string): unknown {
  const settings = readJsonFile(settingsFile);
  let local: unknown;
  try {
    local = readJsonFile(path.join(path.dirname(settingsFile), "settings.local.json"));
  } catch (error) {
    if (error instanceof InvalidMigrationData) return settings;
    throw error;
  }
  if (local === null) return settings;
  if (settings === null) return local;
  if (isObject(settings) && isObject(local)) {
    mergeJson(settings, local);
    return settings;
  }
  return local;
}

function envValue(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** The Codex settings the other agent's settings map to: `env` → shell environment, an enabled sandbox → workspace-write. */
export function buildConfigFromExternal(settings: unknown): Table {
  if (!isObject(settings)) throw new InvalidMigrationData("external agent settings root must be an object");
  const root: Table = {};
  if (isObject(settings.env) && Object.keys(settings.env).length > 0) {
    const set: Table = {};
    for (const [key, value] of Object.entries(settings.env)) {
      const text = envValue(value);
      if (text !== null) set[key] = text;
    }
    root.shell_environment_policy = { inherit: "core", set };
  }
  if (isObject(settings.sandbox) && settings.sandbox.enabled === true) root.sandbox_mode = "workspace-write";
  return root;
}

/** The key paths of `incoming` that `existing` lacks (a whole missing table is one path). */
export function missingPaths(existing: Table, incoming: Table, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, value] of Object.entries(incoming)) {
    if (!(key in existing)) out.push([...prefix, key]);
    else if (isObject(existing[key]) && isObject(value)) out.push(...missingPaths(existing[key] as Table, value, [...prefix, key]));
  }
  return out;
}

function valueAt(table: Table, segments: readonly string[]): unknown {
  let node: unknown = table;
  for (const segment of segments) node = isObject(node) ? node[segment] : undefined;
  return node;
}

/** The data of a `config.toml` (empty when absent); a file that does not parse is `InvalidMigrationData`. */
export function readExistingConfig(configFile: string): Table {
  try {
    return readConfigFile(configFile).config;
  } catch (error) {
    throw new InvalidMigrationData(`invalid existing config.toml: ${(error as Error).message}`);
  }
}

/** Writes the values of `paths` from `migrated` into `configFile`, leaving everything else in the file as it was. */
export function writeMissingValues(configFile: string, migrated: Table, paths: readonly string[][]): void {
  if (paths.length === 0) return;
  mkdirSync(path.dirname(configFile), { recursive: true });
  applyConfigEdits(
    configFile,
    paths.map((segments) => ({ keyPath: [...segments], value: valueAt(migrated, segments), mergeStrategy: "replace" as const })),
  );
}
