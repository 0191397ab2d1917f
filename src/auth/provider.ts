import type { TomlTable } from "../config/json-value.js";

/** Built-in providers that never need OpenAI credentials. */
const BUILT_IN_WITHOUT_OPENAI_AUTH = new Set(["ollama", "lmstudio", "oss"]);

/**
 * Whether the configured model provider (`model_provider`, default `openai`)
 * needs OpenAI auth: always for the built-in `openai` provider, never for the
 * built-in local ones, and `model_providers.<id>.requires_openai_auth` (default
 * false) for user-defined providers. Built-in ids cannot be redefined.
 */
export function requiresOpenaiAuth(config: TomlTable): boolean {
  const id = typeof config.model_provider === "string" && config.model_provider.length > 0 ? config.model_provider : "openai";
  if (id === "openai") return true;
  if (BUILT_IN_WITHOUT_OPENAI_AUTH.has(id)) return false;
  const providers = config.model_providers;
  if (providers === null || typeof providers !== "object" || Array.isArray(providers)) return false;
  const entry = (providers as TomlTable)[id];
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return false;
  return (entry as TomlTable).requires_openai_auth === true;
}
