import { createHash } from "node:crypto";
/** A TOML table as smol-toml parses it, or its plain-JSON form. */
export type TomlTable = Record<string, unknown>;

/**
 * Turns a smol-toml value into plain JSON data: null-prototype tables become
 * ordinary objects, datetimes their TOML text, big integers numbers.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) {
    const iso = (value as Date & { toISOString(): string }).toISOString();
    return iso;
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === "object") return toJsonTable(value as TomlTable);
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

export function toJsonTable(table: TomlTable): TomlTable {
  const out: TomlTable = {};
  for (const [key, value] of Object.entries(table)) out[key] = toJsonValue(value);
  return out;
}

/** A table (an object that is not an array, nor a TOML datetime smol-toml has not turned into text yet). */
export function isTable(value: unknown): value is TomlTable {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);
}

/** Deep-merges `overlay` into a copy of `base`: tables merge key by key, anything else replaces. */
export function mergeTables(base: TomlTable, overlay: TomlTable): TomlTable {
  const out: TomlTable = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = out[key];
    out[key] = isTable(current) && isTable(value) ? mergeTables(current, value) : value;
  }
  return out;
}

export function deepClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Object keys sorted recursively, as the reference does before fingerprinting a layer. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isTable(value)) {
    const out: TomlTable = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical(value[key]);
    return out;
  }
  return value;
}

/**
 * A layer's version as the reference computes it: `sha256:` + the hex SHA-256
 * of the layer's compact canonical JSON (keys sorted). An empty layer is
 * `sha256:44136fa…` (the hash of `{}`).
 */
export function layerVersion(config: TomlTable): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(canonical(config))).digest("hex")}`;
}

/** Leaf paths of a table the way the reference records origins: `a.b`, arrays by index (`a.0`). */
export function leafPaths(value: unknown, prefix: string[] = [], out: string[] = []): string[] {
  if (isTable(value)) {
    for (const [key, child] of Object.entries(value)) leafPaths(child, [...prefix, key], out);
  } else if (Array.isArray(value)) {
    value.forEach((child, i) => leafPaths(child, [...prefix, String(i)], out));
  } else if (prefix.length > 0) {
    out.push(prefix.join("."));
  }
  return out;
}
