import { z } from "zod";
import { httpRequest, statusLine } from "../util/http-request.js";

/** OAuth client id Codex uses for refresh-token grants. */
export const CODEX_OAUTH_CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";
export const DEFAULT_REFRESH_TOKEN_URL = "https://auth.openai.com/oauth/token";
export const REFRESH_TOKEN_URL_OVERRIDE_ENV = "CODEX_REFRESH_TOKEN_URL_OVERRIDE";

/** The token endpoint's answer; a token it leaves out keeps its current value. */
export const TokenRefreshResponse = z.object({
  id_token: z.string().nullish(),
  access_token: z.string().nullish(),
  refresh_token: z.string().nullish(),
});
export type TokenRefreshResponse = z.infer<typeof TokenRefreshResponse>;

export interface TokenRefreshRequest {
  refreshToken: string;
  /** `refresh_reason` (`proactive_expiry`, `unauthorized`, `manual`). */
  reason: string;
  userAgent?: string;
  /** 0 disables the deadline. */
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * One refresh-token grant against the OAuth token endpoint
 * (`$CODEX_REFRESH_TOKEN_URL_OVERRIDE` when set). Failures are errors whose
 * messages never quote the endpoint's body: it may carry credentials.
 */
export async function requestTokenRefresh(request: TokenRefreshRequest): Promise<TokenRefreshResponse> {
  const url = process.env[REFRESH_TOKEN_URL_OVERRIDE_ENV] || DEFAULT_REFRESH_TOKEN_URL;
  const headers: Array<[string, string]> = [["content-type", "application/json"], ["accept", "*/*"]];
  if (request.userAgent) headers.unshift(["user-agent", request.userAgent]);
  const result = await httpRequest(url, {
    method: "POST",
    headers,
    body: JSON.stringify({
      client_id: CODEX_OAUTH_CLIENT_ID,
      grant_type: "refresh_token",
      refresh_reason: request.reason,
      refresh_token: request.refreshToken,
    }),
    timeoutMs: request.timeoutMs,
    signal: request.signal,
  });
  if (result.status < 200 || result.status > 299) {
    throw new Error(`token refresh failed: POST ${url} answered ${statusLine(result.status)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(result.text);
  } catch {
    throw new Error(`token refresh failed: POST ${url} answered with invalid JSON`);
  }
  const parsed = TokenRefreshResponse.safeParse(json);
  if (!parsed.success) {
    throw new Error(`token refresh failed: unexpected response shape at \`${parsed.error.issues[0]?.path.join(".")}\``);
  }
  return parsed.data;
}
