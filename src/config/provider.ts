/**
 * Resolves the model provider a request should go to: base URL, headers,
 * query parameters and retry/timeout budgets, from the typed config and the
 * kind of credentials in use. The model client builds its requests from this.
 */
import { CODEX_PROTOCOL_VERSION } from "../version.js";
import type { LoadedConfig } from "./load.js";
import {
  DEFAULT_OPENAI_BASE_URL,
  type ConfigSettings,
  type ModelProviderSettings,
} from "./settings.js";

/** Reference defaults (codex-rs `model_provider_info.rs`). */
export const DEFAULT_REQUEST_MAX_RETRIES = 4;
export const DEFAULT_STREAM_MAX_RETRIES = 5;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;
/** Configured retry counts are capped at this value. */
export const MAX_RETRIES = 100;

/**
 * What credentials the request carries: an API key, or ChatGPT tokens (the
 * `auth.json` login or tokens handed over by the client). Also accepts the
 * wire `AuthMode` spellings (`apikey`, `chatgptAuthTokens`).
 */
export type ProviderAuthKind = "apiKey" | "apikey" | "chatgpt" | "chatgptAuthTokens" | null | undefined;

export interface ResolvedProvider {
  id: string;
  name: string;
  /** Base URL without a trailing slash; append `/responses` for the Responses API. */
  baseUrl: string;
  /** Static headers, headers taken from the environment, and the ChatGPT account header when known. */
  headers: Record<string, string>;
  queryParams: Record<string, string>;
  /** Environment variable holding this provider's API key, when it uses one. */
  envKey: string | null;
  /** The provider authenticates with OpenAI credentials (API key or ChatGPT login). */
  requiresOpenaiAuth: boolean;
  wireApi: "responses";
  retries: { request: number; stream: number };
  idleTimeoutMs: number;
}

export interface ResolveProviderOptions {
  /** Provider id to resolve instead of the configured `model_provider` (e.g. a thread's provider). */
  providerId?: string;
  /** ChatGPT account id, sent as `chatgpt-account-id` with ChatGPT tokens. */
  accountId?: string | null;
  /** Environment for `env_http_headers` and `OPENAI_BASE_URL` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export function isChatgptAuth(kind: ProviderAuthKind): boolean {
  return kind === "chatgpt" || kind === "chatgptAuthTokens";
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}

function capRetries(value: number | null, fallback: number): number {
  return Math.min(value ?? fallback, MAX_RETRIES);
}

/** `chatgpt_base_url` + `/codex`: where ChatGPT-authenticated Responses requests go. */
export function chatgptCodexBaseUrl(settings: ConfigSettings): string {
  return `${trimSlashes(settings.chatgptBaseUrl)}/codex`;
}

/**
 * Resolves the configured (or `options.providerId`) provider. Unknown ids fall
 * back to the built-in `openai` provider. Base URL precedence: the provider's
 * `base_url`; for the built-in `openai` provider `openai_base_url`, then
 * `OPENAI_BASE_URL`; otherwise `chatgpt_base_url` + `/codex` with ChatGPT
 * tokens and `https://api.openai.com/v1` with an API key.
 */
export function resolveProvider(
  config: ConfigSettings | LoadedConfig,
  authKind: ProviderAuthKind,
  options: ResolveProviderOptions = {},
): ResolvedProvider {
  const settings: ConfigSettings = "settings" in config ? config.settings : config;
  const env = options.env ?? process.env;
  const id = options.providerId ?? settings.modelProvider;
  const provider: ModelProviderSettings = settings.modelProviders[id] ?? settings.modelProviders.openai!;
  const chatgpt = isChatgptAuth(authKind);

  let baseUrl = provider.baseUrl;
  if (baseUrl === null && provider.builtIn && !chatgpt) {
    const fromEnv = env.OPENAI_BASE_URL;
    if (fromEnv && fromEnv.trim() !== "") baseUrl = fromEnv.trim();
  }
  baseUrl ??= chatgpt ? chatgptCodexBaseUrl(settings) : DEFAULT_OPENAI_BASE_URL;

  const headers: Record<string, string> = {};
  if (provider.builtIn) headers.version = CODEX_PROTOCOL_VERSION;
  Object.assign(headers, provider.httpHeaders);
  for (const [header, variable] of Object.entries(provider.envHttpHeaders)) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== "") headers[header] = value;
  }
  if (chatgpt && provider.requiresOpenaiAuth && options.accountId) headers["chatgpt-account-id"] = options.accountId;

  return {
    id: provider.id,
    name: provider.name,
    baseUrl: trimSlashes(baseUrl),
    headers,
    queryParams: { ...provider.queryParams },
    envKey: provider.envKey,
    requiresOpenaiAuth: provider.requiresOpenaiAuth,
    wireApi: provider.wireApi,
    retries: {
      request: capRetries(provider.requestMaxRetries, DEFAULT_REQUEST_MAX_RETRIES),
      stream: capRetries(provider.streamMaxRetries, DEFAULT_STREAM_MAX_RETRIES),
    },
    idleTimeoutMs: provider.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  };
}
