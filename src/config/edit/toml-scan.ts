/**
 * A layout scanner for TOML text: where each table header and each key/value
 * line starts and ends, so an edit can splice exactly the bytes it changes.
 * It assumes the text already parses (smol-toml checks that first); values
 * are not decoded, only delimited.
 */

/** A `[table]` or `[[array]]` header and the body up to the next header. */
export interface ScannedSection {
  path: string[];
  arrayOfTables: boolean;
  /** Offset of the header line's first byte (0 and equal to `bodyStart` for the root). */
  headerStart: number;
  bodyStart: number;
  /** Offset where the next header line (or the comment block right above it) begins. */
  end: number;
}

/** One `key = value` line (the value may span lines). */
export interface ScannedEntry {
  /** Index into `sections` of the table that holds it. */
  section: number;
  /** The key's own segments, relative to its section (several for dotted keys). */
  key: string[];
  lineStart: number;
  valueStart: number;
  valueEnd: number;
  /** Just past the newline that ends the line (trailing comment included). */
  lineEnd: number;
}

export interface ScannedDocument {
  text: string;
  sections: ScannedSection[];
  entries: ScannedEntry[];
}

const BARE_KEY = /[A-Za-z0-9_-]/;

class Cursor {
  constructor(
    readonly text: string,
    public pos = 0,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  skipSpaces(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  /** Skips spaces, a comment and the line break; returns false if something else is on the line. */
  skipLineRest(): boolean {
    this.skipSpaces();
    if (this.peek() === "#") while (!this.atEnd && this.peek() !== "\n") this.pos++;
    if (this.peek() === "\r" && this.peek(1) === "\n") this.pos++;
    if (this.peek() === "\n") {
      this.pos++;
      return true;
    }
    return this.atEnd;
  }

  fail(what: string): never {
    throw new Error(`TOML layout scan: ${what} at offset ${this.pos}`);
  }
}

function decodeBasicString(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/gs, (_, esc: string) => {
    switch (esc[0]) {
      case "b":
        return "\b";
      case "t":
        return "\t";
      case "n":
        return "\n";
      case "f":
        return "\f";
      case "r":
        return "\r";
      case "e":
        return "\u001b";
      case "u":
      case "U":
        return String.fromCodePoint(parseInt(esc.slice(1), 16));
      default:
        return esc;
    }
  });
}

/** Reads one key segment (bare, "basic" or 'literal'). */
function readKeySegment(c: Cursor): string {
  const quote = c.peek();
  if (quote === '"' || quote === "'") {
    const start = ++c.pos;
    while (!c.atEnd && c.peek() !== quote) c.pos += quote === '"' && c.peek() === "\\" ? 2 : 1;
    const raw = c.text.slice(start, c.pos);
    c.pos++;
    return quote === '"' ? decodeBasicString(raw) : raw;
  }
  const start = c.pos;
  while (BARE_KEY.test(c.peek())) c.pos++;
  if (c.pos === start) c.fail("expected a key");
  return c.text.slice(start, c.pos);
}

function readDottedKey(c: Cursor): string[] {
  const parts: string[] = [];
  for (;;) {
    c.skipSpaces();
    parts.push(readKeySegment(c));
    c.skipSpaces();
    if (c.peek() !== ".") return parts;
    c.pos++;
  }
}

function skipString(c: Cursor): void {
  const quote = c.peek();
  const triple = c.startsWith(quote.repeat(3));
  const escapes = quote === '"';
  if (triple) {
    c.pos += 3;
    for (;;) {
      if (c.atEnd) c.fail("unterminated string");
      if (escapes && c.peek() === "\\") {
        c.pos += 2;
        continue;
      }
      if (c.startsWith(quote.repeat(3))) {
        c.pos += 3;
        // Up to two quotes may sit right before the closing delimiter.
        for (let extra = 0; extra < 2 && c.peek() === quote; extra++) c.pos++;
        return;
      }
      c.pos++;
    }
  }
  c.pos++;
  while (c.peek() !== quote) {
    if (c.atEnd || c.peek() === "\n") c.fail("unterminated string");
    c.pos += escapes && c.peek() === "\\" ? 2 : 1;
  }
  c.pos++;
}

/** Moves past one value: string, array, inline table or bare scalar (numbers, dates, booleans). */
function skipValue(c: Cursor): void {
  const ch = c.peek();
  if (ch === '"' || ch === "'") return skipString(c);
  if (ch === "[" || ch === "{") {
    let depth = 0;
    do {
      const cur = c.peek();
      if (c.atEnd) c.fail("unterminated array or inline table");
      if (cur === '"' || cur === "'") {
        skipString(c);
        continue;
      }
      if (cur === "#") {
        while (!c.atEnd && c.peek() !== "\n") c.pos++;
        continue;
      }
      if (cur === "[" || cur === "{") depth++;
      else if (cur === "]" || cur === "}") depth--;
      c.pos++;
    } while (depth > 0);
    return;
  }
  const start = c.pos;
  while (!c.atEnd && !/[\s,\]}#]/.test(c.peek())) c.pos++;
  // A date and a time may be separated by one space (`1979-05-27 07:32:00`).
  if (/^\d{4}-\d{2}-\d{2}$/.test(c.text.slice(start, c.pos)) && /^ \d{2}:/.test(c.text.slice(c.pos, c.pos + 4))) {
    c.pos++;
    while (!c.atEnd && !/[\s,\]}#]/.test(c.peek())) c.pos++;
  }
  if (c.pos === start) c.fail("expected a value");
}

/** Where a section really ends: before the comment lines that sit directly above the next header. */
function trimTrailingCommentBlock(text: string, bodyStart: number, nextHeader: number): number {
  let end = nextHeader;
  for (;;) {
    const prevLineEnd = end - 1;
    if (prevLineEnd < bodyStart) return end;
    const prevLineStart = text.lastIndexOf("\n", prevLineEnd - 1) + 1;
    if (prevLineStart < bodyStart) return end;
    if (!text.slice(prevLineStart, prevLineEnd).trimStart().startsWith("#")) return end;
    end = prevLineStart;
  }
}

export function scanToml(text: string): ScannedDocument {
  const c = new Cursor(text);
  const sections: ScannedSection[] = [{ path: [], arrayOfTables: false, headerStart: 0, bodyStart: 0, end: text.length }];
  const entries: ScannedEntry[] = [];
  let lastEntryEnd = 0;
  while (!c.atEnd) {
    const lineStart = c.pos;
    c.skipSpaces();
    const ch = c.peek();
    if (ch === "\n" || ch === "#" || (ch === "\r" && c.peek(1) === "\n") || c.atEnd) {
      if (!c.skipLineRest()) c.fail("unexpected text");
      continue;
    }
    if (ch === "[") {
      const arrayOfTables = c.startsWith("[[");
      c.pos += arrayOfTables ? 2 : 1;
      const path = readDottedKey(c);
      c.pos += arrayOfTables ? 2 : 1;
      if (!c.skipLineRest()) c.fail("unexpected text after a table header");
      const previous = sections[sections.length - 1]!;
      previous.end = Math.max(lastEntryEnd, trimTrailingCommentBlock(text, previous.bodyStart, lineStart));
      sections.push({ path, arrayOfTables, headerStart: lineStart, bodyStart: c.pos, end: text.length });
      continue;
    }
    const key = readDottedKey(c);
    if (c.peek() !== "=") c.fail("expected `=`");
    c.pos++;
    c.skipSpaces();
    const valueStart = c.pos;
    skipValue(c);
    const valueEnd = c.pos;
    if (!c.skipLineRest()) c.fail("unexpected text after a value");
    entries.push({ section: sections.length - 1, key, lineStart, valueStart, valueEnd, lineEnd: c.pos });
    lastEntryEnd = c.pos;
  }
  return { text, sections, entries };
}

export function sectionEntries(doc: ScannedDocument, section: number): ScannedEntry[] {
  return doc.entries.filter((entry) => entry.section === section);
}
