import { createHash } from "node:crypto";

const BLOCK_STARTS = [0, 9, 14, 19, 24] as const;
const GROUP_LENGTHS = [8, 4, 4, 4, 12] as const;
const HEX = /^[0-9a-fA-F]$/;

/**
 * Parses a UUID (thread, agent and installation ids) the way the reference (Rust `uuid::Uuid::parse_str`) does:
 * hyphenated, simple (32 hex digits), `{braced}` or `urn:uuid:` forms.
 * Returns the canonical lowercase hyphenated form, or the `uuid` crate's error text.
 */
export function parseUuid(input: string): { ok: true; id: string } | { ok: false; error: string } {
  let body = input;
  let offset = 0;
  let simple = true;
  if (input.length >= 2 && input.startsWith("{") && input.endsWith("}")) {
    body = input.slice(1, -1);
    offset = 1;
    simple = false;
  } else if (input.startsWith("urn:uuid:")) {
    body = input.slice("urn:uuid:".length);
    offset = "urn:uuid:".length;
    simple = false;
  }
  const hyphenated = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(body);
  if (hyphenated) return { ok: true, id: body.toLowerCase() };
  if (simple && /^[0-9a-fA-F]{32}$/.test(body)) {
    const h = body.toLowerCase();
    return { ok: true, id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
  }
  // Mirror uuid's InvalidUuid::into_err diagnostics.
  let hyphens = 0;
  const bounds: number[] = [];
  let index = 0;
  for (const ch of body) {
    if (ch === "-") {
      if (hyphens < 4) bounds.push(index);
      hyphens++;
    } else if (!HEX.test(ch)) {
      return {
        ok: false,
        error: `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${ch}\` at ${index + offset + 1}`,
      };
    }
    index += Buffer.byteLength(ch);
  }
  if (hyphens === 0 && simple) {
    return { ok: false, error: `invalid length: expected length 32 for simple format, found ${Buffer.byteLength(input)}` };
  }
  if (hyphens !== 4) return { ok: false, error: `invalid group count: expected 5, found ${hyphens + 1}` };
  for (let i = 0; i < 4; i++) {
    if (bounds[i] !== BLOCK_STARTS[i + 1]! - 1) {
      return {
        ok: false,
        error: `invalid group length in group ${i}: expected ${GROUP_LENGTHS[i]}, found ${bounds[i]! - BLOCK_STARTS[i]!}`,
      };
    }
  }
  return {
    ok: false,
    error: `invalid group length in group 4: expected 12, found ${Buffer.byteLength(body) - BLOCK_STARTS[4]}`,
  };
}

/**
 * RFC 4122 name-based UUID (version 5, SHA-1) of `name` (as UTF-8) in
 * `namespace`: the `uuid` package's `v5` gives the same, but converts the
 * name to bytes one character at a time (milliseconds for a 16k-character
 * prompt, where hashing the buffer takes microseconds).
 */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash("sha1").update(Buffer.from(namespace.replaceAll("-", ""), "hex")).update(name, "utf8").digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
