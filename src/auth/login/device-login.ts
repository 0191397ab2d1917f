import { exchangeCodeForTokens, pollDeviceToken, requestDeviceCode, type DeviceCode, type ExchangedTokens } from "./issuer.js";
import type { LoginOutcome } from "./browser-login.js";
import type { LoginSettings } from "./settings.js";
import { isUsableIdToken } from "./success-page.js";

/**
 * One device-code login: the user code is requested up front (its failure is
 * the request's error); then the token endpoint is polled every `interval`
 * seconds until the user approves, the issuer refuses, the time runs out or
 * the login is cancelled; the authorization code it returns is exchanged like
 * a browser login's (without the API-key exchange, as in the reference).
 */

export interface DeviceLoginOptions {
  settings: LoginSettings;
  clientId: string;
  persist(tokens: ExchangedTokens, apiKey: string | null): Promise<void>;
}

/** A device-code endpoint that names no interval (or 0) is polled once a second, not in a tight loop. */
const MIN_POLL_MS = 1000;

export class DeviceLogin {
  readonly done: Promise<LoginOutcome>;
  private readonly abort = new AbortController();

  private constructor(
    readonly code: DeviceCode,
    private readonly options: DeviceLoginOptions,
  ) {
    this.done = this.run().then(
      (): LoginOutcome => ({ ok: true, onboardingEntrypoint: null }),
      (error: unknown): LoginOutcome => ({ ok: false, error: this.abort.signal.aborted ? "Login was not completed" : (error as Error).message }),
    );
  }

  /** Requests the user code; rejects with `DeviceCodeNotEnabledError` or a request failure. */
  static async start(options: DeviceLoginOptions): Promise<DeviceLogin> {
    const { settings, clientId } = options;
    const code = await requestDeviceCode(settings.issuer, clientId, { timeoutMs: settings.requestTimeoutMs });
    return new DeviceLogin(code, options);
  }

  cancel(): void {
    this.abort.abort();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.abort.signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error("Login was not completed"));
      };
      this.abort.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private async run(): Promise<void> {
    const { settings, clientId } = this.options;
    const request = { timeoutMs: settings.requestTimeoutMs, signal: this.abort.signal };
    const maxWait = settings.deviceCodeTimeoutMs;
    const started = Date.now();
    const interval = Math.max(this.code.intervalSeconds * 1000, MIN_POLL_MS);
    let approved: { authorizationCode: string; codeVerifier: string };
    for (;;) {
      const poll = await pollDeviceToken(settings.issuer, this.code, request);
      if (poll.status === "approved") {
        approved = poll;
        break;
      }
      const elapsed = Date.now() - started;
      if (maxWait > 0 && elapsed >= maxWait) throw new Error("device auth timed out after 15 minutes");
      await this.sleep(maxWait > 0 ? Math.min(interval, maxWait - elapsed) : interval);
    }
    let tokens: ExchangedTokens;
    try {
      tokens = await exchangeCodeForTokens(
        settings.issuer,
        { clientId, redirectUri: `${settings.issuer}/deviceauth/callback`, codeVerifier: approved.codeVerifier, code: approved.authorizationCode },
        request,
      );
    } catch (error) {
      throw new Error(`device code exchange failed: ${(error as Error).message}`);
    }
    if (this.abort.signal.aborted) throw new Error("Login was not completed");
    if (!isUsableIdToken(tokens.idToken)) throw new Error("device code login returned an id token that is not a JWT");
    await this.options.persist(tokens, null);
  }
}
