/**
 * Format-preserving edits of TOML text: a key path is made to hold the value
 * it has in a target document, touching only the bytes of that key. Comments,
 * ordering, blank lines and the formatting of everything else stay as they
 * were. The result is re-parsed and compared with the target, so a layout
 * this editor does not understand fails loudly instead of writing a file that
 * means something else.
 */
import { parse } from "smol-toml";
import { scanToml, type ScannedDocument, type ScannedEntry } from "./toml-scan.js";
import { isTable, type TomlTable } from "../json-value.js";
import { formatInlineValue, formatKeyPath, formatSection } from "./toml-text.js";

export function parseTomlData(text: string): TomlTable {
  return normalize(parse(text, { integersAsBigInt: "asNeeded" })) as TomlTable;
}

/** Plain JSON-like data: null-prototype tables become objects, dates their ISO text. */
function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === "object") {
    const out: TomlTable = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalize(v);
    return out;
  }
  return value;
}

function sameData(a: unknown, b: unknown): boolean {
  if (typeof a === "bigint" || typeof b === "bigint") return String(a) === String(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameData(v, b[i]));
  if (isTable(a)) {
    if (!isTable(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameData(a[k], b[k]));
  }
  return a === b;
}

export function valueAtPath(data: unknown, segments: readonly string[]): unknown {
  let node = data;
  for (const segment of segments) {
    if (!isTable(node)) return undefined;
    node = node[segment];
  }
  return node;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && startsWith(a, b);
}

function fullPath(doc: ScannedDocument, entry: ScannedEntry): string[] {
  return [...doc.sections[entry.section]!.path, ...entry.key];
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

class TomlTextEditor {
  constructor(
    private text: string,
    private readonly newline: string,
  ) {}

  get result(): string {
    return this.text;
  }

  /** Makes `segments` hold `target`'s value there (absent = removed). */
  sync(segments: readonly string[], target: TomlTable): void {
    const current = parseTomlData(this.text);
    const wanted = valueAtPath(target, segments);
    const existing = valueAtPath(current, segments);
    if (wanted === undefined ? existing === undefined : existing !== undefined && sameData(existing, wanted)) return;
    const doc = scanToml(this.text);

    // An array of tables is rewritten whole, as an inline array in its parent.
    for (let n = 1; n <= segments.length; n++) {
      const prefix = segments.slice(0, n);
      if (doc.sections.some((s) => s.arrayOfTables && samePath(s.path, prefix))) {
        this.remove(doc, prefix);
        this.insert(prefix, valueAtPath(target, prefix));
        return;
      }
    }

    const owner = doc.entries.find((entry) => startsWith(segments, fullPath(doc, entry)));
    if (owner) {
      const ownerPath = fullPath(doc, owner);
      const value = valueAtPath(target, ownerPath);
      this.text =
        value === undefined
          ? applySplices(this.text, [{ start: owner.lineStart, end: owner.lineEnd, text: "" }])
          : applySplices(this.text, [
              { start: owner.valueStart, end: owner.valueEnd, text: formatInlineValue(value, ownerPath.join(".")) },
            ]);
      return;
    }

    if (isTable(existing) && isTable(wanted)) {
      for (const key of Object.keys(existing)) if (!(key in wanted)) this.sync([...segments, key], target);
      for (const key of Object.keys(wanted)) this.sync([...segments, key], target);
      return;
    }
    if (existing !== undefined) this.remove(scanToml(this.text), segments);
    if (wanted !== undefined) this.insert(segments, wanted);
  }

  /** Removes every header and key line at or below `segments`. */
  private remove(doc: ScannedDocument, segments: readonly string[]): void {
    const splices: Splice[] = [];
    doc.sections.forEach((section, i) => {
      if (i > 0 && startsWith(section.path, segments)) splices.push({ start: section.headerStart, end: section.end, text: "" });
    });
    for (const entry of doc.entries) {
      const removedWithSection = splices.some((s) => entry.lineStart >= s.start && entry.lineEnd <= s.end);
      if (!removedWithSection && startsWith(fullPath(doc, entry), segments)) {
        splices.push({ start: entry.lineStart, end: entry.lineEnd, text: "" });
      }
    }
    this.text = applySplices(this.text, splices);
  }

  private insert(segments: readonly string[], value: unknown): void {
    const doc = scanToml(this.text);
    let ownerIndex = 0;
    doc.sections.forEach((section, i) => {
      if (!section.arrayOfTables && section.path.length < segments.length && startsWith(segments, section.path)) {
        if (section.path.length >= doc.sections[ownerIndex]!.path.length) ownerIndex = i;
      }
    });
    const owner = doc.sections[ownerIndex]!;
    const rest = segments.slice(owner.path.length);
    const entries = doc.entries.filter((e) => e.section === ownerIndex);
    const group = entries.filter((e) => e.key.length > 1 && e.key[0] === rest[0]);
    const keyLine = (key: readonly string[], v: unknown) => `${formatKeyPath(key)} = ${formatInlineValue(v, segments.join("."))}\n`;

    if (group.length > 0) return this.insertLine(group[group.length - 1]!.lineEnd, keyLine(rest, value), false);
    if (rest.length === 1 && !isTable(value)) {
      const last = entries[entries.length - 1];
      if (last) return this.insertLine(last.lineEnd, keyLine(rest, value), false);
      if (ownerIndex > 0) return this.insertLine(owner.bodyStart, keyLine(rest, value), false);
      return this.insertLine(owner.end, keyLine(rest, value), owner.end < this.text.length);
    }
    const section = isTable(value)
      ? formatSection(segments, value)
      : formatSection(segments.slice(0, -1), { [segments[segments.length - 1]!]: value });
    this.insertSection(doc, segments.slice(0, owner.path.length + 1), section);
  }

  private insertLine(at: number, line: string, separateFromNext: boolean): void {
    let text = line;
    if (at > 0 && this.text[at - 1] !== "\n") text = `\n${text}`;
    if (separateFromNext) text += "\n";
    this.text = this.text.slice(0, at) + text.replace(/\n/g, this.newline) + this.text.slice(at);
  }

  /** A new section goes after its closest relatives (same first new segment, else same owner), else at the end. */
  private insertSection(doc: ScannedDocument, family: readonly string[], section: string): void {
    const related = (prefix: readonly string[]) => doc.sections.filter((s, i) => i > 0 && startsWith(s.path, prefix));
    const siblings = related(family);
    const cousins = family.length > 1 ? related(family.slice(0, -1)) : [];
    const anchor = siblings[siblings.length - 1] ?? cousins[cousins.length - 1];
    const at = anchor ? anchor.end : this.text.length;
    const before = this.text.slice(0, at);
    let text = section;
    if (before.length > 0) text = (before.endsWith("\n\n") || before.endsWith("\r\n\r\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n") + text;
    if (at < this.text.length && !/^\r?\n/.test(this.text.slice(at))) text += "\n";
    this.text = before + text.replace(/\r?\n/g, this.newline) + this.text.slice(at);
  }
}

/**
 * Removing the last key of a table may drop the table from the text (a dotted
 * key group, a header-less parent) while the data keeps it empty: both mean
 * the same settings.
 */
function withoutEmptyTables(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyTables);
  if (!isTable(value)) return value;
  const out: TomlTable = {};
  for (const [key, child] of Object.entries(value)) {
    const pruned = withoutEmptyTables(child);
    if (!(isTable(pruned) && Object.keys(pruned).length === 0)) out[key] = pruned;
  }
  return out;
}

export class TomlEditError extends Error {}

/**
 * Rewrites `text` so that each of `paths` holds its value in `target` (the
 * whole document after the edits), preserving every other byte. Throws
 * `TomlEditError` if the result would not parse to `target`.
 */
export function editTomlText(text: string, paths: readonly (readonly string[])[], target: TomlTable): string {
  const editor = new TomlTextEditor(text, text.includes("\r\n") ? "\r\n" : "\n");
  for (const segments of paths) editor.sync(segments, target);
  const result = editor.result;
  let reparsed: TomlTable;
  try {
    reparsed = parseTomlData(result);
  } catch (error) {
    throw new TomlEditError(`the edited document would not be valid TOML: ${(error as Error).message.split("\n", 1)[0]}`);
  }
  if (!sameData(withoutEmptyTables(reparsed), withoutEmptyTables(target))) throw new TomlEditError("the edited document would not hold the requested values");
  return result;
}
