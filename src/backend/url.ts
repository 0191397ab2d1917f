/**
 * ChatGPT backend URL handling, as the reference does it: strip every trailing
 * `/`; a `https://chatgpt.com` / `https://chat.openai.com` base without
 * `/backend-api` gets it appended; a base containing `/backend-api` uses the
 * ChatGPT API paths (`/wham/...`), any other base the Codex API paths
 * (`/api/codex/...`), appended verbatim.
 */

export type PathStyle = "chatgptApi" | "codexApi";

export function normalizeBaseUrl(raw: string): string {
  let base = raw;
  while (base.endsWith("/")) base = base.slice(0, -1);
  if ((base.startsWith("https://chatgpt.com") || base.startsWith("https://chat.openai.com")) && !base.includes("/backend-api")) {
    base = `${base}/backend-api`;
  }
  return base;
}

export function pathStyleOf(normalizedBase: string): PathStyle {
  return normalizedBase.includes("/backend-api") ? "chatgptApi" : "codexApi";
}

export type BackendEndpoint =
  | "usage"
  | "resetCredits"
  | "consumeResetCredit"
  | "accountsCheck"
  | "tokenUsageProfile"
  | "threadUsage"
  | "workspaceMessages"
  | "addCreditsNudgeEmail"
  | "securitySetup"
  | "switchWorkspaceToken";

const SUFFIX: Record<BackendEndpoint, string> = {
  usage: "/usage",
  resetCredits: "/rate-limit-reset-credits",
  consumeResetCredit: "/rate-limit-reset-credits/consume",
  accountsCheck: "/accounts/check",
  tokenUsageProfile: "/profiles/me",
  threadUsage: "/usage/thread_usage/query",
  workspaceMessages: "/workspace-messages",
  addCreditsNudgeEmail: "/accounts/send_add_credits_nudge_email",
  securitySetup: "/security-setup",
  switchWorkspaceToken: "/accounts/switch-workspace-token",
};

/** Endpoints the reference addresses on the base itself, without the `/wham` or `/api/codex` prefix. */
const UNPREFIXED: ReadonlySet<BackendEndpoint> = new Set(["switchWorkspaceToken"]);

export function endpointUrl(normalizedBase: string, endpoint: BackendEndpoint): string {
  if (UNPREFIXED.has(endpoint)) return `${normalizedBase}${SUFFIX[endpoint]}`;
  const prefix = pathStyleOf(normalizedBase) === "chatgptApi" ? "/wham" : "/api/codex";
  return `${normalizedBase}${prefix}${SUFFIX[endpoint]}`;
}
