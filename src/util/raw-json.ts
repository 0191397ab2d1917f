import { randomBytes } from "node:crypto";

/** The raw texts met by the `stringifyWithRaw` call in progress, and its placeholder tag (made when the first one is met). */
let splicing: { texts: string[]; tag: string } | null = null;

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
  const marker = `"\\u0000${tag}:`;
  const pieces = json.split(marker);
  let out = pieces[0]!;
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const end = piece.indexOf('"');
    const text = lookup(piece.slice(0, end));
    out += text === undefined ? marker + piece : text + piece.slice(end + 1);
  }
  return out;
}

/**
 * JSON text that goes into an outgoing message as it is: items read from the
 * store reach the wire without a parse and a re-stringify (a 20,000-item
 * history would otherwise be parsed into objects only to be serialized again).
 * Outside `stringifyWithRaw` it serializes as its parsed value, so any other
 * `JSON.stringify` still sees plain JSON.
 */
export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    if (splicing === null) return JSON.parse(this.text);
    // The nonce is made only for a message that holds raw text (most hold none).
    if (splicing.tag === "") splicing.tag = `raw:${randomBytes(8).toString("hex")}`;
    splicing.texts.push(this.text);
    return placeholder(splicing.tag, String(splicing.texts.length - 1));
  }
}

/**
 * `JSON.stringify` that splices every `RawJson` in `value` verbatim. Each one
 * first serializes as a placeholder string carrying a per-call random nonce
 * (so no string in the data can pass for one), then the placeholders are
 * replaced by the raw texts in one pass.
 */
export function stringifyWithRaw(value: unknown): string {
  const outer = splicing;
  const state = { texts: [] as string[], tag: "" };
  splicing = state;
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    splicing = outer;
  }
  if (state.texts.length === 0) return text;
  return splicePlaceholders(text, state.tag, (key) => state.texts[Number(key)]);
}

/**
 * A run of consecutive items of a JSON array, kept as their JSON text (the
 * items joined by commas, never empty): a long thread's stored model context
 * goes into a request body without being parsed into objects only to be
 * serialized again. Whoever writes the array expands it (`expandRuns`) or
 * splices the text in place.
 */
export class RawItemRun {
  constructor(readonly text: string) {}

  items(): unknown[] {
    return JSON.parse(`[${this.text}]`) as unknown[];
  }

  /**
   * The run for a list of JSON array texts (`[]` ones skipped), or undefined
   * when they hold no item.
   */
  static fromArrayTexts(arrays: readonly string[]): RawItemRun | undefined {
    const parts: string[] = [];
    for (const array of arrays) {
      const inner = array.slice(array.indexOf("[") + 1, array.lastIndexOf("]"));
      if (inner.trim() !== "") parts.push(inner);
    }
    return parts.length > 0 ? new RawItemRun(parts.join(",")) : undefined;
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
