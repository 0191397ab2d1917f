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
