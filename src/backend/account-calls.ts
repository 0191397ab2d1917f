import type { ChatgptAuth } from "../auth/manager.js";
import { backendCredentialsOf } from "../auth/manager.js";
import type { AppServer } from "../server/app-server.js";
import type { Session } from "../server/session.js";
import { BackendClient } from "./client.js";
import { BackendError } from "./errors.js";
import { backendSettings, type BackendSettings } from "./settings.js";

/** What a backend call made on behalf of a JSON-RPC request needs. */
export interface CallContext {
  readonly server: AppServer;
  readonly session: Session;
  /** The request's cancellation. */
  readonly signal: AbortSignal;
}

export function settingsFor(server: AppServer): BackendSettings {
  const settings = backendSettings(server.config.values);
  if (settings.problems.length > 0) reportSettingsProblems(server, settings.problems);
  return settings;
}

const reported = new WeakSet<AppServer>();
function reportSettingsProblems(server: AppServer, problems: string[]): void {
  if (reported.has(server)) return;
  reported.add(server);
  for (const problem of problems) server.logger.warn(`config: ${problem}`);
}

export function clientFor(ctx: CallContext, settings: BackendSettings, auth: ChatgptAuth): BackendClient {
  return new BackendClient({
    baseUrl: settings.baseUrl,
    userAgent: ctx.session.userAgent ?? "codex_cli_rs",
    credentials: backendCredentialsOf(auth),
    redactor: ctx.server.secrets,
  });
}

/**
 * Runs `call` with the current ChatGPT auth. When the backend answers 401 and
 * the tokens were supplied by the client (`chatgptAuthTokens`), the client is
 * asked for new ones through `account/chatgptAuthTokens/refresh` and the call
 * is made once more; a failed refresh surfaces the original 401. Tokens from
 * auth.json are never refreshed reactively (as in the reference).
 */
export async function withUnauthorizedRecovery<T>(
  ctx: CallContext,
  auth: ChatgptAuth,
  call: (auth: ChatgptAuth) => Promise<T>,
): Promise<T> {
  try {
    return await call(auth);
  } catch (error) {
    if (!(error instanceof BackendError) || error.kind !== "unauthenticated" || auth.mode !== "chatgptAuthTokens") throw error;
    let refreshed: ChatgptAuth;
    try {
      refreshed = await ctx.server.auth.recoverExternal(auth, ctx.session, ctx.signal);
    } catch (refreshError) {
      ctx.server.logger.warn({ reason: (refreshError as Error).message }, "ChatGPT token refresh after 401 failed");
      throw error;
    }
    return call(refreshed);
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
