import { z } from "zod";
import { httpRequest, statusLine, type HttpResult } from "../../util/http-request.js";
import { encodeQuery } from "./pkce.js";

/**
 * The OAuth issuer's endpoints used by ChatGPT login: the authorization-code
 * exchange, the API-key token exchange, the device-code endpoints and token
 * revocation. Error messages carry statuses and the issuer's error text, never
 * a token or code we sent (callers still pass them through the secrets redactor).
 */

export interface IssuerRequest {
  /** 0 disables the deadline. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ExchangedTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

const TokenResponse = z.object({ id_token: z.string(), access_token: z.string(), refresh_token: z.string() });
const ApiKeyResponse = z.object({ access_token: z.string() });

/** Longest piece of an issuer's error body quoted in a message. */
const MAX_DETAIL = 300;

function truncate(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** What a token endpoint said went wrong: `error_description`, `error.message`, the error code, or the body. */
export function tokenEndpointErrorDetail(body: string): string {
  const trimmed = body.trim();
  if (trimmed === "") return "unknown error";
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return truncate(trimmed);
  }
  if (json !== null && typeof json === "object") {
    const record = json as Record<string, unknown>;
    const error = record.error;
    const errorObject = error !== null && typeof error === "object" ? (error as Record<string, unknown>) : null;
    const description = nonEmpty(record.error_description) ?? nonEmpty(errorObject?.message);
    if (description) return truncate(description);
    const code = nonEmpty(error) ?? nonEmpty(errorObject?.code);
    if (code) return truncate(code);
  }
  return truncate(trimmed);
}

function tokenEndpoint(issuer: string): string {
  return `${issuer}/oauth/token`;
}

const FORM = "application/x-www-form-urlencoded";

function post(url: string, contentType: string, body: string, request: IssuerRequest): Promise<HttpResult> {
  return httpRequest(url, {
    method: "POST",
    headers: [["content-type", contentType]],
    body,
    timeoutMs: request.timeoutMs,
    signal: request.signal,
  });
}

function ok(result: HttpResult): boolean {
  return result.status >= 200 && result.status <= 299;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The authorization-code grant (PKCE). */
export async function exchangeCodeForTokens(
  issuer: string,
  grant: { clientId: string; redirectUri: string; codeVerifier: string; code: string },
  request: IssuerRequest,
): Promise<ExchangedTokens> {
  const body = encodeQuery([
    ["grant_type", "authorization_code"],
    ["code", grant.code],
    ["redirect_uri", grant.redirectUri],
    ["client_id", grant.clientId],
    ["code_verifier", grant.codeVerifier],
  ]);
  const result = await post(tokenEndpoint(issuer), FORM, body, request);
  if (!ok(result)) {
    throw new Error(`token endpoint returned status ${statusLine(result.status)}: ${tokenEndpointErrorDetail(result.text)}`);
  }
  const parsed = TokenResponse.safeParse(parseJson(result.text));
  if (!parsed.success) throw new Error("token endpoint returned an invalid token response");
  return { idToken: parsed.data.id_token, accessToken: parsed.data.access_token, refreshToken: parsed.data.refresh_token };
}

/** Exchanges the id token for an API key (token exchange); the reference stores it as `OPENAI_API_KEY`. */
export async function obtainApiKey(issuer: string, clientId: string, idToken: string, request: IssuerRequest): Promise<string> {
  const body = encodeQuery([
    ["grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"],
    ["client_id", clientId],
    ["requested_token", "openai-api-key"],
    ["subject_token", idToken],
    ["subject_token_type", "urn:ietf:params:oauth:token-type:id_token"],
  ]);
  const result = await post(tokenEndpoint(issuer), FORM, body, request);
  if (!ok(result)) throw new Error(`api key exchange failed with status ${statusLine(result.status)}`);
  const parsed = ApiKeyResponse.safeParse(parseJson(result.text));
  if (!parsed.success) throw new Error("api key exchange returned an invalid response");
  return parsed.data.access_token;
}

// ---------------------------------------------------------------------------
// Device code

export const DEVICE_CODE_NOT_ENABLED =
  "device code login is not enabled for this Codex server. Use the browser login or verify the server URL.";

/** The issuer has no device-code endpoint (404): the client gets -32600 rather than -32603. */
export class DeviceCodeNotEnabledError extends Error {
  constructor() {
    super(DEVICE_CODE_NOT_ENABLED);
    this.name = "DeviceCodeNotEnabledError";
  }
}

export interface DeviceCode {
  verificationUrl: string;
  userCode: string;
  deviceAuthId: string;
  /** Seconds between polls, as the issuer asked (0 when it did not say). */
  intervalSeconds: number;
}

const UserCodeResponse = z.object({
  device_auth_id: z.string(),
  user_code: z.string().optional(),
  usercode: z.string().optional(),
  interval: z.union([z.string(), z.number()]).optional(),
});

const DeviceTokenResponse = z.object({
  authorization_code: z.string(),
  code_challenge: z.string(),
  code_verifier: z.string(),
});

function intervalOf(value: string | number | undefined): number | null {
  if (value === undefined) return 0;
  const number = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value.trim()) : NaN;
  return Number.isInteger(number) && number >= 0 ? number : null;
}

export async function requestDeviceCode(issuer: string, clientId: string, request: IssuerRequest): Promise<DeviceCode> {
  const result = await post(`${issuer}/api/accounts/deviceauth/usercode`, "application/json", JSON.stringify({ client_id: clientId }), request);
  if (result.status === 404) throw new DeviceCodeNotEnabledError();
  if (!ok(result)) throw new Error(`device code request failed with status ${statusLine(result.status)}`);
  const parsed = UserCodeResponse.safeParse(parseJson(result.text));
  const userCode = parsed.success ? (parsed.data.user_code ?? parsed.data.usercode) : undefined;
  const interval = parsed.success ? intervalOf(parsed.data.interval) : null;
  if (!parsed.success || userCode === undefined || interval === null) throw new Error("device code response is invalid");
  return {
    verificationUrl: `${issuer}/codex/device`,
    userCode,
    deviceAuthId: parsed.data.device_auth_id,
    intervalSeconds: interval,
  };
}

export type DevicePoll = { status: "pending" } | { status: "approved"; authorizationCode: string; codeVerifier: string };

/** One poll of the device-code token endpoint: 403/404 mean "not yet". */
export async function pollDeviceToken(issuer: string, code: DeviceCode, request: IssuerRequest): Promise<DevicePoll> {
  const result = await post(
    `${issuer}/api/accounts/deviceauth/token`,
    "application/json",
    JSON.stringify({ device_auth_id: code.deviceAuthId, user_code: code.userCode }),
    request,
  );
  if (result.status === 403 || result.status === 404) return { status: "pending" };
  if (!ok(result)) throw new Error(`device auth failed with status ${statusLine(result.status)}`);
  const parsed = DeviceTokenResponse.safeParse(parseJson(result.text));
  if (!parsed.success) throw new Error("device auth returned an invalid response");
  return { status: "approved", authorizationCode: parsed.data.authorization_code, codeVerifier: parsed.data.code_verifier };
}

// ---------------------------------------------------------------------------
// Revocation

export type RevocableTokenKind = "refresh_token" | "access_token";

/** Revokes one token (RFC 7009 style, JSON body); the client id goes with refresh tokens only. */
export async function revokeToken(
  url: string,
  token: string,
  kind: RevocableTokenKind,
  clientId: string,
  request: IssuerRequest,
): Promise<void> {
  const body: Record<string, string> = { token, token_type_hint: kind };
  if (kind === "refresh_token") body.client_id = clientId;
  const result = await post(url, "application/json", JSON.stringify(body), request);
  if (!ok(result)) throw new Error(`failed to revoke ${kind}: ${statusLine(result.status)}: ${tokenEndpointErrorDetail(result.text)}`);
}
