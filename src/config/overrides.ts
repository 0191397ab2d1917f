import { parse } from "smol-toml";
import { toJsonTable, type TomlTable } from "./json-value.js";

/** Parses the value of a `-c key=value` override as TOML, falling back to the raw string. */
export function parseOverrideValue(raw: string): unknown {
  try {
    return toJsonTable(parse(`value = ${raw}`, { integersAsBigInt: "asNeeded" }) as TomlTable).value;
  } catch {
    return raw;
  }
}

/** Splits `a.b."c.d"`-style dotted keys (quoted segments may contain dots). */
export function splitDottedKey(key: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (const ch of key) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ".") {
      parts.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts;
}

/** Sets `value` at the dotted `key` inside `table`, creating intermediate tables. */
export function setDotted(table: TomlTable, key: string, value: unknown): void {
  const path = splitDottedKey(key);
  let node: TomlTable = table;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (next === null || typeof next !== "object" || Array.isArray(next)) node[segment] = {};
    node = node[segment] as TomlTable;
  }
  node[path[path.length - 1]!] = value;
}

/** Splits a `key=value` override (already syntax-checked by the CLI) into its key and parsed value. */
export function parseOverride(override: string): { key: string; value: unknown } {
  const eq = override.indexOf("=");
  return { key: override.slice(0, eq).trim(), value: parseOverrideValue(override.slice(eq + 1).trim()) };
}

/** Applies `key=value` overrides (already syntax-checked by the CLI) on top of `table`. */
export function applyOverrides(table: TomlTable, overrides: readonly string[]): TomlTable {
  for (const override of overrides) {
    const { key, value } = parseOverride(override);
    setDotted(table, key, value);
  }
  return table;
}

/** The session-flags layer: the `-c` overrides as one table, later overrides winning. */
export function overridesTable(overrides: readonly string[]): TomlTable {
  return applyOverrides({}, overrides);
}
