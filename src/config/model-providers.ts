/**
 * modelProvider/list, modelProvider/config/write and permissionProfile/list
 * over the loaded configuration, shaped as the reference answers them.
 */
import { invalidRequest } from "../protocol/errors.js";
import { ConfigWriteError, type ConfigValueEdit } from "./edit/index.js";
import { isTable, type TomlTable } from "./json-value.js";
import type { LoadedConfig } from "./load.js";
import { BUILT_IN_PROVIDER_IDS } from "./settings.js";

type GatewayAuth = { mode: "none" } | { mode: "environmentVariable"; envKey: string } | { mode: "externallyConfigured"; envKey: string | null };

export interface ModelProviderSummary {
  id: string;
  name: string;
  canEdit: boolean;
  baseUrl: string | null;
  settings: { type: "openai" } | { type: "customGateway"; auth: GatewayAuth };
}

export interface CustomGatewayPatch {
  type: "customGateway";
  providerId?: string | null;
  name?: string;
  baseUrl?: string | null;
  envKey?: string | null;
}

function configuredProviders(values: TomlTable): Record<string, TomlTable> {
  const providers = values.model_providers;
  if (!isTable(providers)) return {};
  return Object.fromEntries(Object.entries(providers).filter((entry): entry is [string, TomlTable] => isTable(entry[1])));
}

/** A base URL that carries credentials (or does not parse) is not shown. */
function displayableUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.username || url.password ? null : value;
  } catch {
    return null;
  }
}

function authOf(provider: TomlTable): GatewayAuth {
  if (typeof provider.env_key === "string") return { mode: "environmentVariable", envKey: provider.env_key };
  const baseUrl = provider.base_url;
  const externally =
    provider.experimental_bearer_token !== undefined ||
    provider.auth !== undefined ||
    isTable(provider.http_headers) ||
    isTable(provider.env_http_headers) ||
    (typeof baseUrl === "string" && displayableUrl(baseUrl) === null);
  return externally ? { mode: "externallyConfigured", envKey: null } : { mode: "none" };
}

function userProviderIds(loaded: LoadedConfig): Set<string> {
  const user = loaded.layers.find((layer) => layer.name.type === "user");
  return new Set(Object.keys(user ? configuredProviders(user.config) : {}));
}

function summaryOf(loaded: LoadedConfig, id: string): ModelProviderSummary {
  const provider = configuredProviders(loaded.values)[id];
  if (!provider || (BUILT_IN_PROVIDER_IDS as readonly string[]).includes(id)) {
    return { id, name: id === "openai" ? "OpenAI" : id, canEdit: false, baseUrl: null, settings: { type: "openai" } };
  }
  return {
    id,
    name: typeof provider.name === "string" && provider.name !== "" ? provider.name : id,
    canEdit: userProviderIds(loaded).has(id),
    baseUrl: displayableUrl(provider.base_url),
    settings: { type: "customGateway", auth: authOf(provider) },
  };
}

export function listModelProviders(loaded: LoadedConfig): { data: ModelProviderSummary[]; defaultProviderId: string; canChangeDefault: boolean } {
  const ids = new Set<string>([...BUILT_IN_PROVIDER_IDS, ...Object.keys(configuredProviders(loaded.values))]);
  const required = loaded.requirements?.raw.model_provider;
  return {
    data: [...ids].sort().map((id) => summaryOf(loaded, id)),
    defaultProviderId: loaded.settings.modelProvider,
    canChangeDefault: typeof required !== "string",
  };
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "custom"
  );
}

/** The config edits a customGateway patch makes, and the provider id they touch. */
export function providerPatchEdits(loaded: LoadedConfig, patch: CustomGatewayPatch): { id: string; edits: ConfigValueEdit[] } {
  const existing = configuredProviders(loaded.values);
  const builtIn = BUILT_IN_PROVIDER_IDS as readonly string[];
  const edit = (key: string, value: unknown, id: string): ConfigValueEdit => ({ keyPath: `model_providers.${id}.${key}`, value, mergeStrategy: "replace" });
  if (patch.providerId != null) {
    const id = patch.providerId;
    if (builtIn.includes(id)) throw new ConfigWriteError("configValidationError", "A custom provider or gateway cannot use a built-in provider ID.");
    if (!existing[id]) throw new ConfigWriteError("configPathNotFound", "Unknown provider ID.");
    if (id.includes(".")) throw invalidRequest(`provider id \`${id}\` cannot be edited here`);
    const edits: ConfigValueEdit[] = [];
    if (patch.name !== undefined) edits.push(edit("name", patch.name, id));
    if (patch.baseUrl !== undefined) edits.push(edit("base_url", patch.baseUrl, id));
    if (patch.envKey !== undefined) edits.push(edit("env_key", patch.envKey, id));
    return { id, edits };
  }
  if (!patch.baseUrl) throw new ConfigWriteError("configValidationError", "A base URL is required to create a custom provider.");
  const base = slug(patch.name ?? "custom");
  let id = base;
  for (let n = 2; existing[id] || builtIn.includes(id); n++) id = `${base}-${n}`;
  const table: TomlTable = { base_url: patch.baseUrl };
  if (patch.envKey) table.env_key = patch.envKey;
  table.name = patch.name ?? id;
  table.wire_api = "responses";
  return { id, edits: [{ keyPath: `model_providers.${id}`, value: table, mergeStrategy: "replace" }] };
}

export function modelProviderSummary(loaded: LoadedConfig, id: string): ModelProviderSummary {
  return summaryOf(loaded, id);
}

const BUILT_IN_PERMISSION_PROFILES: readonly [id: string, sandboxMode: string][] = [
  [":read-only", "read-only"],
  [":workspace", "workspace-write"],
  [":danger-full-access", "danger-full-access"],
];

/** Built-in profiles (allowed unless the requirements forbid their sandbox mode), then `[permissions.<name>]` ones. */
export function listPermissionProfiles(
  loaded: LoadedConfig,
  cursor: string | null | undefined,
  limit: number | null | undefined,
): { data: { id: string; description: string | null; allowed: boolean }[]; nextCursor: string | null } {
  const allowedModes = loaded.requirements?.allowedSandboxModes;
  const all = BUILT_IN_PERMISSION_PROFILES.map(([id, mode]) => ({ id, description: null, allowed: !allowedModes || allowedModes.includes(mode) }));
  const custom = loaded.values.permissions;
  if (isTable(custom)) {
    for (const [id, profile] of Object.entries(custom)) {
      if (!isTable(profile)) continue;
      all.push({ id, description: (typeof profile.description === "string" ? profile.description : null) as null, allowed: true });
    }
  }
  let start = 0;
  if (cursor != null) {
    if (!/^\d+$/.test(cursor)) throw invalidRequest(`invalid cursor: ${cursor}`);
    start = Math.min(Number(cursor), all.length);
  }
  const end = limit == null ? all.length : Math.min(all.length, start + Math.max(1, limit));
  return { data: all.slice(start, end), nextCursor: end < all.length ? String(end) : null };
}
