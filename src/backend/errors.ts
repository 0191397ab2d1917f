import { httpFailureMessage, statusLine, type HttpRequestError } from "../util/http-request.js";
import { patternRedactor, type TextRedactor } from "../util/secrets.js";

/**
 * Typed failures of a ChatGPT backend call. Messages follow the reference's
 * wording (`GET {url} failed: {status}; content-type={ct}; body={body}`,
 * `Decode error for {url}: …`, `error sending request for url ({url})`) so the
 * JSON-RPC errors built from them keep the reference's shape. They never
 * contain credentials: only the URL, status and a bounded body excerpt, with
 * known secrets and credential patterns scrubbed (an upstream may echo our
 * `Authorization` header).
 */
export type BackendErrorKind = "unauthenticated" | "http" | "timeout" | "network" | "decode" | "aborted";

/** Longest body excerpt quoted in an error message. */
export const BODY_EXCERPT_LIMIT = 2_000;

/**
 * The quotable part of an upstream answer. Scrubbed before it is cut, so a
 * secret straddling the cut cannot leave its first half behind.
 */
function quotedBody(body: string, redactor: TextRedactor): string {
  return bodyExcerpt(redactor.redact(body));
}

export function bodyExcerpt(body: string): string {
  if (body.length <= BODY_EXCERPT_LIMIT) return body;
  return `${body.slice(0, BODY_EXCERPT_LIMIT)}… (${body.length - BODY_EXCERPT_LIMIT} more characters)`;
}

export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    readonly url: string,
    readonly details: {
      status?: number;
      /** Delay requested by a `retry-after` header, in milliseconds. */
      retryAfterMs?: number;
      timeoutMs?: number;
    } = {},
  ) {
    super(message);
    this.name = "BackendError";
  }

  get status(): number | undefined {
    return this.details.status;
  }

  /** Transient failures worth retrying with the same request: network, timeout, 5xx, 429. */
  get transient(): boolean {
    if (this.kind === "network" || this.kind === "timeout") return true;
    if (this.kind === "http" && this.details.status !== undefined) {
      return this.details.status >= 500 || this.details.status === 429;
    }
    return false;
  }
}

export function httpStatusError(
  method: string,
  url: string,
  status: number,
  contentType: string,
  body: string,
  retryAfterMs: number | undefined,
  redactor: TextRedactor = patternRedactor,
): BackendError {
  const message = `${method} ${url} failed: ${statusLine(status)}; content-type=${contentType}; body=${quotedBody(body, redactor)}`;
  return new BackendError(status === 401 ? "unauthenticated" : "http", redactor.redact(message), url, { status, retryAfterMs });
}

/** `problem` may quote decoded values, so the whole message is scrubbed too. */
export function decodeError(
  url: string,
  problem: string,
  contentType: string,
  body: string,
  redactor: TextRedactor = patternRedactor,
): BackendError {
  const message = `Decode error for ${url}: ${problem}; content-type=${contentType}; body=${quotedBody(body, redactor)}`;
  return new BackendError("decode", redactor.redact(message), url);
}

/** A failed HTTP exchange (timeout, cancellation, network) as a backend error of the same kind and text. */
export function fromHttpRequestError(error: HttpRequestError): BackendError {
  const details = error.timeoutMs === undefined ? {} : { timeoutMs: error.timeoutMs };
  return new BackendError(error.kind, error.message, error.url, details);
}

export function abortedError(url: string): BackendError {
  return new BackendError("aborted", httpFailureMessage("aborted", url), url);
}

/**
 * Parses `retry-after` (delta seconds or an HTTP date) into milliseconds from now.
 * Returns undefined when absent or unparsable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
