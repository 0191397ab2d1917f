import type { AuthManager, ChatgptAuth, ClientConnection } from "../auth/manager.js";
import type { TomlTable } from "../config/json-value.js";
import type { TextRedactor } from "../util/secrets.js";
import type { Logger } from "../logging/logger.js";
import { BackendClient, type BackendCredentials } from "./client.js";
import { BackendError } from "./errors.js";
import { backendSettings, type BackendSettings } from "./settings.js";

/** The connection a backend call is made for. */
export interface CallingConnection extends ClientConnection {
  /** Its `initialize` user agent, sent as `user-agent`. */
  readonly userAgent: string | undefined;
}

/** What a backend call made on behalf of a JSON-RPC request needs. */
export interface CallContext {
  readonly session: CallingConnection;
  /** The request's cancellation. */
  readonly signal: AbortSignal;
}

/** What the account backend calls need from the server that builds them. */
export interface AccountCallsDeps {
  auth: AuthManager;
  logger: Logger;
  /** The effective config's values (`chatgpt_base_url`, `backend_timeouts`, `backend_retry`). */
  configValues(): TomlTable;
  /** Aborted when the server shuts down. */
  shutdownSignal: AbortSignal;
  /** Scrubs known secrets from quoted upstream bodies. */
  secrets: TextRedactor;
}

export function backendCredentialsOf(auth: ChatgptAuth): BackendCredentials {
  return { accessToken: auth.accessToken, accountId: auth.accountId, isFedramp: auth.claims.isFedramp };
}

/** The plumbing every ChatGPT backend call shares: settings, clients, and 401 recovery. One per server. */
export class AccountCalls {
  private settingsProblemsReported = false;

  constructor(private readonly deps: AccountCallsDeps) {}

  get auth(): AuthManager {
    return this.deps.auth;
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  get shutdownSignal(): AbortSignal {
    return this.deps.shutdownSignal;
  }

  /** The backend settings; their problems are logged once. */
  settings(): BackendSettings {
    const settings = backendSettings(this.deps.configValues());
    if (settings.problems.length > 0 && !this.settingsProblemsReported) {
      this.settingsProblemsReported = true;
      for (const problem of settings.problems) this.logger.warn(`config: ${problem}`);
    }
    return settings;
  }

  client(ctx: CallContext, settings: BackendSettings, auth: ChatgptAuth): BackendClient {
    return new BackendClient({
      baseUrl: settings.baseUrl,
      userAgent: ctx.session.userAgent ?? "codex_cli_rs",
      credentials: backendCredentialsOf(auth),
      redactor: this.deps.secrets,
    });
  }

  /**
   * Runs `call` with the current ChatGPT auth. When the backend answers 401 the
   * tokens are refreshed once, as for the model endpoint — client-supplied ones
   * through `account/chatgptAuthTokens/refresh`, auth.json ones with the
   * refresh-token grant (`refresh_reason: "unauthorized"`) — and the call is
   * made once more; a failed refresh surfaces the original 401.
   */
  async withUnauthorizedRecovery<T>(ctx: CallContext, auth: ChatgptAuth, call: (auth: ChatgptAuth) => Promise<T>): Promise<T> {
    try {
      return await call(auth);
    } catch (error) {
      if (!(error instanceof BackendError) || error.kind !== "unauthenticated") throw error;
      let refreshed: ChatgptAuth;
      try {
        refreshed = await this.auth.recoverUnauthorized(auth, ctx.session, ctx.session.userAgent, ctx.signal);
      } catch (refreshError) {
        this.logger.warn({ reason: (refreshError as Error).message }, "ChatGPT token refresh after 401 failed");
        throw error;
      }
      return call(refreshed);
    }
  }

  /** Runs `request` with a client for `auth`, and once more with refreshed tokens after a 401. */
  withClient<T>(ctx: CallContext, settings: BackendSettings, auth: ChatgptAuth, request: (client: BackendClient, auth: ChatgptAuth) => Promise<T>): Promise<T> {
    return this.withUnauthorizedRecovery(ctx, auth, (current) => request(this.client(ctx, settings, current), current));
  }

  /** One backend call as `stored` (its tokens refreshed first when due), with 401 recovery. */
  async callAs<T>(ctx: CallContext, stored: ChatgptAuth, request: (client: BackendClient, settings: BackendSettings) => Promise<T>): Promise<T> {
    const settings = this.settings();
    const auth = await this.auth.withFreshTokens(stored, ctx.session.userAgent);
    return this.withClient(ctx, settings, auth, (client) => request(client, settings));
  }

  /** `callAs` the signed-in ChatGPT login; without one, the errors `messages` word. */
  async callSignedIn<T>(
    ctx: CallContext,
    messages: { notSignedIn: string; notChatgpt: string },
    request: (client: BackendClient, settings: BackendSettings) => Promise<T>,
  ): Promise<T> {
    return this.callAs(ctx, await this.auth.requireChatgpt(messages), request);
  }
}

/** Sleeps `ms`, rejecting early with `onAbort()` when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(onAbort());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** Resolves with `work`, or rejects as soon as `signal` aborts (the work itself keeps running). */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}
