import { randomBytes } from "node:crypto";

/** The raw values met by the `stringifyWithRaw` call in progress, and its placeholder tag (made when the first one is met). */
let splicing: { raws: RawJson[]; tag: string } | null = null;

/** A string that `splicePlaceholders(json, tag, …)` finds again once `JSON.stringify` has written it. */
export function placeholder(tag: string, key: string): string {
  return `\u0000${tag}:${key}`;
}

/**
 * `json` with every string written from `placeholder(tag, key)` replaced by
 * `lookup(key)` verbatim (JSON.stringify writes the leading NUL as `\u0000`,
 * which no other string's text can produce unescaped); a key `lookup` does
 * not know stays as it was.
 */
export function splicePlaceholders(json: string, tag: string, lookup: (key: string) => string | undefined): string {
  let out = "";
  for (const piece of splicedPieces(json, tag, lookup)) out += piece;
  return out;
}

/**
 * The pieces of `splicePlaceholders(json, tag, lookup)` in order, each
 * looked-up text asked for only when its piece is reached (so a caller
 * writing the pieces out never holds the whole text).
 */
export function splicedPieces(json: string, tag: string, lookup: (key: string) => string | undefined): Iterable<string> {
  return splice(json, tag, (key) => {
    const text = lookup(key);
    return text === undefined ? undefined : [text];
  });
}

/** `json` in pieces, each placeholder of `tag` whose key `lookup` knows replaced by the pieces it gives. */
function* splice(json: string, tag: string, lookup: (key: string) => Iterable<string> | undefined): Generator<string> {
  const marker = `"\\u0000${tag}:`;
  let from = 0;
  for (;;) {
    const at = json.indexOf(marker, from);
    if (at === -1) break;
    const keyStart = at + marker.length;
    const end = json.indexOf('"', keyStart);
    const replacement = lookup(json.slice(keyStart, end));
    if (replacement === undefined) {
      yield json.slice(from, keyStart);
      from = keyStart;
      continue;
    }
    if (at > from) yield json.slice(from, at);
    yield* replacement;
    from = end + 1;
  }
  if (from < json.length) yield from === 0 ? json : json.slice(from);
}

/**
 * JSON text that goes into an outgoing message as it is: items read from the
 * store reach the wire without a parse and a re-stringify (a 20,000-item
 * history would otherwise be parsed into objects only to be serialized again).
 * Outside `stringifyWithRaw` it serializes as its parsed value, so any other
 * `JSON.stringify` still sees plain JSON.
 *
 * The text may be given as a function: it is then read only when the
 * encoder reaches it (a long history's turns are read from the store batch
 * by batch while the answer is written, not all before it).
 */
export class RawJson {
  constructor(private readonly source: string | (() => string)) {}

  get text(): string {
    return typeof this.source === "string" ? this.source : this.source();
  }

  toJSON(): unknown {
    if (splicing === null) return JSON.parse(this.text);
    // The nonce is made only for a message that holds raw text (most hold none).
    if (splicing.tag === "") splicing.tag = `raw:${randomBytes(8).toString("hex")}`;
    splicing.raws.push(this);
    return placeholder(splicing.tag, String(splicing.raws.length - 1));
  }
}

/**
 * A base64 string as a JSON value written verbatim: base64 has no character
 * JSON escapes, so a large one (a file read whole) goes out without
 * `JSON.stringify` scanning and copying it once more. Typed as the string
 * it stands for.
 */
export function base64JsonString(base64: string): string {
  return new RawJson(`"${base64}"`) as unknown as string;
}

/**
 * `JSON.stringify` that splices every `RawJson` in `value` verbatim. Each one
 * first serializes as a placeholder string carrying a per-call random nonce
 * (so no string in the data can pass for one), then the placeholders are
 * replaced by the raw texts in one pass.
 */
export function stringifyWithRaw(value: unknown): string {
  const pieces = stringifyWithRawPieces(value);
  if (typeof pieces === "string") return pieces;
  let out = "";
  for (const piece of pieces) out += piece;
  return out;
}

/**
 * `stringifyWithRaw(value)` as its one string when `value` holds no
 * `RawJson`, else as pieces in order: each raw text is read only when its
 * piece is taken, so whoever writes the pieces out as they come never holds
 * the whole text at once.
 */
export function stringifyWithRawPieces(value: unknown): string | Iterable<string> {
  const outer = splicing;
  const state = { raws: [] as RawJson[], tag: "" };
  splicing = state;
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    splicing = outer;
  }
  if (state.raws.length === 0) return text;
  return splicedPieces(text, state.tag, (key) => {
    const index = Number(key);
    const raw = state.raws[index];
    if (raw === undefined) return undefined;
    // Taken once: a piece that has gone out is not kept alive by the state.
    state.raws[index] = undefined as unknown as RawJson;
    return raw.text;
  });
}

/**
 * A run of consecutive items of a JSON array, kept as their JSON text (in
 * parts, each one or more items joined by commas, never empty): a long
 * thread's stored model context goes into a request body without being
 * parsed into objects only to be serialized again, nor joined into one more
 * string. Whoever writes the array expands it (`expandRuns`) or splices the
 * parts in place (`splicedUtf8`).
 */
export class RawItemRun {
  constructor(readonly parts: readonly string[]) {}

  /** The items' JSON text, joined by commas. */
  get text(): string {
    return this.parts.join(",");
  }

  items(): unknown[] {
    return JSON.parse(`[${this.text}]`) as unknown[];
  }

  /** Each item's JSON text, in order (found by scanning, not parsing). */
  itemTexts(): string[] {
    const out: string[] = [];
    for (const part of this.parts) splitTopLevel(part, out);
    return out;
  }
}

/** Characters joined before they are encoded into a spliced body (one native call per chunk, not per item). */
const SPLICE_CHUNK_CHARS = 64 * 1024;

/**
 * The UTF-8 bytes of `json` with every placeholder string of `tag` replaced
 * by the parts `lookup(key)` gives, joined by commas (a key it does not know
 * stays as it was). Encoded chunk by chunk straight into one buffer: a long
 * request body is never built as one more string on its way to the socket.
 * The buffer is sized for the worst case (3 bytes per UTF-16 unit); the
 * pages past the bytes written are never touched, so they cost no memory.
 */
export function splicedUtf8(json: string, tag: string, lookup: (key: string) => readonly string[] | undefined): Buffer {
  const pieces = [
    ...splice(json, tag, (key) => {
      const parts = lookup(key);
      return parts === undefined ? undefined : withCommas(parts);
    }),
  ];
  let chars = 0;
  for (const piece of pieces) chars += piece.length;
  const out = Buffer.allocUnsafe(chars * 3);
  let at = 0;
  let chunk = "";
  for (const piece of pieces) {
    if (piece.length >= SPLICE_CHUNK_CHARS) {
      // Encoded where it lies: joined to the chunk it would be copied once more first.
      if (chunk !== "") at += out.write(chunk, at, "utf8");
      chunk = "";
      at += out.write(piece, at, "utf8");
      continue;
    }
    chunk += piece;
    if (chunk.length < SPLICE_CHUNK_CHARS) continue;
    at += out.write(chunk, at, "utf8");
    chunk = "";
  }
  if (chunk !== "") at += out.write(chunk, at, "utf8");
  return out.subarray(0, at);
}

/** Appends to `out` the texts of the comma-separated JSON values in `text` (the inside of an array). */
function splitTopLevel(text: string, out: string[]): void {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
}

function* withCommas(parts: readonly string[]): Generator<string> {
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) yield ",";
    yield parts[i]!;
  }
}

/** `items` with every `RawItemRun` replaced by the items it holds. */
export function expandRuns<T>(items: ReadonlyArray<T | RawItemRun>): T[] {
  if (!items.some((item) => item instanceof RawItemRun)) return items as T[];
  const out: T[] = [];
  for (const item of items) {
    if (item instanceof RawItemRun) out.push(...(item.items() as T[]));
    else out.push(item);
  }
  return out;
}
