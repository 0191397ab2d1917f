/**
 * Writes key-path edits into a config.toml the way the reference's config
 * service does: the edits are merged into the file's data (`replace` /
 * `upsert`, `null` removes), checked, then spliced into the text without
 * touching anything else, and the file is replaced atomically. The version is
 * the reference's layer version (`sha256:` of the data's canonical JSON), so a
 * client's `expectedVersion` from `config/read` works here.
 */
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { TomlError } from "smol-toml";
import { internalError } from "../../protocol/errors.js";
import { layerVersion, toJsonTable, type TomlTable } from "../json-value.js";
import { ConfigWriteError } from "./config-write-error.js";
import { mergeEdit, splitKeyPath, type MergeStrategy } from "./merge.js";
import { editTomlText, parseTomlData, TomlEditError, valueAtPath } from "./toml-document-edit.js";

export interface ConfigValueEdit {
  /** Dotted key path, e.g. `features.unified_exec` (segments are not quoted), or its segments (a key may hold dots). */
  keyPath: string | readonly string[];
  /** JSON value; `null` removes the key. */
  value: unknown;
  mergeStrategy: MergeStrategy;
}

export interface ApplyConfigEditsOptions {
  /** When set, the write is refused unless the file's current version is this one. */
  expectedVersion?: string | null;
  /** Checks the whole new file content; throws (a `ConfigWriteError`) to refuse the write. */
  validate?: (config: TomlTable, edited: readonly string[][]) => void;
}

export interface AppliedConfigEdits {
  /** The file's version after the write (unchanged when nothing changed). */
  version: string;
  /** The file's data after the write (plain JSON). */
  config: TomlTable;
  /** The key paths the edits named, split into segments, in order. */
  keyPaths: string[][];
  changed: boolean;
}

/** The reference's version of a config file's data. */
export function configDataVersion(config: TomlTable): string {
  return layerVersion(toJsonTable(config));
}

interface FileSnapshot {
  /** The file actually written (a symlinked config.toml is written through). */
  target: string;
  text: string;
  mode: number | undefined;
}

function readSnapshot(filePath: string): FileSnapshot {
  let target = filePath;
  try {
    target = realpathSync(filePath);
  } catch {
    // Absent: created on write.
  }
  try {
    return { target, text: readFileSync(target, "utf8"), mode: statSync(target).mode & 0o7777 };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { target, text: "", mode: undefined };
    throw new ConfigWriteError("configValidationError", `Could not read ${filePath}: ${(error as Error).message}`);
  }
}

/** A file that does not parse is never written; the answer is the reference's internal error naming the file and position. */
function parseSnapshot(filePath: string, text: string): TomlTable {
  try {
    return parseTomlData(text);
  } catch (error) {
    const where = error instanceof TomlError ? `:${error.line}:${error.column}` : "";
    const reason = (error as Error).message.replace(/^Invalid TOML document:\s*/, "").split("\n", 1)[0];
    throw internalError(`failed to load configuration: ${filePath}${where}: ${reason}`);
  }
}

function currentText(target: string): string | undefined {
  try {
    return readFileSync(target, "utf8");
  } catch {
    return undefined;
  }
}

/** Temp file in the same directory, then rename: readers see the old file or the new one, never a mix. */
function writeAtomically(snapshot: FileSnapshot, text: string): void {
  const dir = path.dirname(snapshot.target);
  const temp = path.join(dir, `.${path.basename(snapshot.target)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, "wx", snapshot.mode ?? 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // `open`'s mode is filtered by the umask; the old file's bits are kept exactly.
    if (snapshot.mode !== undefined) chmodSync(temp, snapshot.mode);
    // Someone else wrote the file since we read it: keep their edit, refuse ours.
    if (currentText(snapshot.target) !== (snapshot.mode === undefined ? undefined : snapshot.text)) {
      throw new ConfigWriteError("configVersionConflict", VERSION_CONFLICT_MESSAGE);
    }
    renameSync(temp, snapshot.target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or gone.
    }
    throw error;
  }
}

export const VERSION_CONFLICT_MESSAGE = "Configuration was modified since last read. Fetch latest version and retry.";

/** The file's current data and version, without writing. */
export function readConfigFile(filePath: string): { config: TomlTable; version: string; text: string } {
  const snapshot = readSnapshot(filePath);
  const config = parseSnapshot(filePath, snapshot.text);
  return { config, version: configDataVersion(config), text: snapshot.text };
}

/**
 * Applies `edits` to the TOML file at `filePath` (created when absent).
 * Synchronous on purpose: two writers in this process can never interleave
 * between the version check and the rename.
 */
export function applyConfigEdits(filePath: string, edits: readonly ConfigValueEdit[], options: ApplyConfigEditsOptions = {}): AppliedConfigEdits {
  const snapshot = readSnapshot(filePath);
  const original = parseSnapshot(filePath, snapshot.text);
  const version = configDataVersion(original);
  if (options.expectedVersion != null && options.expectedVersion !== version) {
    throw new ConfigWriteError("configVersionConflict", VERSION_CONFLICT_MESSAGE);
  }

  const updated = structuredClone(original);
  const keyPaths: string[][] = [];
  const changedPaths: string[][] = [];
  for (const edit of edits) {
    const segments = typeof edit.keyPath === "string" ? splitKeyPath(edit.keyPath) : [...edit.keyPath];
    const before = JSON.stringify(valueAtPath(updated, segments), bigintSafe);
    mergeEdit(updated, segments, edit.value, edit.mergeStrategy);
    if (before !== JSON.stringify(valueAtPath(updated, segments), bigintSafe)) changedPaths.push(segments);
    keyPaths.push(segments);
  }
  options.validate?.(updated, keyPaths);
  if (changedPaths.length === 0) return { version, config: original, keyPaths, changed: false };

  let text: string;
  try {
    text = editTomlText(snapshot.text, changedPaths, updated);
  } catch (error) {
    if (error instanceof TomlEditError) throw new ConfigWriteError("configValidationError", `Could not edit ${filePath}: ${error.message}`);
    throw error;
  }
  writeAtomically(snapshot, text);
  // The version of what a reader of the file will see (an emptied table may be gone from the text).
  const written = parseTomlData(text);
  return { version: configDataVersion(written), config: written, keyPaths, changed: true };
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
