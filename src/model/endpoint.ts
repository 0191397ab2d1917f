import type { ChatgptAuth, CodexAuth } from "../auth/manager.js";
import { resolveProvider, type ProviderAuthKind, type ResolvedProvider } from "../config/provider.js";
import type { AppServer } from "../server/app-server.js";
import { ModelError } from "./errors.js";

/** Where one model request goes and the bearer token it carries. */
export interface ModelEndpoint {
  provider: ResolvedProvider;
  /** Bearer token (API key or ChatGPT access token); `null` for providers without auth. */
  bearer: string | null;
  /** The ChatGPT login whose access token is the bearer (refreshed and retried once on a 401). */
  chatgptAuth?: ChatgptAuth;
}

/**
 * Resolves the provider of `providerId` (a thread's `modelProvider`) and its
 * credentials: the provider's `env_key` variable when it has one; otherwise,
 * for providers that use OpenAI auth, the signed-in API key or ChatGPT tokens
 * (ChatGPT tokens switch the built-in `openai` provider to
 * `chatgpt_base_url` + `/codex` with a `chatgpt-account-id` header).
 */
export async function resolveEndpoint(server: AppServer, providerId: string, userAgent?: string): Promise<ModelEndpoint> {
  const settings = server.config.settings;
  const definition = settings.modelProviders[providerId] ?? settings.modelProviders.openai;
  if (!definition) throw new ModelError(`unknown model provider \`${providerId}\``, "badRequest");

  if (definition.envKey) {
    const value = process.env[definition.envKey];
    if (value === undefined || value.trim() === "") {
      const instructions = definition.envKeyInstructions ? ` ${definition.envKeyInstructions}` : "";
      throw new ModelError(`Missing environment variable: \`${definition.envKey}\`.${instructions}`, "other");
    }
    return { provider: resolveProvider(server.config, "apiKey", { providerId }), bearer: value.trim() };
  }

  if (!definition.requiresOpenaiAuth) {
    return { provider: resolveProvider(server.config, null, { providerId }), bearer: null };
  }

  let auth: CodexAuth | null = (await server.auth.current()).auth;
  if (!auth) {
    const fromEnv = process.env.OPENAI_API_KEY;
    if (fromEnv && fromEnv.trim() !== "") auth = { mode: "apiKey", apiKey: fromEnv.trim() };
  }
  if (!auth) {
    throw new ModelError(
      "Not signed in: log in with ChatGPT or an API key (account/login/start) before starting a turn.",
      "unauthorized",
    );
  }
  if (auth.mode === "apiKey") {
    return { provider: resolveProvider(server.config, "apiKey", { providerId }), bearer: auth.apiKey };
  }
  const fresh = await server.auth.withFreshTokens(auth, userAgent);
  return chatgptEndpoint(server, providerId, fresh);
}

/** The endpoint of `providerId` with ChatGPT credentials `auth` (bearer and `chatgpt-account-id`). */
export function chatgptEndpoint(server: AppServer, providerId: string, auth: ChatgptAuth): ModelEndpoint {
  const kind: ProviderAuthKind = auth.mode;
  return {
    provider: resolveProvider(server.config, kind, { providerId, accountId: auth.accountId }),
    bearer: auth.accessToken,
    chatgptAuth: auth,
  };
}
