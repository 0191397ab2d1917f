import { STATUS_CODES } from "node:http";

/**
 * One plain HTTP exchange (Node's fetch) with a deadline covering headers and
 * body, shared by the ChatGPT backend client and the OAuth token refresh.
 * Failure messages follow the reference's wording and carry only the URL.
 */

export type HttpRequestFailure = "timeout" | "aborted" | "network";

export class HttpRequestError extends Error {
  constructor(
    readonly kind: HttpRequestFailure,
    readonly url: string,
    readonly timeoutMs?: number,
  ) {
    super(httpFailureMessage(kind, url, timeoutMs));
    this.name = "HttpRequestError";
  }
}

export function httpFailureMessage(kind: HttpRequestFailure, url: string, timeoutMs?: number): string {
  switch (kind) {
    case "timeout":
      return `request timed out after ${timeoutMs} ms for url (${url})`;
    case "aborted":
      return `request cancelled for url (${url})`;
    case "network":
      return `error sending request for url (${url})`;
  }
}

/** `404 Not Found`, or just the number for a status without a standard reason. */
export function statusLine(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `${status} ${reason}` : `${status}`;
}

export interface HttpResult {
  status: number;
  contentType: string;
  text: string;
  retryAfter: string | null;
  /** The `etag` response header. */
  etag: string | null;
}

export interface HttpRequestInit {
  method: string;
  headers: Array<[string, string]>;
  body?: string;
  /** 0 disables the deadline. */
  timeoutMs: number;
  signal?: AbortSignal;
}

const TIMEOUT = Symbol("timeout");
const CANCELLED = Symbol("cancelled");

/** Resolves with any status; rejects with an `HttpRequestError` (timeout, cancellation, network failure). */
export async function httpRequest(url: string, init: HttpRequestInit): Promise<HttpResult> {
  if (init.signal?.aborted) throw new HttpRequestError("aborted", url);
  const controller = new AbortController();
  const timer = init.timeoutMs > 0 ? setTimeout(() => controller.abort(TIMEOUT), init.timeoutMs) : undefined;
  const onAbort = () => controller.abort(CANCELLED);
  init.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const response = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: controller.signal,
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      text,
      retryAfter: response.headers.get("retry-after"),
      etag: response.headers.get("etag"),
    };
  } catch {
    if (controller.signal.aborted) {
      if (controller.signal.reason === TIMEOUT) throw new HttpRequestError("timeout", url, init.timeoutMs);
      throw new HttpRequestError("aborted", url);
    }
    throw new HttpRequestError("network", url);
  } finally {
    if (timer) clearTimeout(timer);
    init.signal?.removeEventListener("abort", onAbort);
  }
}
