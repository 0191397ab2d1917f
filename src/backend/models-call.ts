import type { TomlTable } from "../config/json-value.js";
import { CODEX_PROTOCOL_VERSION } from "../version.js";
import { HttpRequestError, httpRequest } from "../util/http-request.js";
import { patternRedactor, type TextRedactor } from "../util/secrets.js";
import type { BackendCredentials } from "./client.js";
import { decodeError, fromHttpRequestError, httpStatusError } from "./errors.js";

/**
 * `GET {modelsUrl}?client_version=0.169.0`: the model catalogue of the
 * ChatGPT backend, with the headers the reference sends (bearer,
 * `chatgpt-account-id`, `version`, `originator`, `user-agent`, `accept: *\/*`).
 * With a cached ETag it also sends `If-None-Match`, and a `304` says the
 * cached catalogue is still current.
 */

export const DEFAULT_CHATGPT_MODELS_URL = "https://chatgpt.com/backend-api/codex/models";

export interface ModelsCallOptions {
  /** The endpoint without query (`chatgpt_models_url`). */
  url: string;
  credentials: BackendCredentials;
  userAgent: string;
  originator: string;
  /** The ETag of the catalogue in hand, sent as `If-None-Match`. */
  etag: string | null;
  /** 0 disables the timeout. */
  timeoutMs: number;
  signal?: AbortSignal;
  redactor?: TextRedactor;
}

export type ModelsCallResult =
  /** The body as JSON, not yet validated (acceptance is the catalogue's business). */
  | { kind: "models"; body: unknown; etag: string | null }
  | { kind: "notModified" };

export function modelsRequestUrl(url: string): string {
  const separator = url.includes("?") ? "&" : "?";
  return `${url}${separator}client_version=${CODEX_PROTOCOL_VERSION}`;
}

/** Rejects with a `BackendError` on a non-2xx status, a body that is not JSON, a timeout or a network failure. */
export async function fetchModels(options: ModelsCallOptions): Promise<ModelsCallResult> {
  const url = modelsRequestUrl(options.url);
  const redactor = options.redactor ?? patternRedactor;
  const { credentials } = options;
  const headers: Array<[string, string]> = [["authorization", `Bearer ${credentials.accessToken}`]];
  if (credentials.accountId !== null) headers.push(["chatgpt-account-id", credentials.accountId]);
  if (credentials.isFedramp) headers.push(["x-openai-fedramp", "true"]);
  headers.push(["version", CODEX_PROTOCOL_VERSION], ["originator", options.originator], ["user-agent", options.userAgent]);
  if (options.etag !== null) headers.push(["if-none-match", options.etag]);
  headers.push(["accept", "*/*"]);
  let result;
  try {
    result = await httpRequest(url, { method: "GET", headers, timeoutMs: options.timeoutMs, signal: options.signal });
  } catch (error) {
    throw error instanceof HttpRequestError ? fromHttpRequestError(error) : error;
  }
  if (result.status === 304) return { kind: "notModified" };
  if (result.status < 200 || result.status > 299) {
    throw httpStatusError("GET", url, result.status, result.contentType, result.text, undefined, redactor);
  }
  let body: unknown;
  try {
    body = JSON.parse(result.text);
  } catch {
    throw decodeError(url, "invalid JSON", result.contentType, result.text, redactor);
  }
  const etag = result.etag !== null && result.etag !== "" ? result.etag : null;
  return { kind: "models", body, etag };
}

export interface ModelsCallSettings {
  url: string;
  timeoutMs: number;
}

export const DEFAULT_MODELS_TIMEOUT_MS = 5_000;

/**
 * `chatgpt_models_url` (default `https://chatgpt.com/backend-api/codex/models`,
 * the reference's fixed host: not derived from `chatgpt_base_url`) and
 * `backend_timeouts.models_ms` (default 5000; 0 disables the timeout).
 * Invalid values fall back to the defaults.
 */
export function modelsCallSettings(config: TomlTable): ModelsCallSettings {
  const url =
    typeof config.chatgpt_models_url === "string" && config.chatgpt_models_url.trim() !== ""
      ? config.chatgpt_models_url.trim()
      : DEFAULT_CHATGPT_MODELS_URL;
  const timeouts = config.backend_timeouts;
  const raw = timeouts !== null && typeof timeouts === "object" && !Array.isArray(timeouts) ? (timeouts as TomlTable).models_ms : undefined;
  const number = typeof raw === "bigint" ? Number(raw) : raw;
  const timeoutMs = typeof number === "number" && Number.isInteger(number) && number >= 0 ? number : DEFAULT_MODELS_TIMEOUT_MS;
  return { url, timeoutMs };
}
