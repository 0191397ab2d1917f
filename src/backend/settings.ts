import type { TomlTable } from "../config/json-value.js";

/**
 * Backend settings read from the effective config (config.toml + `-c`):
 *
 * | key | default | meaning |
 * | --- | --- | --- |
 * | `chatgpt_base_url` | `https://chatgpt.com/backend-api/` | ChatGPT backend base URL |
 * | `backend_timeouts.usage_ms` | 15000 | `GET …/usage` (rate-limit read) |
 * | `backend_timeouts.credit_list_ms` | 5000 | `GET …/rate-limit-reset-credits` (falls back to count-only) |
 * | `backend_timeouts.consume_attempt_ms` | 10000 | one `POST …/consume` attempt |
 * | `backend_timeouts.consume_total_ms` | 30000 | all consume attempts and backoff together |
 * | `backend_timeouts.accounts_check_ms` | 15000 | workspace routing discovery for `account/read` |
 * | `backend_timeouts.token_refresh_ms` | 15000 | proactive ChatGPT token refresh |
 * | `backend_timeouts.token_usage_ms` | 10000 | `GET …/profiles/me` (account/usage/read) |
 * | `backend_timeouts.thread_usage_ms` | 60000 | `POST …/usage/thread_usage/query` (account/usage/read with a thread) |
 * | `backend_timeouts.workspace_messages_ms` | 1000 | `GET …/workspace-messages` |
 * | `backend_timeouts.security_setup_ms` | 10000 | `GET …/security-setup` (no notice on timeout) |
 * | `backend_timeouts.nudge_email_ms` | 10000 | `POST …/accounts/send_add_credits_nudge_email` |
 * | `backend_timeouts.client_token_refresh_ms` | 10000 | waiting for the client's `account/chatgptAuthTokens/refresh` answer |
 * | `backend_retry.consume_max_attempts` | 3 | 1–3 |
 * | `backend_retry.base_delay_ms` | 500 | first backoff step (doubles per attempt, with jitter) |
 * | `backend_retry.max_delay_ms` | 4000 | cap of one backoff step (a larger `retry-after` is honoured within the total budget) |
 *
 * A timeout of 0 disables that timeout. Invalid values fall back to the default.
 */

export const DEFAULT_CHATGPT_BASE_URL = "https://chatgpt.com/backend-api/";

export interface BackendTimeouts {
  usageMs: number;
  creditListMs: number;
  consumeAttemptMs: number;
  consumeTotalMs: number;
  accountsCheckMs: number;
  tokenRefreshMs: number;
  clientTokenRefreshMs: number;
  tokenUsageMs: number;
  threadUsageMs: number;
  workspaceMessagesMs: number;
  securitySetupMs: number;
  nudgeEmailMs: number;
}

export interface BackendRetry {
  consumeMaxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface BackendSettings {
  baseUrl: string;
  timeouts: BackendTimeouts;
  retry: BackendRetry;
  /** Problems found in the settings (reported once in the log). */
  problems: string[];
}

function table(value: unknown): TomlTable {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as TomlTable) : {};
}

function readMs(section: TomlTable, prefix: string, key: string, fallback: number, problems: string[]): number {
  const value = section[key];
  if (value === undefined) return fallback;
  const number = typeof value === "bigint" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number) || number < 0 || !Number.isInteger(number)) {
    problems.push(`${prefix}.${key} must be a non-negative integer (milliseconds); using ${fallback}`);
    return fallback;
  }
  return number;
}

export function backendSettings(config: TomlTable): BackendSettings {
  const problems: string[] = [];
  let baseUrl = DEFAULT_CHATGPT_BASE_URL;
  if (config.chatgpt_base_url !== undefined) {
    if (typeof config.chatgpt_base_url === "string" && config.chatgpt_base_url.trim() !== "") {
      baseUrl = config.chatgpt_base_url;
    } else {
      problems.push(`chatgpt_base_url must be a non-empty string; using ${DEFAULT_CHATGPT_BASE_URL}`);
    }
  }
  const t = table(config.backend_timeouts);
  const r = table(config.backend_retry);
  const timeouts: BackendTimeouts = {
    usageMs: readMs(t, "backend_timeouts", "usage_ms", 15_000, problems),
    creditListMs: readMs(t, "backend_timeouts", "credit_list_ms", 5_000, problems),
    consumeAttemptMs: readMs(t, "backend_timeouts", "consume_attempt_ms", 10_000, problems),
    consumeTotalMs: readMs(t, "backend_timeouts", "consume_total_ms", 30_000, problems),
    accountsCheckMs: readMs(t, "backend_timeouts", "accounts_check_ms", 15_000, problems),
    tokenRefreshMs: readMs(t, "backend_timeouts", "token_refresh_ms", 15_000, problems),
    clientTokenRefreshMs: readMs(t, "backend_timeouts", "client_token_refresh_ms", 10_000, problems),
    tokenUsageMs: readMs(t, "backend_timeouts", "token_usage_ms", 10_000, problems),
    threadUsageMs: readMs(t, "backend_timeouts", "thread_usage_ms", 60_000, problems),
    workspaceMessagesMs: readMs(t, "backend_timeouts", "workspace_messages_ms", 1_000, problems),
    securitySetupMs: readMs(t, "backend_timeouts", "security_setup_ms", 10_000, problems),
    nudgeEmailMs: readMs(t, "backend_timeouts", "nudge_email_ms", 10_000, problems),
  };
  let attempts = readMs(r, "backend_retry", "consume_max_attempts", 3, problems);
  if (attempts < 1 || attempts > 3) {
    problems.push("backend_retry.consume_max_attempts must be between 1 and 3; using 3");
    attempts = 3;
  }
  const retry: BackendRetry = {
    consumeMaxAttempts: attempts,
    baseDelayMs: readMs(r, "backend_retry", "base_delay_ms", 500, problems),
    maxDelayMs: readMs(r, "backend_retry", "max_delay_ms", 4_000, problems),
  };
  return { baseUrl, timeouts, retry, problems };
}
