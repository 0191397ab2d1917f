/**
 * Scrubbing credentials out of text that came from elsewhere (upstream error
 * bodies echoing our `Authorization` header, SDK debug output...) before it
 * reaches a client, a log line or the thread store.
 *
 * Two kinds of rules: the literal secrets this server knows (API key,
 * access/refresh/id tokens; registered as credentials are loaded, set or
 * refreshed), each also in its JSON-escaped and URL-encoded spellings, and
 * patterns that catch credentials nobody registered (`Bearer <token>`,
 * `sk-…` keys, JWTs). Every span any rule matches in the original text is
 * replaced, overlapping spans merged, so overlapping or nested secrets leave
 * no fragment behind.
 */

export const REDACTED = "[REDACTED]";

/**
 * Literal secrets shorter than this are not searched for. Real credentials
 * are far longer (API keys ~50 characters, JWTs hundreds), while a short
 * value such as `test` or `abc` occurs in ordinary text and would blank out
 * unrelated words, and in a log line even JSON keys. A short token is still
 * caught where it matters most, after `Bearer `.
 */
export const MIN_SECRET_LENGTH = 8;

/** Distinct secrets remembered (old tokens stay for a while: an upstream may still echo them); the oldest go first. */
const MAX_REMEMBERED = 64;

/** Where credentials are reported as they become known. */
export interface SecretRegistry {
  /** Scrubs these values from now on; missing, empty and too-short values are ignored. */
  remember(...values: ReadonlyArray<string | null | undefined>): void;
}

export interface TextRedactor {
  /** `text` with every secret replaced by `[REDACTED]`; the same string when nothing matched. */
  redact(text: string): string;
}

/**
 * Characters a bearer token runs over: anything but whitespace, quotes,
 * backslashes and delimiters, so that a redacted token inside JSON (or
 * JSON quoted in JSON) never takes the closing quote or an escape with it.
 */
const TOKEN_CHARS = String.raw`[^\s"'\\,;<>()[\]{}]+`;

/**
 * Where a credential may start: not inside a word, except right after a
 * JSON escape such as `\n` (whose letter would otherwise count as a word).
 */
const START = String.raw`(?:(?<![A-Za-z0-9])|(?<=\\[nrt]))`;

/** Each pattern's last capture group (or the whole match) is the secret part. */
const PATTERNS: readonly RegExp[] = [
  // `Bearer <token>` in any case; the separator may be URL-encoded or JSON-escaped.
  new RegExp(String.raw`${START}bearer(?:\s|%20|\+|\\[tn]|\\u0020)+(${TOKEN_CHARS})`, "gi"),
  // OpenAI-style keys: sk-…, sk-proj-…, sk-svcacct-…
  new RegExp(String.raw`${START}sk-[A-Za-z0-9_-]{20,}`, "g"),
  // JWTs: base64url header (always `{"…` = `eyJ`), payload and signature.
  new RegExp(String.raw`${START}eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`, "g"),
];

type Span = [start: number, end: number];

function patternSpans(text: string, spans: Span[]): void {
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const secret = match[match.length - 1] ?? match[0];
      const end = match.index + match[0].length;
      spans.push([end - secret.length, end]);
    }
  }
}

function literalSpans(text: string, needles: readonly string[], spans: Span[]): void {
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) spans.push([at, at + needle.length]);
  }
}

function replaceSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let copied = 0;
  let [start, end] = spans[0]!;
  for (const [nextStart, nextEnd] of spans) {
    if (nextStart <= end) {
      end = Math.max(end, nextEnd);
      continue;
    }
    out += text.slice(copied, start) + REDACTED;
    copied = end;
    [start, end] = [nextStart, nextEnd];
  }
  return out + text.slice(copied, start) + REDACTED + text.slice(end);
}

/** The body of a JSON string literal holding `value`. */
function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** `\u`-escapes for what other encoders escape beyond JSON.stringify (non-ASCII, HTML-sensitive characters). */
function asciiEscaped(value: string): string {
  return value.replace(/[^\x20-\x7e]|[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** How `secret` may be spelled in text: raw, JSON-escaped (once or twice, `/` escaped or not, ASCII-only), URL-encoded. */
export function spellingsOf(secret: string): string[] {
  const json = jsonEscaped(secret);
  return [
    ...new Set([
      secret,
      json,
      jsonEscaped(json),
      json.replaceAll("/", "\\/"),
      asciiEscaped(json),
      encodeURIComponent(secret),
    ]),
  ];
}

/** Only the patterns (`Bearer …`, `sk-…`, JWTs): for text scrubbed where no server's known secrets are at hand. */
export const patternRedactor: TextRedactor = {
  redact(text: string): string {
    const spans: Span[] = [];
    patternSpans(text, spans);
    return replaceSpans(text, spans);
  },
};

/**
 * One per server: the composition root creates it, the auth manager (and the
 * model client, for provider keys from the environment) register into it,
 * and the edges (upstream error construction, the logger's output, the
 * store's error column) redact through it.
 */
export class SecretRedactor implements SecretRegistry, TextRedactor {
  /** Remembered secrets, oldest first. */
  private readonly secrets = new Set<string>();
  private needles: readonly string[] = [];

  remember(...values: ReadonlyArray<string | null | undefined>): void {
    let changed = false;
    for (const value of values) {
      const secret = value?.trim();
      if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
      if (this.secrets.has(secret)) {
        // Most recently used last, so it is the last to be forgotten.
        this.secrets.delete(secret);
        this.secrets.add(secret);
        continue;
      }
      this.secrets.add(secret);
      changed = true;
    }
    if (!changed) return;
    for (const oldest of this.secrets) {
      if (this.secrets.size <= MAX_REMEMBERED) break;
      this.secrets.delete(oldest);
    }
    this.needles = [...new Set([...this.secrets].flatMap(spellingsOf))];
  }

  redact(text: string): string {
    const spans: Span[] = [];
    literalSpans(text, this.needles, spans);
    patternSpans(text, spans);
    return replaceSpans(text, spans);
  }
}

/** `value` (JSON data) with every string in it redacted, keys excepted; the same value when nothing matched. */
export function redactStrings<T>(value: T, redactor: TextRedactor): T {
  return redactDeep(value, redactor) as T;
}

function redactDeep(value: unknown, redactor: TextRedactor): unknown {
  if (typeof value === "string") return redactor.redact(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => redactDeep(item, redactor));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (value !== null && typeof value === "object") {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const redacted = redactDeep(item, redactor);
      if (redacted !== item) changed = true;
      return [key, redacted] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}
