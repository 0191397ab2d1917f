import type { Logger } from "../logging/logger.js";
import type { AuthMode, ChatgptAuthTokensRefreshParams, PlanType } from "../protocol/account.js";
import { ChatgptAuthTokensRefreshResponse } from "../protocol/account.js";
import { internalError, invalidRequest, RpcError } from "../protocol/errors.js";
import { claimsFromPayload, decodeJwtPayload, EMPTY_CLAIMS, isExpiredJwt, JwtFormatError, tryParseClaims, type ChatgptClaims } from "./jwt.js";
import { mapPlanType } from "./plan.js";
import type { SecretRegistry } from "../util/secrets.js";
import {
  backupCorruptAuthFile,
  deleteAuthFile,
  readAuthFile,
  statAuthFile,
  writeAuthFile,
  type AuthDotJson,
} from "./storage.js";
import { requestTokenRefresh } from "./token-refresh.js";

/** A client connection, as far as auth is concerned: the one that supplied tokens, or needs them refreshed. */
export interface ClientConnection {
  readonly id: number;
}

/** Sends `account/chatgptAuthTokens/refresh` to one client and resolves with its raw answer. */
export type ClientTokenRefresher = (params: ChatgptAuthTokensRefreshParams, signal: AbortSignal) => Promise<unknown>;

/** What the auth manager needs from the server that builds it. */
export interface AuthManagerDeps {
  codexHome: string;
  logger: Logger;
  /** Deadlines (ms, 0 = none) of the refresh-token grant and of a client's refresh answer; read per refresh. */
  refreshTimeouts(): { tokenRefreshMs: number; clientTokenRefreshMs: number };
  /** Aborted when the server shuts down: stops a refresh-token grant in flight. */
  shutdownSignal: AbortSignal;
  /**
   * A connected client able to answer `account/chatgptAuthTokens/refresh`:
   * the owner of the tokens if it can, else the requester, else any; null when none can.
   */
  clientForTokenRefresh(ownerConnectionId: number | null, requesterConnectionId: number | null): ClientTokenRefresher | null;
  /** Told every credential this manager loads, receives or refreshes, so it can be scrubbed from upstream text. */
  secrets: SecretRegistry;
}

export interface ApiKeyAuth {
  readonly mode: "apiKey";
  readonly apiKey: string;
}

/** ChatGPT login persisted in auth.json (managed and refreshed by this server). */
export interface ChatgptFileAuth {
  readonly mode: "chatgpt";
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** `tokens.account_id`: the `chatgpt-account-id` header and the identity-match account. */
  readonly accountId: string | null;
  /** Claims of the id_token. */
  readonly claims: ChatgptClaims;
}

/** ChatGPT tokens supplied by the client (`chatgptAuthTokens`); memory only, refreshed by the client. */
export interface ChatgptExternalAuth {
  readonly mode: "chatgptAuthTokens";
  readonly accessToken: string;
  readonly accountId: string;
  /** Raw plan: the client's `chatgptPlanType`, else the access token's claim, else `unknown`. */
  readonly planType: string;
  /** Claims of the access token. */
  readonly claims: ChatgptClaims;
  /** The connection that supplied the tokens; it is asked first to refresh them. */
  readonly ownerConnectionId: number | null;
}

export type CodexAuth = ApiKeyAuth | ChatgptFileAuth | ChatgptExternalAuth;
export type ChatgptAuth = ChatgptFileAuth | ChatgptExternalAuth;

export interface AuthFileProblem {
  file: string;
  reason: string;
}

export interface AuthState {
  auth: CodexAuth | null;
  /** Set when auth.json exists but could not be used. */
  problem: AuthFileProblem | null;
}

export function usesCodexBackend(auth: CodexAuth): auth is ChatgptAuth {
  return auth.mode === "chatgpt" || auth.mode === "chatgptAuthTokens";
}

/** `AuthMode` as the protocol spells it (`apikey`, all lowercase). */
export function authModeOf(auth: CodexAuth): AuthMode {
  return auth.mode === "apiKey" ? "apikey" : auth.mode;
}

export function planTypeOf(auth: CodexAuth): PlanType | null {
  if (auth.mode === "apiKey") return null;
  if (auth.mode === "chatgptAuthTokens") return mapPlanType(auth.planType);
  return auth.claims.planType === null ? null : mapPlanType(auth.claims.planType);
}

export function userIdOf(auth: CodexAuth): string | null {
  return auth.mode === "apiKey" ? null : auth.claims.userId;
}

export function emailOf(auth: CodexAuth): string | null {
  return auth.mode === "apiKey" ? null : auth.claims.email;
}

function describeError(error: unknown): string {
  if (error instanceof RpcError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? code : error instanceof Error ? error.name : "unknown error";
}

/**
 * The server's one view of "who is signed in": client-supplied ChatGPT tokens
 * (memory only) take precedence over `$CODEX_HOME/auth.json`, which is re-read
 * whenever it changes on disk (so a `codex login` elsewhere is picked up).
 * Secrets never appear in logs or error messages.
 */
export class AuthManager {
  private external: ChatgptExternalAuth | null = null;
  private fileAuth: CodexAuth | null = null;
  private fileProblem: AuthFileProblem | null = null;
  /** `mtime:size` of the auth.json the file state was read from; `missing`; undefined = not read yet. */
  private fileStamp: string | undefined;
  private generationCounter = 0;
  private managedRefresh: Promise<ChatgptFileAuth> | null = null;
  private externalRefresh: Promise<ChatgptExternalAuth> | null = null;
  private warnedIdToken = false;

  constructor(private readonly deps: AuthManagerDeps) {}

  /** `auth`, after its credentials were registered as secrets. */
  private known<A extends CodexAuth | null>(auth: A): A {
    if (auth?.mode === "apiKey") this.deps.secrets.remember(auth.apiKey);
    else if (auth?.mode === "chatgpt") this.deps.secrets.remember(auth.accessToken, auth.refreshToken, auth.idToken);
    else if (auth) this.deps.secrets.remember(auth.accessToken);
    return auth;
  }

  /** Increases whenever the effective auth changes. */
  get generation(): number {
    return this.generationCounter;
  }

  private get logger(): Logger {
    return this.deps.logger;
  }

  private get codexHome(): string {
    return this.deps.codexHome;
  }

  /** The current auth, re-reading auth.json if it changed. */
  async current(): Promise<AuthState> {
    if (this.external) return { auth: this.external, problem: null };
    await this.syncFromDisk();
    if (this.external) return { auth: this.external, problem: null };
    return { auth: this.fileAuth, problem: this.fileProblem };
  }

  /** True when client-supplied ChatGPT tokens are active. */
  get externalActive(): boolean {
    return this.external !== null;
  }

  /**
   * The current auth if it can call the ChatGPT backend, else the reference's
   * -32600 errors (`notSignedIn` / `notChatgpt`); an unreadable auth.json is
   * named in the not-signed-in error.
   */
  async requireChatgpt(messages: { notSignedIn: string; notChatgpt: string }): Promise<ChatgptAuth> {
    const { auth, problem } = await this.current();
    if (!auth) {
      if (problem) throw invalidRequest(`${messages.notSignedIn}: ${this.problemText(problem)}`);
      throw invalidRequest(messages.notSignedIn);
    }
    if (!usesCodexBackend(auth)) throw invalidRequest(messages.notChatgpt);
    return auth;
  }

  problemText(problem: AuthFileProblem): string {
    return `${problem.file} could not be loaded (${problem.reason}); fix or remove the file, or sign in again`;
  }

  private async syncFromDisk(): Promise<void> {
    const stat = await statAuthFile(this.codexHome);
    const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : "missing";
    if (stamp === this.fileStamp) return;
    const read = await readAuthFile(this.codexHome);
    const readStamp = read.status === "missing" ? "missing" : `${read.mtimeMs}:${read.size}`;
    let auth: CodexAuth | null = null;
    let problem: AuthFileProblem | null = null;
    if (read.status === "invalid") {
      problem = { file: read.file, reason: read.reason };
      this.logger.warn({ file: read.file, reason: read.reason }, "auth.json could not be loaded; treating as signed out");
    } else if (read.status === "ok") {
      const result = this.authFromFile(read.data);
      auth = result.auth;
      if (result.problem) {
        problem = { file: read.file, reason: result.problem };
        this.logger.warn({ file: read.file, reason: result.problem }, "auth.json is not usable");
      }
    }
    this.fileStamp = readStamp;
    if (!sameAuth(this.fileAuth, auth) || this.fileProblem?.reason !== problem?.reason) this.generationCounter++;
    this.fileAuth = this.known(auth);
    this.fileProblem = problem;
  }

  private authFromFile(data: AuthDotJson): { auth: CodexAuth | null; problem?: string } {
    const apiKey = data.OPENAI_API_KEY ?? null;
    const mode = data.auth_mode ?? (apiKey ? "apikey" : "chatgpt");
    if (mode === "apikey") {
      if (!apiKey) return { auth: null, problem: "auth_mode is \"apikey\" but OPENAI_API_KEY is missing" };
      return { auth: { mode: "apiKey", apiKey } };
    }
    if (mode === "chatgpt") {
      const tokens = data.tokens;
      if (!tokens) return { auth: apiKey ? { mode: "apiKey", apiKey } : null };
      let claims = tryParseClaims(tokens.id_token);
      if (!claims) {
        if (!this.warnedIdToken) {
          this.warnedIdToken = true;
          this.logger.warn("auth.json tokens.id_token is not a decodable JWT; account details are unavailable");
        }
        claims = EMPTY_CLAIMS;
      }
      return {
        auth: {
          mode: "chatgpt",
          idToken: tokens.id_token,
          accessToken: tokens.access_token,
          refreshToken: tokens.refresh_token,
          accountId: tokens.account_id ?? null,
          claims,
        },
      };
    }
    return { auth: null, problem: `unsupported auth_mode ${JSON.stringify(mode)}` };
  }

  /** Persists an API key login (replacing any previous login). */
  async loginApiKey(apiKey: string): Promise<void> {
    if (this.external) {
      throw invalidRequest(
        "External auth is active. Use account/login/start (chatgptAuthTokens) to update it or account/logout to clear it.",
      );
    }
    await this.setAsideCorruptFile("API key login");
    try {
      await writeAuthFile(this.codexHome, { auth_mode: "apikey", OPENAI_API_KEY: apiKey, tokens: null, last_refresh: null });
    } catch (error) {
      throw internalError(`failed to save api key: ${describeError(error)}`);
    }
    this.fileStamp = undefined;
    await this.syncFromDisk();
  }

  /**
   * Persists a ChatGPT login (browser or device code) to auth.json, replacing
   * any previous login; `tokens.account_id` comes from the id token's claim.
   */
  async saveChatgptLogin(tokens: { idToken: string; accessToken: string; refreshToken: string }, apiKey: string | null): Promise<void> {
    this.deps.secrets.remember(tokens.idToken, tokens.accessToken, tokens.refreshToken, apiKey);
    await this.setAsideCorruptFile("ChatGPT login");
    const accountId = tryParseClaims(tokens.idToken)?.accountId ?? null;
    try {
      await writeAuthFile(this.codexHome, {
        auth_mode: "chatgpt",
        OPENAI_API_KEY: apiKey,
        tokens: {
          id_token: tokens.idToken,
          access_token: tokens.accessToken,
          refresh_token: tokens.refreshToken,
          ...(accountId !== null ? { account_id: accountId } : {}),
        },
        last_refresh: new Date().toISOString(),
      });
    } catch (error) {
      throw internalError(`failed to save ChatGPT login: ${describeError(error)}`);
    }
    this.fileStamp = undefined;
    await this.syncFromDisk();
  }

  /** Installs client-supplied ChatGPT tokens (memory only). */
  setExternalTokens(accessToken: string, accountId: string, planType: string | null | undefined, owner: ClientConnection | null): void {
    this.external = this.externalAuth(accessToken, accountId, planType, owner?.id ?? null);
    this.generationCounter++;
  }

  private externalAuth(
    accessToken: string,
    accountId: string,
    planType: string | null | undefined,
    ownerConnectionId: number | null,
  ): ChatgptExternalAuth {
    let claims: ChatgptClaims;
    try {
      claims = claimsFromPayload(decodeJwtPayload(accessToken));
    } catch (error) {
      const reason = error instanceof JwtFormatError ? error.message : "invalid token";
      throw internalError(`failed to set external auth: invalid access token: ${reason}`);
    }
    return this.known({
      mode: "chatgptAuthTokens",
      accessToken,
      accountId,
      planType: planType ?? claims.planType ?? "unknown",
      claims,
      ownerConnectionId,
    });
  }

  /** Clears client-supplied tokens and removes auth.json (an unreadable one is moved aside, not destroyed). */
  async logout(): Promise<void> {
    this.external = null;
    await this.setAsideCorruptFile("logout");
    try {
      await deleteAuthFile(this.codexHome);
    } catch (error) {
      throw internalError(`logout failed: ${describeError(error)}`);
    }
    this.fileStamp = undefined;
    this.generationCounter++;
    await this.syncFromDisk();
  }

  /** An unreadable auth.json is renamed to `auth.json.corrupt-<time>` before an explicit login/logout replaces it. */
  private async setAsideCorruptFile(action: string): Promise<void> {
    const read = await readAuthFile(this.codexHome);
    if (read.status !== "invalid") return;
    try {
      const backup = await backupCorruptAuthFile(this.codexHome);
      this.logger.warn({ file: read.file, backup, reason: read.reason }, `moved unreadable auth.json aside before ${action}`);
    } catch (error) {
      throw internalError(`${read.file} could not be loaded (${read.reason}) and could not be moved aside: ${describeError(error)}`);
    }
  }

  // -------------------------------------------------------------------------
  // ChatGPT token refresh (auth.json logins)

  /**
   * Proactive refresh: when the access token is a JWT whose `exp` has passed,
   * exchange the refresh token first. A failed refresh is logged and the old
   * token is used anyway (the backend then decides), as the reference does.
   */
  async withFreshTokens<A extends ChatgptAuth>(auth: A, userAgent?: string): Promise<ChatgptAuth> {
    if (auth.mode !== "chatgpt" || !isExpiredJwt(auth.accessToken)) return auth;
    try {
      return await this.refreshManaged(auth, "proactive_expiry", userAgent);
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, "ChatGPT token refresh failed; using the current access token");
      return auth;
    }
  }

  /** Exchanges the refresh token (single-flight) and persists the new tokens. */
  refreshManaged(auth: ChatgptFileAuth, reason: string, userAgent?: string): Promise<ChatgptFileAuth> {
    this.managedRefresh ??= this.doRefreshManaged(auth, reason, userAgent).finally(() => {
      this.managedRefresh = null;
    });
    return this.managedRefresh;
  }

  private async doRefreshManaged(auth: ChatgptFileAuth, reason: string, userAgent?: string): Promise<ChatgptFileAuth> {
    const tokens = await requestTokenRefresh({
      refreshToken: auth.refreshToken,
      reason,
      userAgent,
      timeoutMs: this.deps.refreshTimeouts().tokenRefreshMs,
      signal: this.deps.shutdownSignal,
    });
    const idToken = tokens.id_token ?? auth.idToken;
    const refreshed: ChatgptFileAuth = this.known({
      ...auth,
      idToken,
      accessToken: tokens.access_token ?? auth.accessToken,
      refreshToken: tokens.refresh_token ?? auth.refreshToken,
      claims: tryParseClaims(idToken) ?? auth.claims,
    });
    await this.persistRefreshed(auth, refreshed);
    return refreshed;
  }

  /** Writes refreshed tokens back only if auth.json still holds the login that was refreshed. */
  private async persistRefreshed(previous: ChatgptFileAuth, refreshed: ChatgptFileAuth): Promise<void> {
    const read = await readAuthFile(this.codexHome);
    if (read.status !== "ok" || read.data.tokens?.refresh_token !== previous.refreshToken) {
      this.logger.warn({ file: read.file }, "auth.json changed during token refresh; not overwriting it");
      return;
    }
    const data: AuthDotJson = {
      ...read.data,
      tokens: {
        ...read.data.tokens,
        id_token: refreshed.idToken,
        access_token: refreshed.accessToken,
        refresh_token: refreshed.refreshToken,
      },
      last_refresh: new Date().toISOString(),
    };
    try {
      await writeAuthFile(this.codexHome, data);
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, "could not save refreshed tokens to auth.json");
      return;
    }
    this.fileStamp = undefined;
    await this.syncFromDisk();
  }

  /**
   * New ChatGPT credentials after `failed` was rejected with 401 by the model
   * endpoint or the ChatGPT backend: client-supplied tokens are refreshed through the client
   * (`account/chatgptAuthTokens/refresh`), auth.json tokens through the
   * refresh-token grant (`refresh_reason: "unauthorized"`); both single-flight,
   * shared with backend calls. When the login changed meanwhile (another request
   * refreshed it, or someone signed in again), the current credentials are used
   * without a refresh. Rejects with a message that never contains token text.
   */
  async recoverUnauthorized(failed: ChatgptAuth, requester: ClientConnection | null, userAgent?: string, signal?: AbortSignal): Promise<ChatgptAuth> {
    if (failed.mode === "chatgptAuthTokens" && this.external) return this.recoverExternal(failed, requester, signal);
    const { auth } = await this.current();
    if (!auth || !usesCodexBackend(auth)) throw new Error("signed out of ChatGPT while the request was running");
    if (auth.accessToken !== failed.accessToken) return auth;
    if (auth.mode === "chatgptAuthTokens") return this.recoverExternal(auth, requester, signal);
    return this.refreshManaged(auth, "unauthorized", userAgent);
  }

  // -------------------------------------------------------------------------
  // Client-supplied tokens: refresh through `account/chatgptAuthTokens/refresh`

  /**
   * New client-supplied tokens after `failed` was rejected with 401: the current
   * ones when another request already refreshed them, else a refresh.
   */
  async recoverExternal(
    failed: ChatgptExternalAuth,
    requester: ClientConnection | null,
    signal?: AbortSignal,
  ): Promise<ChatgptExternalAuth> {
    const current = this.external;
    if (current && current.accessToken !== failed.accessToken) return current;
    return this.refreshExternal(requester, signal);
  }

  /**
   * Asks the client for new tokens after the backend answered 401 (single-flight).
   * The connection that supplied the tokens is asked first, else the requesting one.
   */
  refreshExternal(requester: ClientConnection | null, signal?: AbortSignal): Promise<ChatgptExternalAuth> {
    this.externalRefresh ??= this.doRefreshExternal(requester, signal).finally(() => {
      this.externalRefresh = null;
    });
    return this.externalRefresh;
  }

  private async doRefreshExternal(requester: ClientConnection | null, signal?: AbortSignal): Promise<ChatgptExternalAuth> {
    const current = this.external;
    if (!current) throw new Error("no client-supplied ChatGPT tokens to refresh");
    const askClient = this.deps.clientForTokenRefresh(current.ownerConnectionId, requester?.id ?? null);
    if (!askClient) throw new Error("no connected client can refresh the ChatGPT tokens");
    const { clientTokenRefreshMs } = this.deps.refreshTimeouts();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = clientTokenRefreshMs > 0 ? setTimeout(onAbort, clientTokenRefreshMs) : undefined;
    let answer: unknown;
    try {
      answer = await askClient({ reason: "unauthorized", previousAccountId: current.accountId }, controller.signal);
    } catch (error) {
      const why = controller.signal.aborted ? "no answer in time" : describeError(error);
      throw new Error(`the client did not refresh the ChatGPT tokens (${why})`);
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
    const parsed = ChatgptAuthTokensRefreshResponse.safeParse(answer);
    if (!parsed.success) throw new Error("the client answered account/chatgptAuthTokens/refresh with an invalid result");
    if (this.external !== current) {
      // Someone logged in or out meanwhile; their state wins.
      if (this.external) return this.external;
      throw new Error("signed out while refreshing the ChatGPT tokens");
    }
    const { accessToken, chatgptAccountId, chatgptPlanType } = parsed.data;
    let next: ChatgptExternalAuth;
    try {
      next = this.externalAuth(accessToken, chatgptAccountId, chatgptPlanType ?? current.planType, current.ownerConnectionId);
    } catch {
      throw new Error("the client's refreshed access token is not a JWT");
    }
    this.external = next;
    this.generationCounter++;
    return next;
  }
}

function sameAuth(a: CodexAuth | null, b: CodexAuth | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.mode !== b.mode) return false;
  if (a.mode === "apiKey" && b.mode === "apiKey") return a.apiKey === b.apiKey;
  if (a.mode === "chatgpt" && b.mode === "chatgpt") {
    return a.accessToken === b.accessToken && a.refreshToken === b.refreshToken && a.idToken === b.idToken && a.accountId === b.accountId;
  }
  return false;
}
