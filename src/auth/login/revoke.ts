import type { AuthDotJson } from "../storage.js";
import { CODEX_OAUTH_CLIENT_ID, REFRESH_TOKEN_URL_OVERRIDE_ENV } from "../token-refresh.js";
import { revokeToken, type RevocableTokenKind } from "./issuer.js";

/**
 * Best-effort revocation of a stored ChatGPT login at logout, as the reference
 * does: the refresh token (else the access token) goes to the revoke endpoint;
 * the caller logs a failure and signs out locally anyway.
 */

export const REVOKE_TOKEN_URL_OVERRIDE_ENV = "CODEX_REVOKE_TOKEN_URL_OVERRIDE";

/**
 * `$CODEX_REVOKE_TOKEN_URL_OVERRIDE`, else the refresh override's origin with
 * `/oauth/revoke`, else `{issuer}/oauth/revoke`.
 */
export function revokeTokenUrl(issuer: string): string {
  const override = process.env[REVOKE_TOKEN_URL_OVERRIDE_ENV];
  if (override) return override;
  const refreshOverride = process.env[REFRESH_TOKEN_URL_OVERRIDE_ENV];
  if (refreshOverride) {
    try {
      const url = new URL(refreshOverride);
      url.pathname = "/oauth/revoke";
      url.search = "";
      url.hash = "";
      return url.toString();
    } catch {
      // Not a URL: fall through to the issuer.
    }
  }
  return `${issuer}/oauth/revoke`;
}

/** The token a logout revokes: only managed ChatGPT logins have one. */
export function revocableToken(data: AuthDotJson): { token: string; kind: RevocableTokenKind } | null {
  const mode = data.auth_mode ?? (data.OPENAI_API_KEY ? "apikey" : "chatgpt");
  if (mode !== "chatgpt" || !data.tokens) return null;
  if (data.tokens.refresh_token) return { token: data.tokens.refresh_token, kind: "refresh_token" };
  if (data.tokens.access_token) return { token: data.tokens.access_token, kind: "access_token" };
  return null;
}

export async function revokeStoredLogin(data: AuthDotJson, issuer: string, timeoutMs: number): Promise<boolean> {
  const revocable = revocableToken(data);
  if (!revocable) return false;
  await revokeToken(revokeTokenUrl(issuer), revocable.token, revocable.kind, CODEX_OAUTH_CLIENT_ID, { timeoutMs });
  return true;
}
