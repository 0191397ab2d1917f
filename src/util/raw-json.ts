import { randomBytes } from "node:crypto";

/** The raw texts met by the `stringifyWithRaw` call in progress, and its placeholder prefix. */
let splicing: { texts: string[]; prefix: string } | null = null;

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
    splicing.texts.push(this.text);
    return `${splicing.prefix}${splicing.texts.length - 1}`;
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
  const nonce = randomBytes(8).toString("hex");
  const state = { texts: [] as string[], prefix: `\u0000raw:${nonce}:` };
  splicing = state;
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    splicing = outer;
  }
  if (state.texts.length === 0) return text;
  // JSON.stringify writes the NUL of each placeholder as `\u0000`; placeholders are numbered in order.
  const pieces = text.split(`"\\u0000raw:${nonce}:`);
  let out = pieces[0]!;
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const end = piece.indexOf('"');
    out += state.texts[Number(piece.slice(0, end))]! + piece.slice(end + 1);
  }
  return out;
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
