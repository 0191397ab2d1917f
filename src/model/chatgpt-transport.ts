import type { Logger } from "../logging/logger.js";
import type { ModelClient, ModelRequest, StreamCallbacks, StreamResult } from "./client.js";
import type { ModelEndpoint } from "./endpoint.js";
import { ModelError, TurnAbortedError } from "./errors.js";
import type { ModelSession } from "./ws-session.js";
import { WebSocketConnectError } from "./ws-transport.js";
import { backoffMs, sleep } from "./backoff.js";

/**
 * The ChatGPT model transport of the built-in provider: model traffic goes to
 * the workspace's routed origin; WebSocket first (per thread session), and
 * after the stream retries are used up a `warning` and HTTP + SSE for the rest
 * of the thread, as the reference falls back.
 */

export const WEBSOCKET_FALLBACK_WARNING = "Falling back from WebSockets to HTTPS transport.";

/**
 * Streams `request` over the session's WebSocket with the provider's stream
 * retries (each announced through `onRetry`); when they are used up, warns and
 * sends it over HTTP + SSE instead, and the session stays on HTTP.
 */
export async function streamWithWebSocketFirst(
  client: ModelClient,
  session: ModelSession,
  endpoint: ModelEndpoint,
  request: ModelRequest,
  signal: AbortSignal,
  callbacks: StreamCallbacks,
  logger: Logger,
): Promise<StreamResult> {
  const maxRetries = endpoint.provider.retries.stream;
  let attempt = 0;
  for (;; attempt++) {
    if (signal.aborted) throw new TurnAbortedError();
    callbacks.onAttempt?.(attempt);
    let failure: ModelError;
    try {
      return await session.streamOverWebSocket(endpoint, request, signal, callbacks);
    } catch (error) {
      if (signal.aborted) throw new TurnAbortedError();
      if (error instanceof WebSocketConnectError) failure = error.toModelError();
      else if (error instanceof ModelError) failure = error;
      else throw error;
    }
    if (!failure.retryableStream) throw failure;
    if (attempt >= maxRetries) {
      session.httpOnly = true;
      session.close();
      logger.warn({ reason: failure.message }, "falling back from WebSockets to HTTPS transport");
      callbacks.onWarning?.(`${WEBSOCKET_FALLBACK_WARNING} ${failure.message}`);
      const first = attempt + 1;
      return client.stream(endpoint, request, signal, { ...callbacks, onAttempt: (n) => callbacks.onAttempt?.(first + n) });
    }
    logger.warn({ err: failure.message, retry: attempt + 1, maxRetries }, "model websocket failed; reconnecting");
    callbacks.onRetry?.(failure, attempt + 1, maxRetries);
    await sleep(backoffMs(attempt + 1), signal);
  }
}
