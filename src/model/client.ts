import type OpenAI from "openai";
import type { Response as OpenAIResponse, ResponseStreamEvent } from "openai/resources/responses/responses";
import type { Logger } from "../logging/logger.js";
import type { JsonValue } from "../protocol/common.js";
import { SecretRedactor } from "../util/secrets.js";
import { expandRuns, placeholder, RawItemRun, splicedUtf8 } from "../util/raw-json.js";
import { randomBytes } from "node:crypto";
import type { ModelEndpoint } from "./endpoint.js";
import { NodeHttpFetch } from "./http.js";
import { withZstdBodies } from "./zstd.js";
import {
  classifyError,
  ModelError,
  streamDisconnected,
  TurnAbortedError,
  type SdkModule,
} from "./errors.js";
import { backoffMs, sleep } from "./backoff.js";
import { streamEnd } from "./stream-end.js";

let sdkModule: Promise<SdkModule> | undefined;

/**
 * The openai SDK, imported on first use (it takes tens of milliseconds to
 * load, which would otherwise delay every server start).
 */
export function loadSdk(): Promise<SdkModule> {
  sdkModule ??= import("openai");
  return sdkModule;
}

/** A tiny complete Responses stream, served to the warm-up request. */
const WARM_UP_SSE = [
  { type: "response.created", sequence_number: 0, response: { id: "warm", status: "in_progress", output: [] } },
  { type: "response.output_text.delta", sequence_number: 1, item_id: "m", output_index: 0, content_index: 0, delta: "" },
  { type: "response.completed", sequence_number: 2, response: { id: "warm", status: "completed", output: [], usage: null } },
]
  .map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
  .join("");
/** The same stream as an HTTP/1.1 response, in chunks, as a server streams it. */
const WARM_UP_RESPONSE = `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n${Buffer.byteLength(WARM_UP_SSE).toString(16)}\r\n${WARM_UP_SSE}\r\n0\r\n\r\n`;

/**
 * One Responses API request, before provider details are applied. The core
 * decides every value (fact sheet §2); this layer only shapes the body.
 */
export interface ModelRequest {
  model: string;
  /**
   * Responses API input items: the whole history, base instructions first
   * (there is no `instructions` field). Stored history may come as runs of
   * JSON text, spliced into the body as they are.
   */
  input: Array<JsonValue | RawItemRun>;
  /** Tool definitions; the field is omitted when undefined. */
  tools?: JsonValue[];
  /** Default true (the reference sends true for every direct-mode model). */
  parallelToolCalls?: boolean;
  /** Sent as `reasoning`, together with `include: ["reasoning.encrypted_content"]`, when non-empty. */
  reasoning?: Record<string, string> | null;
  /** `text.verbosity`, only for models that support it. */
  verbosity?: string | null;
  /** JSON Schema for the final message (`text.format` json_schema), this request only. */
  outputSchema?: JsonValue | null;
  /** `prompt_cache_key` (the thread id keeps the cache warm across turns). */
  promptCacheKey?: string;
  /** `client_metadata`: string values only. */
  clientMetadata?: Record<string, string>;
  /** Per-request headers (originator, user agent, session and turn metadata, ...). */
  headers?: Record<string, string>;
}

export interface StreamCallbacks {
  /** Called with every event except the terminal ones, synchronously, in order. */
  onEvent(event: ResponseStreamEvent): void;
  /** A new attempt starts (0 = first); state built from a failed attempt must be dropped. */
  onAttempt?(attempt: number): void;
  /** A transient stream failure is retried: the reference's `error` notification with `willRetry: true`. */
  onRetry?(error: ModelError, retry: number, maxRetries: number): void;
  /**
   * Called before each read of the response body; a returned promise holds
   * reading back until it settles (backpressure from slow clients). The idle
   * timeout does not run meanwhile.
   */
  beforeRead?(): Promise<void> | undefined;
  /** The response headers, as soon as they arrive (rate limits stay reportable when the stream is cut). */
  onHeaders?(headers: Headers): void;
  /**
   * A response stream starts, described by `headers`: an HTTP response's own
   * headers; over WebSocket the connection's upgrade headers, for every
   * request on it. Called before the stream's first event.
   */
  onStreamStart?(headers: Headers): void;
  /** A transport notice for the thread (the reference's `warning`, e.g. the WebSocket → HTTPS fallback). */
  onWarning?(message: string): void;
}

export interface StreamResult {
  response: OpenAIResponse;
  headers: Headers;
}

/**
 * Headers the openai SDK adds on its own; the reference sends none of them
 * (§3.1). A null default header makes the SDK drop the header; the streaming
 * `accept` replaces its `application/json`.
 */
const SDK_HEADERS_REMOVED: Record<string, string | null> = {
  accept: "text/event-stream",
  "x-stainless-lang": null,
  "x-stainless-package-version": null,
  "x-stainless-os": null,
  "x-stainless-arch": null,
  "x-stainless-runtime": null,
  "x-stainless-runtime-version": null,
  "x-stainless-retry-count": null,
  "x-stainless-timeout": null,
};

/** 429 bodies that retrying cannot help; the SDK is told not to retry them. */
const NON_RETRYABLE_429 = /"(usage_limit_reached|usage_not_included|insufficient_quota)"/;

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Wraps `fetch` so that usage-limit 429s are not retried by the SDK (it
 * retries every 429 unless the server says `x-should-retry: false`).
 */
function withRetryHints(fetch: Fetch): Fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.status !== 429) return response;
    const text = await response.text();
    const headers = new Headers(response.headers);
    if (NON_RETRYABLE_429.test(text)) headers.set("x-should-retry", "false");
    return new Response(text, { status: response.status, statusText: response.statusText, headers });
  };
}

type SdkLogLevel = "off" | "error" | "warn" | "info" | "debug";

function sdkLogLevel(logger: Logger): SdkLogLevel {
  const fromEnv = process.env.OPENAI_LOG;
  if (fromEnv === "off" || fromEnv === "error" || fromEnv === "warn" || fromEnv === "info" || fromEnv === "debug") {
    return fromEnv;
  }
  switch (logger.level) {
    case "trace":
    case "debug":
      return "debug";
    case "info":
      return "info";
    case "warn":
      return "warn";
    case "silent":
      return "off";
    default:
      return "error";
  }
}

/** The SDK's logger interface on top of pino: SDK output never reaches stdout (or `console`). */
function sdkLogger(logger: Logger) {
  const log = logger.child({ component: "openai" });
  const forward =
    (level: "error" | "warn" | "info" | "debug") =>
    (message: string, ...rest: unknown[]) =>
      rest.length > 0 ? log[level]({ details: rest }, message) : log[level](message);
  return { error: forward("error"), warn: forward("warn"), info: forward("info"), debug: forward("debug") };
}

/**
 * Streams Responses API requests through the openai SDK. One SDK client per
 * distinct provider configuration; the SDK retries failed requests
 * (`request_max_retries`), this class re-issues requests whose stream broke
 * before `response.completed` (`stream_max_retries`) and aborts streams that
 * stay silent longer than `stream_idle_timeout_ms`.
 */
export class ModelClient {
  private readonly clients = new Map<string, OpenAI>();
  private readonly http = new NodeHttpFetch();
  /** The parts of the `RawItemRun`s of requests in flight, by the key of the placeholder standing in for each in its body. */
  private readonly runs = new Map<string, readonly string[]>();
  private readonly fetch = withRetryHints(this.spliceRuns((input, init) => this.http.fetch(input, init)));
  private readonly zstdFetch = withRetryHints(this.spliceRuns(withZstdBodies((input, init) => this.http.fetch(input, init))));
  private warmedUp: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    /** The server's secrets: every bearer sent is registered, every failure leaving `stream` is scrubbed. */
    private readonly secrets: SecretRedactor = new SecretRedactor(),
  ) {}

  /**
   * Pays the one-time costs of the first model request off the request path:
   * loads the SDK and the HTTP(S) modules, and runs the SDK's request and
   * streaming code once, through node:http and the same fetch wrappers as a
   * real request, over an in-memory connection that answers with a canned
   * stream. No network.
   * Safe to call many times; failures are ignored (the first real request pays
   * instead).
   */
  warmUp(): Promise<void> {
    this.warmedUp ??= (async () => {
      const [sdk] = await Promise.all([loadSdk(), this.http.preload()]);
      const client = new sdk.OpenAI({
        apiKey: "warm-up",
        baseURL: "http://127.0.0.1:9/v1",
        maxRetries: 0,
        logLevel: "off",
        defaultHeaders: { ...SDK_HEADERS_REMOVED },
        fetch: withRetryHints(this.spliceRuns((input, init) => this.http.warmUp(String(input), init ?? {}, WARM_UP_RESPONSE))),
      });
      const response = await client.responses.create({ model: "warm-up", input: "", stream: true, store: false }).asResponse();
      await readSse(response, () => undefined, () => false);
    })().catch(() => undefined);
    return this.warmedUp;
  }

  private clientFor(sdk: SdkModule, endpoint: ModelEndpoint): OpenAI {
    const { provider, bearer } = endpoint;
    const compress = endpoint.compressRequestBody === true;
    const key = JSON.stringify([provider.baseUrl, provider.headers, provider.queryParams, provider.retries.request, bearer, compress]);
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= 16) this.clients.clear();
      const defaultHeaders: Record<string, string | null> = { ...SDK_HEADERS_REMOVED, ...provider.headers };
      if (bearer === null) defaultHeaders.Authorization = null;
      client = new sdk.OpenAI({
        apiKey: bearer ?? "unused",
        baseURL: provider.baseUrl,
        organization: null,
        project: null,
        maxRetries: provider.retries.request,
        defaultHeaders,
        defaultQuery: Object.keys(provider.queryParams).length > 0 ? provider.queryParams : undefined,
        fetch: compress ? this.zstdFetch : this.fetch,
        logger: sdkLogger(this.logger),
        logLevel: sdkLogLevel(this.logger),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * Sends `request` and streams its events to `callbacks`. Resolves with the
   * completed response and the response headers; rejects with `ModelError`
   * (classified failure) or `TurnAbortedError` (when `signal` aborts).
   */
  async stream(
    endpoint: ModelEndpoint,
    request: ModelRequest,
    signal: AbortSignal,
    callbacks: StreamCallbacks,
  ): Promise<StreamResult> {
    const sdk = await loadSdk();
    const client = this.clientFor(sdk, endpoint);
    const keys: string[] = [];
    const input = request.input.map((item) => {
      if (!(item instanceof RawItemRun)) return item;
      const key = randomBytes(8).toString("hex");
      this.runs.set(key, item.parts);
      keys.push(key);
      return placeholder(RUN_TAG, key);
    });
    try {
      return await this.streamAttempts(sdk, client, endpoint, { ...request, input }, signal, callbacks);
    } finally {
      for (const key of keys) this.runs.delete(key);
    }
  }

  /**
   * A fetch that puts each run's text in place of its placeholder in a JSON
   * body (the SDK serializes the body with the placeholders; retries resend
   * that same text, so the runs stay registered for the whole request). The
   * body goes on as its UTF-8 bytes, written part by part into one buffer.
   */
  private spliceRuns(fetch: Fetch): Fetch {
    return (input, init) => {
      const body = init?.body;
      if (typeof body !== "string" || this.runs.size === 0) return fetch(input, init);
      return fetch(input, { ...init, body: splicedUtf8(body, RUN_TAG, (key) => this.runs.get(key)) });
    };
  }

  private async streamAttempts(
    sdk: SdkModule,
    client: OpenAI,
    endpoint: ModelEndpoint,
    request: ModelRequest,
    signal: AbortSignal,
    callbacks: StreamCallbacks,
  ): Promise<StreamResult> {
    const body = buildBody(request);
    const maxRetries = endpoint.provider.retries.stream;
    // Provider keys from the environment reach no other registry.
    this.secrets.remember(endpoint.bearer);
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw new TurnAbortedError();
      callbacks.onAttempt?.(attempt);
      try {
        return await this.streamOnce(sdk, client, endpoint, body, request.headers, signal, callbacks);
      } catch (error) {
        if (signal.aborted) throw new TurnAbortedError();
        const failure = (
          error instanceof ModelError ? error : classifyError(sdk, error, "request", endpoint.provider.retries.request)
        ).redacted(this.secrets);
        if (!failure.retryableStream) throw failure;
        if (attempt >= maxRetries) {
          throw new ModelError(failure.message, failure.info, false, failure.additionalDetails);
        }
        this.logger.warn({ err: failure.message, retry: attempt + 1, maxRetries }, "model stream failed; retrying");
        callbacks.onRetry?.(failure, attempt + 1, maxRetries);
        await sleep(backoffMs(attempt + 1), signal);
      }
    }
  }

  private async streamOnce(
    sdk: SdkModule,
    client: OpenAI,
    endpoint: ModelEndpoint,
    body: Record<string, unknown>,
    headers: Record<string, string> | undefined,
    signal: AbortSignal,
    callbacks: StreamCallbacks,
  ): Promise<StreamResult> {
    const attempt = new AbortController();
    const forwardAbort = () => attempt.abort();
    signal.addEventListener("abort", forwardAbort, { once: true });
    let idle = false;
    let paused = false;
    const idleMs = endpoint.provider.idleTimeoutMs;
    const timer =
      idleMs > 0
        ? setTimeout(function onIdle() {
            // Waiting for a slow client is not the model being silent.
            if (paused) return timer?.refresh();
            idle = true;
            attempt.abort();
          }, idleMs)
        : undefined;
    const beforeRead = callbacks.beforeRead
      ? () => {
          const wait = callbacks.beforeRead!();
          if (!wait) return undefined;
          paused = true;
          return wait.finally(() => {
            paused = false;
            timer?.refresh();
          });
        }
      : undefined;
    const idleError = () => streamDisconnected("idle timeout waiting for SSE");
    try {
      let response: Response;
      try {
        response = await client.responses
          .create(body as unknown as OpenAI.Responses.ResponseCreateParamsStreaming, { signal: attempt.signal, headers })
          .asResponse();
      } catch (error) {
        if (idle) throw idleError();
        throw classifyError(sdk, error, "request", endpoint.provider.retries.request);
      }
      callbacks.onHeaders?.(response.headers);
      callbacks.onStreamStart?.(response.headers);
      let completed: OpenAIResponse | undefined;
      const onEvent = (event: ResponseStreamEvent): boolean => {
        completed = streamEnd(event) ?? undefined;
        if (completed) return true;
        callbacks.onEvent(event);
        return false;
      };
      try {
        await readSse(response, () => timer?.refresh(), onEvent, beforeRead);
      } catch (error) {
        if (error instanceof ModelError) throw error;
        if (idle) throw idleError();
        if (signal.aborted) throw new TurnAbortedError();
        if (error instanceof SyntaxError) throw streamDisconnected(`invalid event data: ${error.message}`);
        throw classifyError(sdk, error, "stream", endpoint.provider.retries.request);
      }
      if (completed) return { response: completed, headers: response.headers };
      if (idle) throw idleError();
      if (signal.aborted) throw new TurnAbortedError();
      throw streamDisconnected("stream closed before response.completed");
    } finally {
      if (timer) clearTimeout(timer);
      signal.removeEventListener("abort", forwardAbort);
      // Release the connection when we stop early (completed event seen, error, abort).
      if (!attempt.signal.aborted) attempt.abort();
    }
  }
}

/**
 * Reads a Server-Sent Events body, calling `onEvent` with each event's parsed
 * `data` (in order, synchronously per network chunk) until it returns true or
 * the body ends. `onChunk` runs for every chunk (idle-timer refresh).
 *
 * Linear in the body size: the SDK's own SSE decoder re-copies the unread
 * remainder of its buffer for every event, which for long streams (tens of
 * thousands of deltas) costs hundreds of megabytes of short-lived buffers.
 */
export async function readSse(
  response: Response,
  onChunk: () => void,
  onEvent: (event: ResponseStreamEvent) => boolean,
  beforeRead?: () => Promise<void> | undefined,
): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const wait = beforeRead?.();
      if (wait) await wait;
      const { value, done } = await reader.read();
      if (done) break;
      onChunk();
      buffer += decoder.decode(value, { stream: true });
      if (buffer.includes("\r")) buffer = buffer.replace(/\r\n?/g, "\n");
      let start = 0;
      let end: number;
      while ((end = buffer.indexOf("\n\n", start)) !== -1) {
        const data = sseData(buffer, start, end);
        start = end + 2;
        if (data === undefined || data === "[DONE]") continue;
        if (onEvent(JSON.parse(data) as ResponseStreamEvent)) return;
      }
      buffer = start === 0 ? buffer : buffer.slice(start);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** The `data` of the SSE event in `text[start, end)` (multi-line data joined by newlines). */
function sseData(text: string, start: number, end: number): string | undefined {
  let data: string | undefined;
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    if (text.startsWith("data:", lineStart)) {
      const valueStart = text.charCodeAt(lineStart + 5) === 32 ? lineStart + 6 : lineStart + 5;
      const value = text.slice(valueStart, lineEnd);
      data = data === undefined ? value : `${data}\n${value}`;
    }
    lineStart = lineEnd + 1;
  }
  return data;
}

/** The placeholder tag standing for a `RawItemRun` in a body until `spliceRuns` (keyed by a per-request nonce). */
const RUN_TAG = "run";

/**
 * The Responses API request body with exactly the reference's keys (§2):
 * never `instructions`, `max_output_tokens`, `temperature`, `top_p`,
 * `truncation`, `metadata` or `user`.
 */
export function buildBody(request: ModelRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, input: expandRuns(request.input) };
  if (request.tools !== undefined) body.tools = request.tools;
  body.tool_choice = "auto";
  body.parallel_tool_calls = request.parallelToolCalls ?? true;
  const reasoning = request.reasoning;
  const withReasoning = reasoning !== undefined && reasoning !== null && Object.keys(reasoning).length > 0;
  if (withReasoning) body.reasoning = reasoning;
  body.store = false;
  body.stream = true;
  if (withReasoning) body.include = ["reasoning.encrypted_content"];
  if (request.promptCacheKey) body.prompt_cache_key = request.promptCacheKey;
  const text: Record<string, unknown> = {};
  if (request.verbosity) text.verbosity = request.verbosity;
  if (request.outputSchema !== undefined && request.outputSchema !== null) {
    text.format = { type: "json_schema", name: "codex_output_schema", schema: request.outputSchema, strict: true };
  }
  if (Object.keys(text).length > 0) body.text = text;
  if (request.clientMetadata && Object.keys(request.clientMetadata).length > 0) body.client_metadata = request.clientMetadata;
  return body;
}
