import http from "node:http";
import { bindCallbackServer } from "./callback-server.js";
import { exchangeCodeForTokens, obtainApiKey, type ExchangedTokens } from "./issuer.js";
import { encodeQuery, generatePkce, generateState } from "./pkce.js";
import { DEFAULT_CALLBACK_PORT, FALLBACK_CALLBACK_PORT, type LoginSettings } from "./settings.js";
import { errorHtml, isUsableIdToken, successHtml, successRedirect, type SuccessPage } from "./success-page.js";

/**
 * One browser (authorization code + PKCE) login: a loopback callback server,
 * the authorize URL the client opens, and the outcome once the browser comes
 * back. A callback with the wrong `state` is refused (400) and the login keeps
 * waiting; anything else that reaches `/auth/callback` ends it.
 */

export const OAUTH_SCOPES = "openid profile email offline_access api.connectors.read api.connectors.invoke";
/** ChatGPT may append onboarding metadata to the state it sends back. */
const LIFE_SCIENCES_STATE_SUFFIX = ".onboarding_entrypoint=life_sciences";

export type OnboardingEntrypoint = "life_sciences";

export type LoginOutcome = { ok: true; onboardingEntrypoint: OnboardingEntrypoint | null } | { ok: false; error: string };

export interface BrowserLoginOptions {
  settings: LoginSettings;
  clientId: string;
  originator: string;
  successPage: SuccessPage;
  /** Saves the new login (auth.json); rejects when it could not be saved. */
  persist(tokens: ExchangedTokens, apiKey: string | null): Promise<void>;
  /** Told about what happened, without secrets. */
  log(event: string, details?: Record<string, unknown>): void;
}

class EndLogin {
  constructor(readonly outcome: LoginOutcome) {}
}

export class BrowserLogin {
  readonly authUrl: string;
  readonly port: number;
  /** Settles once with the outcome; the callback server is closed by then. */
  readonly done: Promise<LoginOutcome>;
  private settle!: (outcome: LoginOutcome) => void;
  private ended = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  private constructor(
    private readonly server: http.Server,
    private readonly options: BrowserLoginOptions,
    port: number,
    private readonly state: string,
    private readonly codeVerifier: string,
    codeChallenge: string,
  ) {
    this.port = port;
    this.done = new Promise((resolve) => (this.settle = resolve));
    const query: Array<[string, string]> = [
      ["response_type", "code"],
      ["client_id", options.clientId],
      ["redirect_uri", this.redirectUri],
      ["scope", OAUTH_SCOPES],
      ["code_challenge", codeChallenge],
      ["code_challenge_method", "S256"],
      ["id_token_add_organizations", "true"],
      ["codex_cli_simplified_flow", "true"],
      ["state", state],
      ["originator", options.originator],
    ];
    this.authUrl = `${options.settings.issuer}/oauth/authorize?${encodeQuery(query)}`;
  }

  /** Binds the callback server; rejects with "Port … is already in use" and the like. */
  static async start(options: BrowserLoginOptions): Promise<BrowserLogin> {
    const { codeVerifier, codeChallenge } = generatePkce();
    const state = generateState();
    const server = http.createServer();
    const port = options.settings.callbackPort;
    const boundPort = await bindCallbackServer(server, {
      port,
      fallbackPort: port === DEFAULT_CALLBACK_PORT ? FALLBACK_CALLBACK_PORT : null,
    });
    const login = new BrowserLogin(server, options, boundPort, state, codeVerifier, codeChallenge);
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => login.enqueue(req, res));
    return login;
  }

  private get redirectUri(): string {
    return `http://localhost:${this.port}/auth/callback`;
  }

  /** Ends the login unless it already ended ("Login was not completed"). */
  cancel(reason = "Login was not completed"): void {
    this.finish({ ok: false, error: reason });
  }

  private finish(outcome: LoginOutcome): void {
    if (this.ended) return;
    this.ended = true;
    this.abort.abort();
    this.server.close();
    this.server.closeAllConnections();
    this.settle(outcome);
  }

  /** Requests are handled one at a time, in arrival order (a second callback waits for the first). */
  private enqueue(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.queue = this.queue.then(() => this.handle(req, res)).catch((error: unknown) => {
      this.options.log("login callback handling failed", { reason: error instanceof Error ? error.name : "unknown" });
      if (!res.headersSent) res.writeHead(500).end();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (this.ended) {
      res.writeHead(410, { connection: "close" }).end("Login is no longer active");
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      res.writeHead(400).end("Bad Request");
      return;
    }
    try {
      switch (url.pathname) {
        case "/auth/callback":
          await this.callback(url, res);
          return;
        case "/success":
          // Only the redirect after a saved login ends it; a page loaded earlier (by anyone) does not.
          if (!this.signedIn) {
            res.writeHead(404).end("Not Found");
            return;
          }
          this.respondAndEnd(res, 200, { "content-type": "text/html; charset=utf-8" }, successHtml(), { ok: true, onboardingEntrypoint: this.entrypoint });
          return;
        case "/cancel":
          this.respondAndEnd(res, 200, {}, "Login cancelled", { ok: false, error: "Login cancelled" });
          return;
        default:
          res.writeHead(404).end("Not Found");
      }
    } catch (error) {
      if (!(error instanceof EndLogin)) throw error;
    }
  }

  private entrypoint: OnboardingEntrypoint | null = null;
  /** Set once the callback's tokens are saved. */
  private signedIn = false;

  private respondAndEnd(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string, outcome: LoginOutcome): void {
    res.writeHead(status, { ...headers, connection: "close", "content-length": String(Buffer.byteLength(body)) });
    res.end(body, () => this.finish(outcome));
    // A browser that never reads the answer must not keep the login open.
    setTimeout(() => this.finish(outcome), 1000).unref();
  }

  private fail(res: http.ServerResponse, message: string, code: string): never {
    this.options.log("login callback failed", { code });
    this.respondAndEnd(res, 200, { "content-type": "text/html; charset=utf-8" }, errorHtml(message, code), { ok: false, error: message });
    throw new EndLogin({ ok: false, error: message });
  }

  private async callback(url: URL, res: http.ServerResponse): Promise<void> {
    const params = url.searchParams;
    let state = params.get("state");
    let entrypoint: OnboardingEntrypoint | null = null;
    if (state !== null && state.endsWith(LIFE_SCIENCES_STATE_SUFFIX) && state.slice(0, -LIFE_SCIENCES_STATE_SUFFIX.length) === this.state) {
      state = this.state;
      entrypoint = "life_sciences";
    }
    const hasCode = (params.get("code") ?? "") !== "";
    const hasError = (params.get("error") ?? "") !== "";
    if (state !== this.state) {
      this.options.log("login callback state mismatch", { hasCode, hasError, hasState: (state ?? "") !== "" });
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("State mismatch");
      return;
    }
    const errorCode = params.get("error");
    if (errorCode !== null) {
      const description = params.get("error_description");
      const missingEntitlement = errorCode === "access_denied" && (description ?? "").toLowerCase().includes("missing_codex_entitlement");
      const message = missingEntitlement
        ? "Codex is not enabled for your workspace. Contact your workspace administrator to request access to Codex."
        : `Sign-in failed: ${description && description.trim() !== "" ? description : errorCode}`;
      this.fail(res, message, errorCode);
    }
    const code = params.get("code");
    if (!code) this.fail(res, "Missing authorization code. Sign-in could not be completed.", "missing_authorization_code");

    const { settings, clientId } = this.options;
    const request = { timeoutMs: settings.requestTimeoutMs, signal: this.abort.signal };
    let tokens: ExchangedTokens;
    try {
      tokens = await exchangeCodeForTokens(settings.issuer, { clientId, redirectUri: this.redirectUri, codeVerifier: this.codeVerifier, code: code! }, request);
    } catch (error) {
      this.fail(res, `Token exchange failed: ${(error as Error).message}`, "token_exchange_failed");
    }
    let apiKey: string | null = null;
    try {
      apiKey = await obtainApiKey(settings.issuer, clientId, tokens!.idToken, request);
    } catch (error) {
      // As in the reference, a login without an API key still succeeds.
      this.options.log("API key exchange failed", { reason: (error as Error).message });
    }
    if (this.ended) return;
    if (!isUsableIdToken(tokens!.idToken)) {
      this.fail(res, "Sign-in completed but credentials could not be saved locally.", "persist_failed");
    }
    try {
      await this.options.persist(tokens!, apiKey);
    } catch {
      this.fail(res, "Sign-in completed but credentials could not be saved locally.", "persist_failed");
    }
    this.entrypoint = entrypoint;
    this.signedIn = true;
    const redirect = successRedirect(this.port, settings.issuer, tokens!.idToken, tokens!.accessToken, this.options.successPage);
    if (redirect.endsLogin) {
      this.respondAndEnd(res, 302, { location: redirect.url }, "", { ok: true, onboardingEntrypoint: entrypoint });
      return;
    }
    res.writeHead(302, { location: redirect.url }).end();
  }
}
