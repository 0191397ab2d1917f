/**
 * Unverified JWT decoding, as Codex does for the ChatGPT id_token (and for
 * client-supplied access tokens): three non-empty dot-separated parts, the
 * middle one base64url-encoded JSON. Signatures are never checked; the claims
 * are only used for display and identity matching.
 */

export const OPENAI_AUTH_CLAIM = "https://api.openai.com/auth";
export const OPENAI_PROFILE_CLAIM = "https://api.openai.com/profile";

export class JwtFormatError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "JwtFormatError";
  }
}

/** Decodes the payload of a JWT; throws `JwtFormatError` (never echoing the token) when it is not one. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) {
    throw new JwtFormatError("not a JWT (expected three non-empty dot-separated parts)");
  }
  const middle = parts[1]!;
  if (!/^[A-Za-z0-9_-]+=*$/.test(middle)) throw new JwtFormatError("JWT payload is not base64url");
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(middle, "base64url").toString("utf8"));
  } catch {
    throw new JwtFormatError("JWT payload is not JSON");
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new JwtFormatError("JWT payload is not a JSON object");
  }
  return payload as Record<string, unknown>;
}

/** The claims Codex reads from an id_token / access token. */
export interface ChatgptClaims {
  email: string | null;
  /** Raw `chatgpt_plan_type` claim (mapped to the protocol's PlanType by callers). */
  planType: string | null;
  /** `chatgpt_user_id`, falling back to `user_id`. */
  userId: string | null;
  /** `chatgpt_account_id` claim (not used for the backend header: that comes from `tokens.account_id`). */
  accountId: string | null;
  isFedramp: boolean;
  /** `exp` in Unix seconds, when present. */
  expiresAt: number | null;
}

export const EMPTY_CLAIMS: ChatgptClaims = {
  email: null,
  planType: null,
  userId: null,
  accountId: null,
  isFedramp: false,
  expiresAt: null,
};

function stringClaim(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function claimsFromPayload(payload: Record<string, unknown>): ChatgptClaims {
  const auth = payload[OPENAI_AUTH_CLAIM];
  const authClaims = auth !== null && typeof auth === "object" && !Array.isArray(auth) ? (auth as Record<string, unknown>) : {};
  const profile = payload[OPENAI_PROFILE_CLAIM];
  const profileClaims =
    profile !== null && typeof profile === "object" && !Array.isArray(profile) ? (profile as Record<string, unknown>) : {};
  const exp = payload.exp;
  return {
    email: stringClaim(payload.email) ?? stringClaim(profileClaims.email),
    planType: stringClaim(authClaims.chatgpt_plan_type),
    userId: stringClaim(authClaims.chatgpt_user_id) ?? stringClaim(authClaims.user_id),
    accountId: stringClaim(authClaims.chatgpt_account_id),
    isFedramp: authClaims.chatgpt_account_is_fedramp === true,
    expiresAt: typeof exp === "number" && Number.isFinite(exp) ? exp : null,
  };
}

/** Claims of `token`, or `null` when it is not a decodable JWT. */
export function tryParseClaims(token: string): ChatgptClaims | null {
  try {
    return claimsFromPayload(decodeJwtPayload(token));
  } catch {
    return null;
  }
}

/** True when `token` is a JWT whose `exp` lies in the past (opaque tokens never expire here). */
export function isExpiredJwt(token: string, nowSeconds = Date.now() / 1000): boolean {
  const claims = tryParseClaims(token);
  return claims?.expiresAt != null && claims.expiresAt <= nowSeconds;
}
