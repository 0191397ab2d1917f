/**
 * The `exec` tool's input: raw JavaScript with an optional first-line pragma
 * (`// @exec: {"yield_time_ms": N, "max_output_tokens": N}`). The grammar and
 * the error texts are the reference's interface; the defaults are its
 * documented ones (fact sheet §6).
 */

/** The Lark grammar of the `exec` custom tool, exactly as the reference sends it. */
export const EXEC_GRAMMAR =
  "\nstart: pragma_source | plain_source\npragma_source: PRAGMA_LINE NEWLINE SOURCE\nplain_source: SOURCE\n\nPRAGMA_LINE: /[ \\t]*\\/\\/ @exec:[^\\r\\n]*/\nNEWLINE: /\\r?\\n/\nSOURCE: /[\\s\\S]+/\n";

export const PRAGMA_PREFIX = "// @exec:";
export const DEFAULT_EXEC_YIELD_TIME_MS = 30_000;
export const DEFAULT_WAIT_YIELD_TIME_MS = 10_000;
export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;

export interface ExecSource {
  code: string;
  yieldTimeMs: number | null;
  maxOutputTokens: number | null;
}

const FIELDS = "`yield_time_ms` and `max_output_tokens`";

function isSafeNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** Splits the pragma off `input`; a string is the reference's error text for a malformed input. */
export function parseExecSource(input: string): ExecSource | string {
  if (input.trim() === "") {
    return 'exec expects raw JavaScript source text (non-empty). Provide JS only, optionally with first-line `// @exec: {"yield_time_ms": 10000, "max_output_tokens": 1000}`.';
  }
  const newline = input.indexOf("\n");
  const firstLine = newline === -1 ? input : input.slice(0, newline);
  const rest = newline === -1 ? "" : input.slice(newline + 1);
  const trimmed = firstLine.trimStart();
  if (!trimmed.startsWith(PRAGMA_PREFIX)) return { code: input, yieldTimeMs: null, maxOutputTokens: null };
  if (rest.trim() === "") return "exec pragma must be followed by JavaScript source on subsequent lines";
  const directive = trimmed.slice(PRAGMA_PREFIX.length).trim();
  const notAnObject = `exec pragma must be a JSON object with supported fields ${FIELDS}`;
  if (directive === "") return notAnObject;
  let value: unknown;
  try {
    value = JSON.parse(directive);
  } catch (error) {
    return `exec pragma must be valid JSON with supported fields ${FIELDS}: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return notAnObject;
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== "yield_time_ms" && key !== "max_output_tokens") return `exec pragma only supports ${FIELDS}; got \`${key}\``;
  }
  const { yield_time_ms: yieldTime, max_output_tokens: maxTokens } = fields;
  if (yieldTime !== undefined && yieldTime !== null && !isSafeNonNegativeInteger(yieldTime)) {
    return "exec pragma field `yield_time_ms` must be a non-negative safe integer";
  }
  if (maxTokens !== undefined && maxTokens !== null && !isSafeNonNegativeInteger(maxTokens)) {
    return "exec pragma field `max_output_tokens` must be a non-negative safe integer";
  }
  return {
    code: rest,
    yieldTimeMs: typeof yieldTime === "number" ? yieldTime : null,
    maxOutputTokens: typeof maxTokens === "number" ? maxTokens : null,
  };
}
