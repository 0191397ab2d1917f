import { decodeJwtPayload, OPENAI_AUTH_CLAIM, tryParseClaims } from "../jwt.js";
import { encodeQuery } from "./pkce.js";
import { DEFAULT_ISSUER } from "./settings.js";

/** Where the browser goes after a successful callback: the local success page, or the hosted "open the app" page. */

export const HOSTED_SUCCESS_URL = "https://chatgpt.com/codex/open-app";

export type SuccessPage = { kind: "local"; streamlined: boolean } | { kind: "hosted"; appBrand: "codex" | "chatgpt" };

function authClaims(token: string): Record<string, unknown> {
  try {
    const claims = decodeJwtPayload(token)[OPENAI_AUTH_CLAIM];
    return claims !== null && typeof claims === "object" && !Array.isArray(claims) ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export interface SuccessRedirect {
  url: string;
  /** A hosted page ends the login with the redirect; the local page ends it when the browser loads it. */
  endsLogin: boolean;
}

export function successRedirect(port: number, issuer: string, idToken: string, accessToken: string, page: SuccessPage): SuccessRedirect {
  const claims = authClaims(idToken);
  const needsSetup = claims.completed_platform_onboarding !== true && claims.is_org_owner === true;
  if (!needsSetup && page.kind === "hosted") {
    return { url: `${HOSTED_SUCCESS_URL}?${encodeQuery([["source", "login"], ["app_brand", page.appBrand]])}`, endsLogin: true };
  }
  const params: Array<[string, string]> = [
    ["id_token", idToken],
    ["needs_setup", String(needsSetup)],
    ["org_id", text(claims.organization_id)],
    ["project_id", text(claims.project_id)],
    ["plan_type", text(authClaims(accessToken).chatgpt_plan_type)],
    ["platform_url", issuer === DEFAULT_ISSUER ? "https://platform.openai.com" : "https://platform.api.openai.org"],
  ];
  if (page.kind === "local" && page.streamlined) params.push(["codex_streamlined_login", "true"]);
  return { url: `http://localhost:${port}/success?${encodeQuery(params)}`, endsLogin: false };
}

/** Our own minimal pages (the reference's branded HTML is not copied). */
export function successHtml(): string {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8" /><title>Signed in to Codex</title></head>',
    "<body><h1>Signed in to Codex</h1><p>You may close this window and return to your editor.</p></body></html>",
    "",
  ].join("\n");
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

export function errorHtml(message: string, code: string): string {
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8" /><title>Sign-in could not be completed</title></head>',
    `<body><h1>Sign-in could not be completed</h1><p>${escapeHtml(message)}</p><p>Error code: ${escapeHtml(code)}</p>`,
    "<p>Return to Codex to retry, switch accounts, or contact your workspace admin if access is restricted.</p></body></html>",
    "",
  ].join("\n");
}

/** True when the id token can be stored (the reference refuses to save one it cannot parse). */
export function isUsableIdToken(idToken: string): boolean {
  return tryParseClaims(idToken) !== null;
}
