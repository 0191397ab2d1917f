/**
 * The typed, validated view of the effective configuration. Every key this
 * server understands is checked; an invalid value is reported as a problem
 * naming the key and the key falls back to its default. Unknown keys are kept
 * untouched (config/read returns them).
 */
import { isTable, type TomlTable } from "./json-value.js";
import {
  anyOf,
  describeTomlValue,
  isBoolean,
  isInteger,
  isNonEmptyString,
  isNonNegativeInteger,
  isString,
  isStringArray,
  isStringMap,
  isTableValue,
  listOf,
  oneOf,
  tableWith,
  type Check,
} from "./validate.js";
import { sanitizeMcpServers } from "./mcp-servers.js";

export const APPROVAL_POLICIES = ["untrusted", "on-request", "never"] as const;
export const SANDBOX_MODES = ["read-only", "workspace-write", "danger-full-access"] as const;
export const REASONING_SUMMARIES = ["auto", "concise", "detailed", "none"] as const;

export type ApprovalPolicySetting =
  | (typeof APPROVAL_POLICIES)[number]
  | {
      granular: {
        sandbox_approval: boolean;
        rules: boolean;
        skill_approval?: boolean;
        request_permissions?: boolean;
        mcp_elicitations: boolean;
      };
    };
export type SandboxModeSetting = (typeof SANDBOX_MODES)[number];
export type ReasoningSummarySetting = (typeof REASONING_SUMMARIES)[number];

export const DEFAULT_MODEL_PROVIDER = "openai";
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicySetting = "on-request";
export const DEFAULT_SANDBOX_MODE: SandboxModeSetting = "read-only";
export const DEFAULT_CHATGPT_BASE_URL = "https://chatgpt.com/backend-api/";
/** `project_doc_max_bytes` default: the budget for the project's AGENTS.md files together (32 KiB). */
export const DEFAULT_PROJECT_DOC_MAX_BYTES = 32 * 1024;
export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
/** Built-in provider ids; a `[model_providers.<id>]` table with one of these ids replaces it. */
export const BUILT_IN_PROVIDER_IDS = ["openai"] as const;

/** One `[model_providers.<id>]` entry, camelCased; unset optional fields are `null`. */
export interface ModelProviderSettings {
  id: string;
  name: string;
  baseUrl: string | null;
  envKey: string | null;
  envKeyInstructions: string | null;
  wireApi: "responses";
  requiresOpenaiAuth: boolean;
  httpHeaders: Record<string, string>;
  envHttpHeaders: Record<string, string>;
  queryParams: Record<string, string>;
  requestMaxRetries: number | null;
  streamMaxRetries: number | null;
  streamIdleTimeoutMs: number | null;
  /** True for the provider this server defines itself (`openai`). */
  builtIn: boolean;
}

export interface SandboxWorkspaceWriteSettings {
  writableRoots: string[];
  networkAccess: boolean;
  excludeTmpdirEnvVar: boolean;
  excludeSlashTmp: boolean;
}

export interface ConfigSettings {
  /** `model`; `null` when unset (the model catalogue's default applies). */
  model: string | null;
  /** `model_provider`, always a key of `modelProviders` (default `openai`). */
  modelProvider: string;
  /** Built-in and configured providers by id. */
  modelProviders: Record<string, ModelProviderSettings>;
  approvalPolicy: ApprovalPolicySetting;
  sandboxMode: SandboxModeSetting;
  sandboxWorkspaceWrite: SandboxWorkspaceWriteSettings;
  modelReasoningEffort: string | null;
  modelReasoningSummary: ReasoningSummarySetting | null;
  developerInstructions: string | null;
  /** `project_doc_max_bytes`: bytes of project AGENTS.md files sent to the model, all files together (0 disables them). */
  projectDocMaxBytes: number;
  /** `project_doc_fallback_filenames`: names tried after `AGENTS.override.md` and `AGENTS.md` in each directory. */
  projectDocFallbackFilenames: string[];
  /** `chatgpt_base_url` (default `https://chatgpt.com/backend-api/`). */
  chatgptBaseUrl: string;
  /** `openai_base_url`: the built-in `openai` provider's base URL for API-key auth, when set. */
  openaiBaseUrl: string | null;
}

export interface SettingProblem {
  /** Dotted key of the offending value, e.g. `approval_policy` or `model_providers.mock.base_url`. */
  key: string;
  message: string;
  /** What is used instead, for the message (`` `on-request` ``, "no value"). */
  fallback: string;
}

const askForApproval: Check = (value) => {
  if (typeof value === "string" || !isTable(value)) return oneOf(APPROVAL_POLICIES)(value);
  const granular = tableWith({
    granular: tableWith({
      sandbox_approval: isBoolean,
      rules: isBoolean,
      skill_approval: isBoolean,
      request_permissions: isBoolean,
      mcp_elicitations: isBoolean,
    }),
  })(value);
  if (granular) return granular;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== "granular") {
    return `invalid value: table, expected one of ${listOf(APPROVAL_POLICIES)} or a \`granular\` table`;
  }
  const inner = value.granular as TomlTable;
  for (const required of ["sandbox_approval", "rules", "mcp_elicitations"]) {
    if (inner[required] === undefined) return `missing field \`granular.${required}\``;
  }
  return undefined;
};

/**
 * Typed top-level keys: those of the reference's `Config` type plus the few
 * other keys this server reads. Values failing their check are dropped.
 */
const TOP_LEVEL_CHECKS: Record<string, Check> = {
  model: isString,
  review_model: isString,
  model_context_window: isInteger,
  model_auto_compact_token_limit: isInteger,
  model_auto_compact_token_limit_scope: oneOf(["total", "body_after_prefix"]),
  model_provider: isString,
  approval_policy: askForApproval,
  approvals_reviewer: oneOf(["user", "auto_review", "guardian_subagent"]),
  sandbox_mode: oneOf(SANDBOX_MODES),
  sandbox_workspace_write: tableWith({
    writable_roots: isStringArray,
    network_access: isBoolean,
    exclude_tmpdir_env_var: isBoolean,
    exclude_slash_tmp: isBoolean,
  }),
  forced_chatgpt_workspace_id: anyOf([isString, isStringArray], "a string or an array of strings"),
  forced_login_method: oneOf(["chatgpt", "api"]),
  web_search: oneOf(["disabled", "cached", "indexed", "live"]),
  client_search_provider: oneOf(["standalone", "search_mcp"]),
  tools: tableWith({ web_search: isTableValue }),
  instructions: isString,
  developer_instructions: isString,
  project_doc_max_bytes: isNonNegativeInteger,
  project_doc_fallback_filenames: isStringArray,
  compact_prompt: isString,
  model_reasoning_effort: isNonEmptyString,
  model_reasoning_summary: oneOf(REASONING_SUMMARIES),
  model_verbosity: oneOf(["low", "medium", "high"]),
  service_tier: isString,
  analytics: tableWith({ enabled: isBoolean }),
  apps: isTableValue,
  browser_use: isTableValue,
  computer_use: isTableValue,
  desktop: isTableValue,
  chatgpt_base_url: isString,
  openai_base_url: isString,
  model_providers: isTableValue,
};

const PROVIDER_CHECKS: Record<string, Check> = {
  name: isString,
  base_url: isString,
  env_key: isString,
  env_key_instructions: isString,
  wire_api: oneOf(["responses"]),
  requires_openai_auth: isBoolean,
  http_headers: isStringMap,
  env_http_headers: isStringMap,
  query_params: isStringMap,
  request_max_retries: isNonNegativeInteger,
  stream_max_retries: isNonNegativeInteger,
  stream_idle_timeout_ms: isNonNegativeInteger,
  websocket_connect_timeout_ms: isNonNegativeInteger,
  supports_websockets: isBoolean,
};

const PROVIDER_DEFAULT_TEXT: Record<string, string> = {
  wire_api: "`responses`",
  requires_openai_auth: "`false`",
  request_max_retries: "`4`",
  stream_max_retries: "`5`",
  stream_idle_timeout_ms: "`300000`",
};

const DEFAULT_TEXT: Record<string, string> = {
  approval_policy: `\`${DEFAULT_APPROVAL_POLICY as string}\``,
  sandbox_mode: `\`${DEFAULT_SANDBOX_MODE}\``,
  model_provider: `\`${DEFAULT_MODEL_PROVIDER}\``,
  chatgpt_base_url: `\`${DEFAULT_CHATGPT_BASE_URL}\``,
  project_doc_max_bytes: `\`${DEFAULT_PROJECT_DOC_MAX_BYTES}\``,
};

/**
 * Checks the typed keys of `effective` (already merged, JSON values). Returns a
 * sanitized copy (invalid values removed, unknown keys kept) and the problems.
 */
export function sanitizeConfig(effective: TomlTable): { values: TomlTable; problems: SettingProblem[] } {
  const values: TomlTable = { ...effective };
  const problems: SettingProblem[] = [];
  const report = (key: string, message: string) =>
    problems.push({ key, message, fallback: DEFAULT_TEXT[key] ?? "the default" });

  for (const [key, check] of Object.entries(TOP_LEVEL_CHECKS)) {
    if (values[key] === undefined) continue;
    const problem = check(values[key]);
    if (problem) {
      report(key, problem);
      delete values[key];
    }
  }

  if (isTable(values.model_providers)) {
    const providers: TomlTable = {};
    for (const [id, raw] of Object.entries(values.model_providers)) {
      if (!isTable(raw)) {
        problems.push({
          key: `model_providers.${id}`,
          message: `invalid type: ${describeTomlValue(raw)}, expected a table`,
          fallback: "no provider",
        });
        continue;
      }
      const provider: TomlTable = { ...raw };
      for (const [field, check] of Object.entries(PROVIDER_CHECKS)) {
        if (provider[field] === undefined) continue;
        let problem = check(provider[field]);
        if (problem && field === "wire_api" && provider[field] === "chat") {
          problem = '`wire_api = "chat"` is no longer supported; set `wire_api = "responses"`';
        }
        if (problem) {
          problems.push({
            key: `model_providers.${id}.${field}`,
            message: problem,
            fallback: PROVIDER_DEFAULT_TEXT[field] ?? "the default",
          });
          delete provider[field];
        }
      }
      providers[id] = provider;
    }
    values.model_providers = providers;
  }

  sanitizeMcpServers(values, problems);

  if (typeof values.model_provider === "string") {
    const known = new Set<string>([...BUILT_IN_PROVIDER_IDS, ...Object.keys((values.model_providers as TomlTable | undefined) ?? {})]);
    if (!known.has(values.model_provider)) {
      report(
        "model_provider",
        `unknown model provider \`${values.model_provider}\`, expected one of ${listOf([...known])} (define it under [model_providers.${values.model_provider}])`,
      );
      delete values.model_provider;
    }
  }
  return { values, problems };
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

function stringMap(value: unknown): Record<string, string> {
  return isTable(value) ? ({ ...value } as Record<string, string>) : {};
}

function builtInOpenAi(openaiBaseUrl: string | null): ModelProviderSettings {
  return {
    id: "openai",
    name: "OpenAI",
    baseUrl: openaiBaseUrl,
    envKey: null,
    envKeyInstructions: null,
    wireApi: "responses",
    requiresOpenaiAuth: true,
    httpHeaders: {},
    envHttpHeaders: { "OpenAI-Organization": "OPENAI_ORGANIZATION", "OpenAI-Project": "OPENAI_PROJECT" },
    queryParams: {},
    requestMaxRetries: null,
    streamMaxRetries: null,
    streamIdleTimeoutMs: null,
    builtIn: true,
  };
}

function providerFromTable(id: string, table: TomlTable): ModelProviderSettings {
  return {
    id,
    name: str(table.name) ?? id,
    baseUrl: str(table.base_url),
    envKey: str(table.env_key),
    envKeyInstructions: str(table.env_key_instructions),
    wireApi: "responses",
    requiresOpenaiAuth: table.requires_openai_auth === true,
    httpHeaders: stringMap(table.http_headers),
    envHttpHeaders: stringMap(table.env_http_headers),
    queryParams: stringMap(table.query_params),
    requestMaxRetries: num(table.request_max_retries),
    streamMaxRetries: num(table.stream_max_retries),
    streamIdleTimeoutMs: num(table.stream_idle_timeout_ms),
    builtIn: false,
  };
}

/** Builds the typed view from sanitized values (see `sanitizeConfig`). */
export function buildSettings(values: TomlTable): ConfigSettings {
  const openaiBaseUrl = str(values.openai_base_url);
  const modelProviders: Record<string, ModelProviderSettings> = { openai: builtInOpenAi(openaiBaseUrl) };
  if (isTable(values.model_providers)) {
    for (const [id, table] of Object.entries(values.model_providers)) {
      if (isTable(table)) modelProviders[id] = providerFromTable(id, table);
    }
  }
  const sww = isTable(values.sandbox_workspace_write) ? values.sandbox_workspace_write : {};
  return {
    model: str(values.model),
    modelProvider: str(values.model_provider) ?? DEFAULT_MODEL_PROVIDER,
    modelProviders,
    approvalPolicy: (values.approval_policy as ApprovalPolicySetting | undefined) ?? DEFAULT_APPROVAL_POLICY,
    sandboxMode: (values.sandbox_mode as SandboxModeSetting | undefined) ?? DEFAULT_SANDBOX_MODE,
    sandboxWorkspaceWrite: {
      writableRoots: Array.isArray(sww.writable_roots) ? [...(sww.writable_roots as string[])] : [],
      networkAccess: sww.network_access === true,
      excludeTmpdirEnvVar: sww.exclude_tmpdir_env_var === true,
      excludeSlashTmp: sww.exclude_slash_tmp === true,
    },
    modelReasoningEffort: str(values.model_reasoning_effort),
    modelReasoningSummary: (values.model_reasoning_summary as ReasoningSummarySetting | undefined) ?? null,
    developerInstructions: str(values.developer_instructions),
    projectDocMaxBytes: typeof values.project_doc_max_bytes === "number" ? values.project_doc_max_bytes : DEFAULT_PROJECT_DOC_MAX_BYTES,
    projectDocFallbackFilenames: Array.isArray(values.project_doc_fallback_filenames)
      ? (values.project_doc_fallback_filenames as string[]).filter((name) => name !== "")
      : [],
    chatgptBaseUrl: str(values.chatgpt_base_url) ?? DEFAULT_CHATGPT_BASE_URL,
    openaiBaseUrl,
  };
}
