import type { Logger } from "../../logging/logger.js";
import type { AccountLoginCompletedNotification, AccountUpdatedNotification } from "../../protocol/account.js";
import { internalError, invalidRequest } from "../../protocol/errors.js";
import type { TextRedactor } from "../../util/secrets.js";
import { authModeOf, planTypeOf, type AuthManager } from "../manager.js";
import { readAuthFile } from "../storage.js";
import { CODEX_OAUTH_CLIENT_ID } from "../token-refresh.js";
import { BrowserLogin, type LoginOutcome } from "./browser-login.js";
import { DeviceLogin } from "./device-login.js";
import { DeviceCodeNotEnabledError, type ExchangedTokens } from "./issuer.js";
import { revokeStoredLogin } from "./revoke.js";
import type { LoginSettings } from "./settings.js";
import type { SuccessPage } from "./success-page.js";

/**
 * ChatGPT logins started by clients (browser and device code), one at a time
 * per server: a new login, an API-key or client-token login, and logout end
 * the one in progress. Each ends with `account/login/completed` (its loginId),
 * then `account/updated` when it succeeded.
 */

export interface LoginServiceDeps {
  auth: AuthManager;
  codexHome: string;
  logger: Logger;
  settings(): LoginSettings;
  /** Scrubs known secrets from the error texts sent to clients. */
  redactor: TextRedactor;
  /** Sends `account/login/completed` and, after a success, `account/updated` to every client. */
  announce(completed: AccountLoginCompletedNotification, updated: AccountUpdatedNotification | null): void;
}

interface ActiveLogin {
  id: string;
  cancel(): void;
}

export interface BrowserLoginRequest {
  originator: string;
  successPage: SuccessPage;
}

export class LoginService {
  private active: ActiveLogin | null = null;

  constructor(private readonly deps: LoginServiceDeps) {}

  private persist = (tokens: ExchangedTokens, apiKey: string | null): Promise<void> => this.deps.auth.saveChatgptLogin(tokens, apiKey);

  async startBrowser(request: BrowserLoginRequest): Promise<{ loginId: string; authUrl: string }> {
    const settings = this.deps.settings();
    let login: BrowserLogin;
    try {
      login = await BrowserLogin.start({
        settings,
        clientId: CODEX_OAUTH_CLIENT_ID,
        originator: request.originator,
        successPage: request.successPage,
        persist: this.persist,
        log: (event, details) => this.deps.logger.info(details ?? {}, event),
      });
    } catch (error) {
      throw internalError(`failed to start login server: ${this.deps.redactor.redact((error as Error).message)}`);
    }
    const loginId = crypto.randomUUID();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    if (settings.browserTimeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        login.cancel();
      }, settings.browserTimeoutMs);
      timer.unref();
    }
    this.replaceActive({ id: loginId, cancel: () => login.cancel() });
    void login.done.then((outcome) => {
      if (timer) clearTimeout(timer);
      if (!outcome.ok) outcome = { ok: false, error: timedOut ? "Login timed out" : `Login server error: ${outcome.error}` };
      return this.complete(loginId, outcome);
    });
    this.deps.logger.info({ loginId, port: login.port }, "browser login started");
    return { loginId, authUrl: login.authUrl };
  }

  async startDeviceCode(): Promise<{ loginId: string; verificationUrl: string; userCode: string }> {
    let login: DeviceLogin;
    try {
      login = await DeviceLogin.start({ settings: this.deps.settings(), clientId: CODEX_OAUTH_CLIENT_ID, persist: this.persist });
    } catch (error) {
      if (error instanceof DeviceCodeNotEnabledError) throw invalidRequest(error.message);
      throw internalError(`failed to request device code: ${this.deps.redactor.redact((error as Error).message)}`);
    }
    const loginId = crypto.randomUUID();
    this.replaceActive({ id: loginId, cancel: () => login.cancel() });
    void login.done.then((outcome) => this.complete(loginId, outcome));
    this.deps.logger.info({ loginId }, "device-code login started");
    return { loginId, verificationUrl: login.code.verificationUrl, userCode: login.code.userCode };
  }

  /** Cancels the login with this id, if it is the one in progress. */
  cancel(loginId: string): "canceled" | "notFound" {
    if (!this.active || canonicalUuid(this.active.id) !== canonicalUuid(loginId)) return "notFound";
    this.cancelActive();
    return "canceled";
  }

  /** Ends the login in progress, if any. */
  cancelActive(): void {
    const active = this.active;
    this.active = null;
    active?.cancel();
  }

  /** Stops every login (server shutdown). */
  close(): void {
    this.cancelActive();
  }

  /**
   * Signs out: ends the login in progress, revokes a stored ChatGPT login at
   * the issuer (a failure is logged; the local logout happens anyway), then
   * removes auth.json and any client-supplied tokens.
   */
  async logout(): Promise<void> {
    this.cancelActive();
    const read = await readAuthFile(this.deps.codexHome);
    if (read.status === "ok") {
      const settings = this.deps.settings();
      try {
        if (await revokeStoredLogin(read.data, settings.issuer, settings.revokeTimeoutMs)) this.deps.logger.info("revoked ChatGPT tokens at logout");
      } catch (error) {
        this.deps.logger.warn({ reason: this.deps.redactor.redact((error as Error).message) }, "failed to revoke auth tokens during logout");
      }
    }
    await this.deps.auth.logout();
  }

  private replaceActive(next: ActiveLogin): void {
    const previous = this.active;
    this.active = next;
    previous?.cancel();
  }

  private async complete(loginId: string, outcome: LoginOutcome): Promise<void> {
    if (this.active?.id === loginId) this.active = null;
    let updated: AccountUpdatedNotification | null = null;
    if (outcome.ok) {
      const { auth } = await this.deps.auth.current();
      updated = { authMode: auth ? authModeOf(auth) : null, planType: auth ? planTypeOf(auth) : null };
      this.deps.logger.info({ loginId }, "ChatGPT login completed");
    } else {
      this.deps.logger.warn({ loginId, error: this.deps.redactor.redact(outcome.error) }, "ChatGPT login did not complete");
    }
    this.deps.announce(
      {
        loginId,
        success: outcome.ok,
        error: outcome.ok ? null : this.deps.redactor.redact(outcome.error),
        onboardingEntrypoint: outcome.ok ? outcome.onboardingEntrypoint : null,
      },
      updated,
    );
  }
}

/** Lower-case hex without hyphens: the same login id however the client spells it. */
function canonicalUuid(id: string): string {
  return id.replace(/-/g, "").toLowerCase();
}
