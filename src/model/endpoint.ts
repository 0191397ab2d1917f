import type { AuthManager, ChatgptAuth, CodexAuth } from "../auth/manager.js";
import type { LoadedConfig } from "../config/load.js";
import { resolveProvider, type ProviderAuthKind, type ResolvedProvider } from "../config/provider.js";
import { ModelError } from "./errors.js";

/** Where one model request goes and the bearer token it carries. */
export interface ModelEndpoint {
  provider: ResolvedProvider;
  /** Bearer token (API key or ChatGPT access token); `null` for providers without auth. */
  bearer: string | null;
  /** The ChatGPT login whose access token is the bearer (refreshed and retried once on a 401). */
  chatgptAuth?: ChatgptAuth;
  /** The ChatGPT responses endpoint takes zstd-compressed request bodies (`content-encoding: zstd`). */
  compressRequestBody?: boolean;
  /** The built-in provider with ChatGPT login: WebSocket first, HTTP + SSE as the fallback. */
  websocket?: boolean;
}

/** The part of the auth manager endpoint resolution reads. */
export type EndpointAuth = Pick<AuthManager, "current" | "withFreshTokens">;

/**
 * Resolves the provider of `providerId` (a thread's `modelProvider`) and its
 * credentials: the provider's `env_key` variable when it has one; otherwise,
 * for providers that use OpenAI auth, the signed-in API key or ChatGPT tokens
 * (ChatGPT tokens switch the built-in `openai` provider to
 * `chatgpt_base_url` + `/codex` with a `chatgpt-account-id` header).
 */
export async function resolveEndpoint(
  config: LoadedConfig,
  auth: EndpointAuth,
  providerId: string,
  userAgent?: string,
): Promise<ModelEndpoint> {
  const settings = config.settings;
  const definition = settings.modelProviders[providerId] ?? settings.modelProviders.openai;
  if (!definition) throw new ModelError(`unknown model provider \`${providerId}\``, "badRequest");

  if (definition.envKey) {
    const value = process.env[definition.envKey];
    if (value === undefined || value.trim() === "") {
      const instructions = definition.envKeyInstructions ? ` ${definition.envKeyInstructions}` : "";
      throw new ModelError(`Missing environment variable: \`${definition.envKey}\`.${instructions}`, "other");
    }
    return { provider: resolveProvider(config, "apiKey", { providerId }), bearer: value.trim() };
  }

  if (!definition.requiresOpenaiAuth) {
    return { provider: resolveProvider(config, null, { providerId }), bearer: null };
  }

  let signedIn: CodexAuth | null = (await auth.current()).auth;
  if (!signedIn) {
    const fromEnv = process.env.OPENAI_API_KEY;
    if (fromEnv && fromEnv.trim() !== "") signedIn = { mode: "apiKey", apiKey: fromEnv.trim() };
  }
  if (!signedIn) {
    throw new ModelError(
      "Not signed in: log in with ChatGPT or an API key (account/login/start) before starting a turn.",
      "unauthorized",
    );
  }
  if (signedIn.mode === "apiKey") {
    return { provider: resolveProvider(config, "apiKey", { providerId }), bearer: signedIn.apiKey };
  }
  const fresh = await auth.withFreshTokens(signedIn, userAgent);
  return chatgptEndpoint(config, providerId, fresh);
}

/** The endpoint of `providerId` with ChatGPT credentials `auth` (bearer and `chatgpt-account-id`). */
export function chatgptEndpoint(config: LoadedConfig, providerId: string, auth: ChatgptAuth): ModelEndpoint {
  const kind: ProviderAuthKind = auth.mode;
  const provider = resolveProvider(config, kind, { providerId, accountId: auth.accountId });
  const chatgptBackend = config.settings.modelProviders[provider.id]?.builtIn === true;
  return {
    provider,
    bearer: auth.accessToken,
    chatgptAuth: auth,
    compressRequestBody: chatgptBackend,
    websocket: chatgptBackend && modelWebSocketsAllowed(),
  };
}

/**
 * The built-in provider always tries the Responses WebSocket first: codex
 * 0.169.0 lists `features.responses_websockets` as removed and ignores it.
 * `AGENT_APP_SERVER_MODEL_WEBSOCKETS=0` keeps this daemon on HTTP + SSE (a
 * network that blocks WebSockets, or a test upstream that only speaks HTTP).
 */
export function modelWebSocketsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AGENT_APP_SERVER_MODEL_WEBSOCKETS !== "0";
}
