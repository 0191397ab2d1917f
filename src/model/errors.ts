import type { APIError } from "openai";
import { statusLine } from "../util/http-request.js";
import type { CodexErrorInfo, TurnError } from "../protocol/turn.js";
import type { TextRedactor } from "../util/secrets.js";

/** The openai SDK module (loaded lazily: it is not needed until the first turn). */
export type SdkModule = typeof import("openai");

/**
 * A model request failure, already classified the way the reference reports
 * it (`TurnError.message` + `codexErrorInfo`). `retryableStream` marks
 * failures after the HTTP handshake (cut stream, idle stream, in-stream
 * transient errors) that the client re-issues up to `stream_max_retries`.
 */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly info: CodexErrorInfo | null,
    readonly retryableStream = false,
    readonly additionalDetails: string | null = null,
  ) {
    super(message);
    this.name = "ModelError";
  }

  toTurnError(): TurnError {
    return { message: this.message, codexErrorInfo: this.info, additionalDetails: this.additionalDetails, misalignment: null };
  }

  /**
   * This error with its texts scrubbed: they quote upstream bodies, which may
   * echo the request's credentials. (`info` holds no text, only kinds and statuses.)
   */
  redacted(redactor: TextRedactor): ModelError {
    const message = redactor.redact(this.message);
    const details = this.additionalDetails === null ? null : redactor.redact(this.additionalDetails);
    if (message === this.message && details === this.additionalDetails) return this;
    return new ModelError(message, this.info, this.retryableStream, details);
  }
}

/** The turn was interrupted or the server is shutting down; not a failure. */
export class TurnAbortedError extends Error {
  constructor() {
    super("turn aborted");
    this.name = "TurnAbortedError";
  }
}

export const CONTEXT_WINDOW_MESSAGE =
  "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.";
export const SERVER_OVERLOADED_MESSAGE = "Selected model is at capacity. Please try a different model.";
export const INTERNAL_SERVER_ERROR_MESSAGE =
  "We're currently experiencing high demand, which may cause temporary errors.";
export const QUOTA_EXCEEDED_MESSAGE = "Quota exceeded. Check your plan and billing details.";

/** Error codes in a 429 body (or a `response.failed` event) that retrying cannot fix. */
const USAGE_LIMIT_CODES = new Set(["usage_limit_reached", "usage_not_included", "insufficient_quota"]);
const OVERLOADED_CODES = new Set(["server_is_overloaded", "slow_down"]);

/** Statuses the openai SDK retries on its own (up to `request_max_retries`). */
function sdkRetriesStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function streamDisconnected(reason: string): ModelError {
  return new ModelError(`stream disconnected before completion: ${reason}`, {
    responseStreamDisconnected: { httpStatusCode: null },
  }, true);
}

interface ErrorBody {
  code?: unknown;
  type?: unknown;
  message?: unknown;
  resets_at?: unknown;
  resets_in_seconds?: unknown;
  plan_type?: unknown;
}

function bodyOf(error: APIError): ErrorBody {
  const body = error.error;
  return body !== null && typeof body === "object" ? (body as ErrorBody) : {};
}

function codeOf(body: ErrorBody, error?: APIError): string | undefined {
  for (const value of [body.code, body.type, error?.code, error?.type]) {
    if (typeof value === "string" && value.length > 0) return value;
  }
  return undefined;
}

function messageOf(body: ErrorBody, fallback: string): string {
  return typeof body.message === "string" && body.message.trim() !== "" ? body.message.trim() : fallback;
}

/** "3:04 PM" today, else "Jan 5th, 2026 3:04 PM" (local time), as the reference words reset times. */
function formatResetTime(resetsAtSeconds: number, now = new Date()): string {
  const at = new Date(resetsAtSeconds * 1000);
  const time = at.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" });
  if (at.toDateString() === now.toDateString()) return time;
  const day = at.getDate();
  const suffix = day % 100 >= 11 && day % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][day % 10] ?? "th";
  const month = at.toLocaleString("en-US", { month: "short" });
  return `${month} ${day}${suffix}, ${at.getFullYear()} ${time}`;
}

export function usageLimitMessage(body: ErrorBody): string {
  let resetsAt: number | undefined;
  if (typeof body.resets_at === "number" && body.resets_at > 0) resetsAt = body.resets_at;
  else if (typeof body.resets_in_seconds === "number" && body.resets_in_seconds > 0) {
    resetsAt = Math.floor(Date.now() / 1000) + body.resets_in_seconds;
  }
  const suffix = resetsAt === undefined ? " Try again later." : ` Try again at ${formatResetTime(resetsAt)}.`;
  return `You've hit your usage limit.${suffix}`;
}

/** Classifies an error from an HTTP error status (the request never streamed). */
function fromStatus(error: APIError, status: number, requestMaxRetries: number): ModelError {
  const body = bodyOf(error);
  const code = codeOf(body, error);
  const detail = messageOf(body, error.message);
  const unexpected = `unexpected status ${statusLine(status)}: ${detail}`;
  if (code && USAGE_LIMIT_CODES.has(code)) {
    const message = code === "insufficient_quota" ? QUOTA_EXCEEDED_MESSAGE : usageLimitMessage(body);
    return new ModelError(message, "usageLimitExceeded");
  }
  if (code === "context_length_exceeded") return new ModelError(CONTEXT_WINDOW_MESSAGE, "contextWindowExceeded");
  if (status === 404 && (code === "model_not_found" || /model .*(does not exist|not found)/i.test(detail))) {
    return new ModelError(detail, "modelNotFound");
  }
  if (status === 503 || (code && OVERLOADED_CODES.has(code))) {
    return new ModelError(SERVER_OVERLOADED_MESSAGE, "serverOverloaded", false, unexpected);
  }
  if (status === 500) return new ModelError(INTERNAL_SERVER_ERROR_MESSAGE, "internalServerError", false, unexpected);
  if (status === 400) return new ModelError(unexpected, "badRequest");
  if (status === 401) return new ModelError(unexpected, "unauthorized");
  const shouldRetryHeader = error.headers?.get("x-should-retry");
  if (requestMaxRetries > 0 && sdkRetriesStatus(status) && shouldRetryHeader !== "false") {
    return new ModelError(`exceeded retry limit, last status: ${statusLine(status)}`, {
      responseTooManyFailedAttempts: { httpStatusCode: status },
    }, false, unexpected);
  }
  return new ModelError(unexpected, { httpConnectionFailed: { httpStatusCode: status } });
}

/**
 * Classifies anything `responses.create()` or its stream threw. Errors thrown
 * while iterating the stream (after a 200) are stream disconnects; errors from
 * the request itself are HTTP/connection failures.
 */
export function classifyError(
  sdk: SdkModule,
  error: unknown,
  phase: "request" | "stream",
  requestMaxRetries: number,
): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof sdk.APIUserAbortError) return streamDisconnected("request aborted");
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new ModelError("Connection failed: request timed out", { httpConnectionFailed: { httpStatusCode: null } });
  }
  if (error instanceof sdk.APIConnectionError) {
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? describeCause(cause) : error.message;
    return new ModelError(`Connection failed: ${reason}`, { httpConnectionFailed: { httpStatusCode: null } });
  }
  if (error instanceof sdk.APIError) {
    if (typeof error.status === "number") return fromStatus(error, error.status, requestMaxRetries);
    // An `error` payload inside the SSE stream (the SDK throws it as a status-less APIError).
    return fromStreamFailure(bodyOf(error), error.message);
  }
  const reason = error instanceof Error ? describeCause(error) : String(error);
  if (phase === "stream") return streamDisconnected(reason);
  return new ModelError(`Connection failed: ${reason}`, { httpConnectionFailed: { httpStatusCode: null } });
}

function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message && cause.message !== error.message) {
    return `${error.message} (${cause.message})`;
  }
  return error.message || error.name;
}

/**
 * A `response.failed` / `error` event: permanent for context, quota and
 * overload codes; anything else is a transient stream failure (retried).
 */
export function fromStreamFailure(body: ErrorBody, fallback = "response failed"): ModelError {
  const code = codeOf(body);
  const message = messageOf(body, fallback);
  if (code === "context_length_exceeded") return new ModelError(CONTEXT_WINDOW_MESSAGE, "contextWindowExceeded");
  if (code === "insufficient_quota") return new ModelError(QUOTA_EXCEEDED_MESSAGE, "usageLimitExceeded");
  if (code && USAGE_LIMIT_CODES.has(code)) return new ModelError(usageLimitMessage(body), "usageLimitExceeded");
  if (code && OVERLOADED_CODES.has(code)) {
    return new ModelError(SERVER_OVERLOADED_MESSAGE, "serverOverloaded", false, message);
  }
  if (code === "invalid_prompt") return new ModelError(message, "badRequest");
  if (code === "model_not_found") return new ModelError(message, "modelNotFound");
  return streamDisconnected(message);
}
