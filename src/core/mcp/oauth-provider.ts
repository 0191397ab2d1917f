/**
 * The SDK's `OAuthClientProvider` for one streamable HTTP server, backed by
 * the credentials store. A login provider starts from nothing (a fresh
 * client registration and no tokens) and persists only once it has tokens;
 * a connection's provider uses what is stored and cannot redirect (it tells
 * the user to log in instead).
 */
import { randomBytes } from "node:crypto";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { McpOAuthEntry, McpOAuthStore, McpOAuthTokens } from "../../auth/mcp-oauth-store.js";

type ClientInformation = Awaited<ReturnType<OAuthClientProvider["clientInformation"]>>;
type Tokens = Awaited<ReturnType<OAuthClientProvider["tokens"]>>;
type DiscoveryState = Awaited<ReturnType<NonNullable<OAuthClientProvider["discoveryState"]>>>;

/** The redirect a connection's provider names (it never redirects). */
const NO_REDIRECT = "http://127.0.0.1/callback";

export interface McpOAuthProviderOptions {
  /** Login: the loopback callback, and where the authorization URL goes. */
  login?: { redirectUrl: string; onRedirect(url: URL): void; scopes: string[] | null };
}

export class McpOAuthProvider implements OAuthClientProvider {
  private verifier = "";
  private readonly stateValue = randomBytes(16).toString("hex");
  /** A login's registration and discovery, kept until it has tokens. */
  private pending: Pick<McpOAuthEntry, "clientInformation" | "discoveryState"> = {};

  constructor(
    private readonly store: McpOAuthStore,
    readonly serverName: string,
    readonly serverUrl: string,
    private readonly options: McpOAuthProviderOptions = {},
  ) {}

  get redirectUrl(): string {
    return this.options.login?.redirectUrl ?? NO_REDIRECT;
  }

  get clientMetadata() {
    const scopes = this.options.login?.scopes;
    return {
      client_name: "Codex",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...(scopes && scopes.length > 0 ? { scope: scopes.join(" ") } : {}),
    };
  }

  get expectedState(): string {
    return this.stateValue;
  }

  state(): string {
    return this.stateValue;
  }

  private entry(): McpOAuthEntry | null {
    return this.store.get(this.serverName, this.serverUrl);
  }

  clientInformation(): ClientInformation {
    const info = this.options.login ? this.pending.clientInformation : this.entry()?.clientInformation;
    return info as ClientInformation;
  }

  saveClientInformation(info: NonNullable<ClientInformation>): void {
    if (this.options.login) this.pending.clientInformation = { ...info };
    else this.store.update(this.serverName, this.serverUrl, { clientInformation: { ...info } });
  }

  tokens(): Tokens {
    // A login authorizes anew: stored tokens would make the SDK refresh instead.
    if (this.options.login) return undefined;
    return this.entry()?.tokens as Tokens;
  }

  saveTokens(tokens: NonNullable<Tokens>): void {
    const stored = { ...tokens } as McpOAuthTokens;
    const expiresAt = typeof tokens.expires_in === "number" ? Date.now() + tokens.expires_in * 1000 : null;
    // A refresh answer may leave the refresh token out: keep the one we have.
    stored.refresh_token ??= this.entry()?.tokens?.refresh_token;
    if (stored.refresh_token === undefined) delete stored.refresh_token;
    this.store.update(this.serverName, this.serverUrl, { ...this.pending, tokens: stored, expiresAt });
    this.pending = {};
  }

  redirectToAuthorization(url: URL): void {
    if (!this.options.login) throw new Error(`MCP server \`${this.serverName}\` needs a login: call mcpServer/oauth/login`);
    this.options.login.onRedirect(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  discoveryState(): DiscoveryState {
    const state = this.options.login ? this.pending.discoveryState : this.entry()?.discoveryState;
    return state as DiscoveryState;
  }

  saveDiscoveryState(state: NonNullable<DiscoveryState>): void {
    if (this.options.login) this.pending.discoveryState = { ...state };
    else this.store.update(this.serverName, this.serverUrl, { discoveryState: { ...state } });
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (this.options.login) {
      if (scope === "all" || scope === "client") this.pending.clientInformation = undefined;
      if (scope === "all" || scope === "discovery") this.pending.discoveryState = undefined;
      return;
    }
    const patch: Partial<McpOAuthEntry> = {};
    if (scope === "all" || scope === "client") patch.clientInformation = undefined;
    if (scope === "all" || scope === "tokens") {
      patch.tokens = undefined;
      patch.expiresAt = undefined;
    }
    if (scope === "all" || scope === "discovery") patch.discoveryState = undefined;
    if (Object.keys(patch).length > 0) this.store.update(this.serverName, this.serverUrl, patch);
  }
}
