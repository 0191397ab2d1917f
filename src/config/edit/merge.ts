/**
 * The reference's merge strategies for config writes, on plain data:
 * `replace` sets the value; `upsert` deep-merges a table into an existing
 * table (other values replace); `null` removes the key, and removing below a
 * missing table is `configPathNotFound`.
 */
import { ConfigWriteError } from "./config-write-error.js";
import { isTable, mergeTables, type TomlTable } from "../json-value.js";

export type MergeStrategy = "replace" | "upsert";

export function splitKeyPath(keyPath: string): string[] {
  if (keyPath.trim() === "") throw new ConfigWriteError("configValidationError", "keyPath must not be empty");
  return keyPath.split(".");
}

/** The first place inside `value` TOML cannot hold (a null), as a dotted path, or undefined. */
function nullInside(value: unknown, where: string): string | undefined {
  if (value === null) return where;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nullInside(value[i], `${where}.${i}`);
      if (found) return found;
    }
  } else if (isTable(value)) {
    for (const [key, child] of Object.entries(value)) {
      const found = nullInside(child, `${where}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function clearPath(root: TomlTable, segments: readonly string[]): void {
  let node: unknown = root;
  for (const segment of segments.slice(0, -1)) {
    if (!isTable(node) || !(segment in node)) throw new ConfigWriteError("configPathNotFound", "Path not found");
    node = node[segment];
  }
  if (!isTable(node)) throw new ConfigWriteError("configPathNotFound", "Path not found");
  delete node[segments[segments.length - 1]!];
}

/** Applies one edit to `root` in place. */
export function mergeEdit(root: TomlTable, segments: readonly string[], value: unknown, strategy: MergeStrategy): void {
  if (value === null || value === undefined) return clearPath(root, segments);
  const bad = nullInside(value, segments.join("."));
  if (bad) throw new ConfigWriteError("configValidationError", `invalid value: \`${bad}\` is null, which TOML cannot store`);
  let node = root;
  for (const segment of segments.slice(0, -1)) {
    // A non-table on the way is replaced by a table, as the reference does.
    if (!isTable(node[segment])) node[segment] = {};
    node = node[segment] as TomlTable;
  }
  const last = segments[segments.length - 1]!;
  const existing = node[last];
  // The written data never shares objects with the caller's value.
  const copy = structuredClone(value);
  node[last] = strategy === "upsert" && isTable(existing) && isTable(copy) ? mergeTables(existing, copy) : copy;
}
