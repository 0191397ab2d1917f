import type { ChatgptAuth } from "../auth/manager.js";
import type { AccountRoutingOverride, WorkspaceRouting } from "../protocol/account.js";
import { internalError } from "../protocol/errors.js";
import type { AccountCalls, CallContext } from "./account-calls.js";
import { BackendError } from "./errors.js";
import type { AccountsCheckEntry } from "./payloads.js";

/**
 * Workspace routing discovery for `account/read` (`GET …/accounts/check`), as
 * the reference does it: pick the entry whose `id` is the signed-in account,
 * validate its backend origin and routing override, cache the answer per
 * (auth generation, account, base URL). Failures are -32603 with the
 * reference's texts, which carry no account, URL or backend data.
 */

export const ROUTING_ERRORS = {
  missingAccountId: "workspace routing requires a ChatGPT account id",
  unauthorized: "workspace routing discovery unauthorized (401)",
  failed: "workspace routing discovery failed",
  timedOut: "workspace routing discovery timed out",
  missingWorkspace: "selected workspace missing from routing discovery",
  duplicateWorkspace: "duplicate workspace in routing discovery",
  missingBackendOrigin: "workspace routing discovery missing backend origin",
  invalidOverride: "workspace routing discovery has invalid account routing override",
  notOrigin: "workspace routing discovery must return an origin",
  invalidBackendUrl: "invalid workspace backend URL",
  invalidBackendOrigin: "workspace backend must use an HTTPS origin without credentials",
} as const;

class RoutingError extends Error {}

const OVERRIDES: ReadonlySet<string> = new Set(["NO_CONSTRAINT", "us", "us_cr"]);

function parseBackendUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RoutingError(ROUTING_ERRORS.invalidBackendUrl);
  }
  if (url.protocol !== "https:" || url.hostname === "" || url.username !== "" || url.password !== "" || value.trim() !== value) {
    throw new RoutingError(ROUTING_ERRORS.invalidBackendOrigin);
  }
  return url;
}

/** Validates one accounts/check entry; `effectiveBaseUrl` stands in for a `NO_CONSTRAINT` backend. */
export function resolveRouting(entry: AccountsCheckEntry, effectiveBaseUrl: string): WorkspaceRouting {
  const backend = entry.workspace_backend_origin;
  if (backend == null) throw new RoutingError(ROUTING_ERRORS.missingBackendOrigin);
  const override = entry.account_routing_override;
  if (override == null || !OVERRIDES.has(override)) throw new RoutingError(ROUTING_ERRORS.invalidOverride);
  let origin: string;
  if (backend === "NO_CONSTRAINT") {
    origin = parseBackendUrl(effectiveBaseUrl).origin;
  } else {
    const url = parseBackendUrl(backend);
    if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || /[?#]$/.test(backend)) {
      throw new RoutingError(ROUTING_ERRORS.notOrigin);
    }
    origin = url.origin;
  }
  return { chatgptAccountId: entry.id, backendOrigin: origin, accountRoutingOverride: override as AccountRoutingOverride };
}

interface CacheEntry {
  key: string;
  routing: WorkspaceRouting;
}

/** Workspace routing discovery with its cache and in-flight requests; one per server. */
export class WorkspaceRoutingDiscovery {
  private cached: CacheEntry | undefined;
  private readonly inflight = new Map<string, Promise<WorkspaceRouting>>();

  constructor(private readonly calls: AccountCalls) {}

  async discover(ctx: CallContext, auth: ChatgptAuth): Promise<WorkspaceRouting | null> {
    const accountId = auth.accountId;
    if (accountId === null) return null;
    if (accountId === "") throw internalError(ROUTING_ERRORS.missingAccountId);
    const settings = this.calls.settings();
    const generation = this.calls.auth.generation;
    const key = JSON.stringify([generation, accountId, settings.baseUrl]);
    if (this.cached?.key === key) return this.cached.routing;

    const inflight = this.inflight;
    let pending = inflight.get(key);
    if (!pending) {
      pending = this.fetchRouting(ctx, auth, accountId).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    try {
      const routing = await pending;
      if (this.calls.auth.generation === generation) this.cached = { key, routing };
      return routing;
    } catch (error) {
      if (error instanceof RoutingError) throw internalError(error.message);
      throw error;
    }
  }

  private async fetchRouting(ctx: CallContext, auth: ChatgptAuth, accountId: string): Promise<WorkspaceRouting> {
    const { calls } = this;
    const settings = calls.settings();
    const timeoutMs = settings.timeouts.accountsCheckMs;
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    const remaining = () => (Number.isFinite(deadline) ? Math.max(1, deadline - Date.now()) : 0);
    const check = (current: ChatgptAuth) =>
      calls.client(ctx, settings, current).getAccountsCheck({ timeoutMs: remaining(), signal: ctx.signal });

    let response;
    try {
      try {
        response = await check(auth);
      } catch (error) {
        if (!(error instanceof BackendError) || error.kind !== "unauthenticated") throw error;
        let refreshed: ChatgptAuth;
        try {
          refreshed = await calls.auth.recoverUnauthorized(auth, ctx.session, ctx.session.userAgent, ctx.signal);
        } catch (refreshError) {
          calls.logger.warn({ reason: (refreshError as Error).message }, "token refresh for routing discovery failed");
          throw new RoutingError(ROUTING_ERRORS.unauthorized);
        }
        response = await check(refreshed);
      }
    } catch (error) {
      if (error instanceof RoutingError) throw error;
      if (error instanceof BackendError) {
        calls.logger.warn({ reason: error.message }, "workspace routing discovery failed");
        if (error.kind === "timeout") throw new RoutingError(ROUTING_ERRORS.timedOut);
        if (error.kind === "unauthenticated") throw new RoutingError(ROUTING_ERRORS.unauthorized);
        throw new RoutingError(ROUTING_ERRORS.failed);
      }
      throw error;
    }

    const entries = Array.isArray(response.accounts) ? response.accounts.filter((entry) => entry.id === accountId) : [];
    if (entries.length === 0) throw new RoutingError(ROUTING_ERRORS.missingWorkspace);
    if (entries.length > 1) throw new RoutingError(ROUTING_ERRORS.duplicateWorkspace);
    return resolveRouting(entries[0]!, settings.baseUrl);
  }
}
