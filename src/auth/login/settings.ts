import type { TomlTable } from "../../config/json-value.js";

/**
 * ChatGPT login settings, read from the effective config (config.toml + `-c`).
 * The reference has no such keys (its issuer override is a debug-build
 * environment variable); they exist so tests can point the flows at a loopback
 * issuer and so a stuck issuer cannot hold a login forever.
 *
 * | key | default | meaning |
 * | --- | --- | --- |
 * | `chatgpt_login.issuer` | `https://auth.openai.com` | OAuth issuer (authorize, token, device-code, revoke) |
 * | `chatgpt_login.callback_port` | 1455 | loopback callback port; 1455 falls back to 1457 when busy; 0 = any free port |
 * | `chatgpt_login.request_timeout_ms` | 30000 | one request to the issuer (token exchange, API-key exchange, device code, one poll) |
 * | `chatgpt_login.browser_timeout_ms` | 600000 | a browser login nobody completes is abandoned ("Login timed out") |
 * | `chatgpt_login.device_code_timeout_ms` | 900000 | device-code polling gives up ("device auth timed out after 15 minutes") |
 * | `chatgpt_login.revoke_timeout_ms` | 10000 | token revocation at logout |
 *
 * A timeout of 0 disables it. Invalid values fall back to the default.
 */

export const DEFAULT_ISSUER = "https://auth.openai.com";
export const DEFAULT_CALLBACK_PORT = 1455;
/** Registered with the issuer as the second allowed redirect port. */
export const FALLBACK_CALLBACK_PORT = 1457;

export interface LoginSettings {
  /** Without trailing slashes. */
  issuer: string;
  callbackPort: number;
  requestTimeoutMs: number;
  browserTimeoutMs: number;
  deviceCodeTimeoutMs: number;
  revokeTimeoutMs: number;
}

function nonNegativeInteger(value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const number = typeof value === "bigint" ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 0 && number <= max ? number : fallback;
}

export function loginSettings(values: TomlTable): LoginSettings {
  const raw = values.chatgpt_login;
  const section: TomlTable = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? (raw as TomlTable) : {};
  const issuer = typeof section.issuer === "string" && section.issuer.trim() !== "" ? section.issuer.trim() : DEFAULT_ISSUER;
  return {
    issuer: issuer.replace(/\/+$/, ""),
    callbackPort: nonNegativeInteger(section.callback_port, DEFAULT_CALLBACK_PORT, 65535),
    requestTimeoutMs: nonNegativeInteger(section.request_timeout_ms, 30_000),
    browserTimeoutMs: nonNegativeInteger(section.browser_timeout_ms, 600_000),
    deviceCodeTimeoutMs: nonNegativeInteger(section.device_code_timeout_ms, 900_000),
    revokeTimeoutMs: nonNegativeInteger(section.revoke_timeout_ms, 10_000),
  };
}
