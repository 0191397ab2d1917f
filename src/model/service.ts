import type { AuthManager, ChatgptAuth, ClientConnection } from "../auth/manager.js";
import type { LoadedConfig } from "../config/load.js";
import type { Logger } from "../logging/logger.js";
import type { ModelClient, ModelRequest, StreamCallbacks, StreamResult } from "./client.js";
import { streamWithWebSocketFirst } from "./chatgpt-transport.js";
import { chatgptEndpoint, resolveEndpoint, type ModelEndpoint } from "./endpoint.js";
import type { ModelSession } from "./ws-session.js";
import { ModelError, TurnAbortedError } from "./errors.js";
import { routeToWorkspace, type RoutedEndpoint, type WorkspaceRoutingLookup } from "./workspace-route.js";

export interface ModelCallOptions {
  /** The thread's `modelProvider`. */
  providerId: string;
  /** The turn's cancellation. */
  signal: AbortSignal;
  /** The connection asked to refresh client-supplied tokens when their owner is gone. */
  requester?: ClientConnection | null;
  userAgent?: string;
  /** The thread's transport state (its Responses WebSocket); without it requests go over HTTP + SSE. */
  session?: ModelSession;
}

/** `work`, or a TurnAbortedError as soon as `signal` aborts (a shared refresh keeps running for its other waiters). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new TurnAbortedError());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new TurnAbortedError());
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

function isUnauthorized(error: unknown): error is ModelError {
  return error instanceof ModelError && error.info === "unauthorized";
}

/** What model calls need from the server that builds the service. */
export interface ModelServiceDeps {
  client: ModelClient;
  auth: Pick<AuthManager, "current" | "withFreshTokens" | "recoverUnauthorized">;
  /** The effective configuration (providers, retries, timeouts). */
  config(): LoadedConfig;
  logger: Logger;
  /** Workspace routing of ChatGPT model traffic (`accounts/check`). */
  workspaceRouting?: WorkspaceRoutingLookup;
}

/** Model requests with endpoint resolution and the one-time 401 token refresh; one per server. */
export class ModelService {
  constructor(private readonly deps: ModelServiceDeps) {}

  /** See `ModelClient.warmUp`. */
  warmUp(): Promise<void> {
    return this.deps.client.warmUp();
  }

  /**
   * Resolves the provider's endpoint and streams `request` to it. When the
   * bearer is a ChatGPT access token and the endpoint answers 401, the tokens are
   * refreshed once (client-supplied ones by asking the client with
   * `account/chatgptAuthTokens/refresh`, auth.json ones with the refresh-token
   * grant) and the request is sent once more with the new token and account id.
   * A 401 comes before any stream event, so nothing has been emitted yet; the
   * retry is announced to `onAttempt` as a further attempt and does not use up
   * `request_max_retries` or `stream_max_retries`. API-key and provider-key
   * requests are never retried on 401.
   */
  async stream(request: ModelRequest, options: ModelCallOptions, callbacks: StreamCallbacks): Promise<StreamResult> {
    const { client, auth, logger } = this.deps;
    const config = this.deps.config();
    const { providerId, signal } = options;
    let lastAttempt = -1;
    let firstAttempt = 0;
    let spentRetries = 0;
    const tracked: StreamCallbacks = {
      ...callbacks,
      onAttempt: (attempt) => {
        lastAttempt = firstAttempt + attempt;
        callbacks.onAttempt?.(lastAttempt);
      },
      onRetry: (error, retry, maxRetries) => callbacks.onRetry?.(error, spentRetries + retry, spentRetries + maxRetries),
    };
    const route = async (target: ModelEndpoint): Promise<ModelEndpoint> => {
      const routed = await this.routed(target, options, callbacks, spentRetries);
      spentRetries += routed.failedAttempts;
      firstAttempt += routed.failedAttempts;
      return withoutSpentRetries(routed.endpoint, spentRetries);
    };
    const endpoint = await route(await resolveEndpoint(config, auth, providerId, options.userAgent));
    if (signal.aborted) throw new TurnAbortedError();
    const send = (target: ModelEndpoint) => {
      const session = options.session;
      if (target.websocket && session && !session.httpOnly) {
        return streamWithWebSocketFirst(client, session, target, request, signal, tracked, logger);
      }
      return client.stream(target, request, signal, tracked);
    };
    try {
      return await send(endpoint);
    } catch (error) {
      const failed = endpoint.chatgptAuth;
      if (!failed || !isUnauthorized(error) || signal.aborted) throw error;
      let refreshed: ChatgptAuth;
      try {
        refreshed = await untilAborted(auth.recoverUnauthorized(failed, options.requester ?? null, options.userAgent), signal);
      } catch (refreshError) {
        if (refreshError instanceof TurnAbortedError || signal.aborted) throw new TurnAbortedError();
        const reason = refreshError instanceof Error ? refreshError.message : "unknown error";
        logger.warn({ reason, mode: failed.mode }, "ChatGPT token refresh after a model 401 failed");
        throw new ModelError(
          `The model endpoint rejected the ChatGPT access token (401 Unauthorized) and refreshing it failed: ${reason}`,
          "unauthorized",
          false,
          error.message,
        );
      }
      logger.info({ mode: refreshed.mode }, "ChatGPT tokens refreshed after a model 401; retrying the request once");
      firstAttempt = lastAttempt + 1;
      try {
        return await send(await route(chatgptEndpoint(config, providerId, refreshed)));
      } catch (retryError) {
        if (!isUnauthorized(retryError)) throw retryError;
        throw new ModelError(
          "The model endpoint rejected the refreshed ChatGPT access token too (401 Unauthorized); sign in again",
          "unauthorized",
          false,
          retryError.message,
        );
      }
    }
  }

  /** ChatGPT traffic of the built-in provider goes to the origin workspace routing assigns (see `routeToWorkspace`). */
  private routed(endpoint: ModelEndpoint, options: ModelCallOptions, callbacks: StreamCallbacks, spentRetries: number): Promise<RoutedEndpoint> {
    const context = { requester: options.requester ?? null, userAgent: options.userAgent, signal: options.signal, logger: this.deps.logger };
    return routeToWorkspace(endpoint, this.deps.workspaceRouting, context, callbacks, spentRetries);
  }
}

/** `endpoint` with `spent` of its stream retries already used (by failed routing discoveries). */
function withoutSpentRetries(endpoint: ModelEndpoint, spent: number): ModelEndpoint {
  if (spent === 0) return endpoint;
  const { retries } = endpoint.provider;
  return { ...endpoint, provider: { ...endpoint.provider, retries: { ...retries, stream: Math.max(0, retries.stream - spent) } } };
}
