import { createHash, randomBytes } from "node:crypto";

export interface PkceCodes {
  codeVerifier: string;
  codeChallenge: string;
}

/** S256 PKCE: a 64-byte random verifier (base64url, no padding) and its SHA-256 challenge. */
export function generatePkce(): PkceCodes {
  const codeVerifier = randomBytes(64).toString("base64url");
  const codeChallenge = createHash("sha256").update(codeVerifier).digest("base64url");
  return { codeVerifier, codeChallenge };
}

/** The OAuth `state`: 32 random bytes, base64url. */
export function generateState(): string {
  return randomBytes(32).toString("base64url");
}

/** Percent-encodes everything but the RFC 3986 unreserved characters (as the reference's query builder does). */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function encodeQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([key, value]) => `${key}=${encodeQueryValue(value)}`).join("&");
}
