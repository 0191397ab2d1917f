/** TOML text for keys and values written by config edits. */
import { isTable, type TomlTable } from "../json-value.js";

export function formatKeySegment(segment: string): string {
  return /^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(segment);
}

export function formatKeyPath(segments: readonly string[]): string {
  return segments.map(formatKeySegment).join(".");
}

/** An inline value: scalars, arrays, and tables as `{ k = v }`. */
export function formatInlineValue(value: unknown, where: string): string {
  switch (typeof value) {
    case "string":
      // JSON's escapes are a subset of TOML basic-string escapes.
      return JSON.stringify(value);
    case "boolean":
      return String(value);
    case "bigint":
      return value.toString();
    case "number":
      if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
      return Number.isInteger(value) ? String(value) : formatFloat(value);
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map((item, i) => formatInlineValue(item, `${where}.${i}`)).join(", ")}]`;
  if (isTable(value)) {
    const fields = Object.entries(value).map(([k, v]) => `${formatKeySegment(k)} = ${formatInlineValue(v, `${where}.${k}`)}`);
    return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
  }
  throw new TypeError(`\`${where}\`: TOML has no representation for ${value === null ? "null" : typeof value}`);
}

function formatFloat(value: number): string {
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/**
 * A table as a `[path]` section: its plain values first, then each nested
 * table as its own sub-section (the way toml_edit lays out explicit tables).
 */
export function formatSection(path: readonly string[], table: TomlTable): string {
  const lines = [`[${formatKeyPath(path)}]`];
  const nested: [string, TomlTable][] = [];
  for (const [key, value] of Object.entries(table)) {
    if (isTable(value)) nested.push([key, value]);
    else lines.push(`${formatKeySegment(key)} = ${formatInlineValue(value, [...path, key].join("."))}`);
  }
  let text = `${lines.join("\n")}\n`;
  for (const [key, value] of nested) text += `\n${formatSection([...path, key], value)}`;
  return text;
}
