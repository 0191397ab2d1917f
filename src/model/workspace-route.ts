import type { ChatgptAuth, ClientConnection } from "../auth/manager.js";
import type { Logger } from "../logging/logger.js";
import type { WorkspaceRouting } from "../protocol/account.js";
import { backoffMs, sleep } from "./backoff.js";
import type { StreamCallbacks } from "./client.js";
import type { ModelEndpoint } from "./endpoint.js";
import { ModelError, TurnAbortedError } from "./errors.js";

/**
 * Workspace routing of the built-in provider's ChatGPT model traffic, as the
 * reference applies it: `accounts/check` is asked before any model request;
 * while it fails every attempt fails with the discovery's error text and the
 * next attempt asks again (only a success is remembered, by the discovery);
 * the attempts share the provider's stream retry budget.
 */

/** Resolves the workspace routing of `auth` (null: the login names no workspace, so none applies); throws its error text when discovery fails. */
export type WorkspaceRoutingLookup = (
  auth: ChatgptAuth,
  requester: ClientConnection | null,
  userAgent: string | undefined,
  signal: AbortSignal,
) => Promise<WorkspaceRouting | null>;

/** Carries a `us` / `us_cr` routing override on model requests; `NO_CONSTRAINT` sends none. */
export const ACCOUNT_ROUTING_HEADER = "x-openai-account-routing-override";

/** `baseUrl` with its scheme, host and port replaced by `origin` (the path stays). */
export function withOrigin(baseUrl: string, origin: string): string {
  const url = new URL(baseUrl);
  const target = new URL(origin);
  url.protocol = target.protocol;
  url.hostname = target.hostname;
  // An origin without a port means the scheme's default one, not the base URL's port.
  url.port = target.port;
  return url.toString().replace(/\/+$/, "");
}

/** `endpoint` sent to the routed origin, with the routing override header when the workspace has one. */
export function withWorkspaceRouting(endpoint: ModelEndpoint, routing: WorkspaceRouting): ModelEndpoint {
  const headers = { ...endpoint.provider.headers };
  delete headers[ACCOUNT_ROUTING_HEADER];
  if (routing.accountRoutingOverride !== "NO_CONSTRAINT") headers[ACCOUNT_ROUTING_HEADER] = routing.accountRoutingOverride;
  return { ...endpoint, provider: { ...endpoint.provider, baseUrl: withOrigin(endpoint.provider.baseUrl, routing.backendOrigin), headers } };
}

/** A failed discovery as the failure of one model attempt: retried like a dropped stream, with the discovery's text. */
export function routingFailure(message: string): ModelError {
  return new ModelError(message, { responseStreamDisconnected: { httpStatusCode: null } }, true);
}

export interface RoutedEndpoint {
  endpoint: ModelEndpoint;
  /** Attempts used up by failed discoveries (the caller's attempts and retries continue after them). */
  failedAttempts: number;
}

/**
 * Routes `endpoint` when it is the built-in provider signed in with ChatGPT:
 * asks `lookup` once per attempt, announcing each failure as a retry
 * (`onRetry`, numbered from `firstAttempt`), until it answers or
 * the stream retry budget is used up (then the last failure is thrown).
 */
export async function routeToWorkspace(
  endpoint: ModelEndpoint,
  lookup: WorkspaceRoutingLookup | undefined,
  context: { requester: ClientConnection | null; userAgent: string | undefined; signal: AbortSignal; logger: Logger },
  callbacks: Pick<StreamCallbacks, "onRetry">,
  firstAttempt = 0,
): Promise<RoutedEndpoint> {
  const auth = endpoint.chatgptAuth;
  if (!auth || !endpoint.compressRequestBody || !lookup) return { endpoint, failedAttempts: 0 };
  const { signal, logger } = context;
  const maxRetries = endpoint.provider.retries.stream;
  for (let attempt = firstAttempt; ; attempt++) {
    if (signal.aborted) throw new TurnAbortedError();
    let failure: ModelError;
    try {
      const routing = await lookup(auth, context.requester, context.userAgent, signal);
      const routed = routing === null ? endpoint : withWorkspaceRouting(endpoint, routing);
      return { endpoint: routed, failedAttempts: attempt - firstAttempt };
    } catch (error) {
      if (signal.aborted) throw new TurnAbortedError();
      if (error instanceof TurnAbortedError) throw error;
      failure = routingFailure(error instanceof Error ? error.message : String(error));
    }
    // The attempts are announced as dropped streams; the turn itself ends with `other`, as codex 0.169.0 reports it.
    if (attempt >= maxRetries) throw new ModelError(failure.message, "other");
    logger.warn({ err: failure.message, retry: attempt + 1, maxRetries }, "workspace routing discovery failed; retrying");
    callbacks.onRetry?.(failure, attempt + 1, maxRetries);
    await sleep(backoffMs(attempt + 1), signal);
  }
}
