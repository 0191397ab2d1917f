/**
 * The `config/read` view of the effective configuration: the reference sends
 * every key of its config struct (snake_case, `null` when unset, defaults for
 * keys that have one) plus whatever else the files contain.
 */
import { featuresForRead, type RuntimeFeatureState } from "./features.js";
import { deepClone, isTable, mergeTables, type TomlTable } from "./json-value.js";
import type { ConfigLayerState, ConfigOrigin, LoadedConfig } from "./load.js";

/** The reference's config/read keys, in its order, with the values it sends when nothing sets them. */
const CONFIG_READ_DEFAULTS: TomlTable = {
  model: null,
  review_model: null,
  model_context_window: null,
  model_auto_compact_token_limit: null,
  model_auto_compact_token_limit_scope: null,
  model_provider: null,
  approval_policy: null,
  approvals_reviewer: null,
  sandbox_mode: null,
  sandbox_workspace_write: null,
  forced_chatgpt_workspace_id: null,
  forced_login_method: null,
  web_search: null,
  client_search_provider: null,
  tools: null,
  instructions: null,
  developer_instructions: null,
  compact_prompt: null,
  model_reasoning_effort: null,
  model_reasoning_summary: null,
  model_verbosity: null,
  service_tier: null,
  analytics: null,
  apps: null,
  browser_use: null,
  computer_use: null,
  desktop: null,
  model_catalog_json: null,
  personality: null,
  hooks: null,
  experimental_realtime_ws_base_url: null,
  experimental_thread_store: null,
  otel: null,
  experimental_use_unified_exec_tool: null,
  allow_login_shell: true,
  cloud: null,
  mcp_oauth_callback_port: null,
  shell_environment_policy: {"inherit": null, "ignore_default_excludes": null, "exclude": null, "set": null, "include_only": null, "filters": null, "experimental_use_profile": null},
  js_repl_node_path: null,
  js_repl_node_module_dirs: null,
  allow_symlinked_codex_home: null,
  skills: null,
  log_dir: null,
  realtime: null,
  sqlite_home: null,
  memories: null,
  check_for_update_on_startup: null,
  cli_auth_credentials_store: null,
  include_environment_context: true,
  permissions: null,
  marketplaces: {},
  background_terminal_max_timeout: 300000,
  auto_review: null,
  show_raw_agent_reasoning: null,
  daybreak: null,
  profile: null,
  history: {"persistence": "save-all", "max_bytes": null},
  chatgpt_base_url: null,
  audio: null,
  mcp_enterprise_managed_auth: null,
  tui: null,
  thread_unload_delay_secs: null,
  hide_agent_reasoning: false,
  responses_api_metadata: null,
  ghost_snapshot: null,
  project_root_markers: [".git"],
  experimental_compact_prompt_file: null,
  oss_provider: null,
  experimental_realtime_webrtc_call_base_url: null,
  notice: null,
  plugins: {},
  model_providers: {},
  project_doc_max_bytes: 32768,
  apps_mcp_product_sku: null,
  experimental_thread_store_endpoint: null,
  goals: null,
  suppress_unstable_features_warning: null,
  mcp_oauth_callback_url: null,
  project_doc_fallback_filenames: [],
  profiles: {},
  mcp_servers: {},
  experimental_realtime_ws_backend_prompt: null,
  experimental_realtime_ws_model: null,
  tool_suggest: null,
  feedback: null,
  windows: null,
  mcp_oauth_credentials_store: "auto",
  orchestrator: null,
  file_opener: "vscode",
  include_permissions_instructions: true,
  projects: null,
  model_instructions_file: null,
  plan_mode_reasoning_effort: null,
  include_collaboration_mode_instructions: true,
  default_permissions: null,
  openai_base_url: null,
  model_post_turn_compact_threshold_percent: null,
  experimental_realtime_ws_startup_context: null,
  agents: null,
  notify: null,
  disable_paste_burst: null,
  experimental_realtime_start_instructions: null,
  mcp_optional_startup_grace_ms: null,
  tool_output_token_limit: null,
  include_environment_context_time: true,
  features: {},
  include_apps_instructions: true,
};

/** Every top-level key the reference's config schema knows. */
export const CONFIG_READ_KEYS: ReadonlySet<string> = new Set(Object.keys(CONFIG_READ_DEFAULTS));

/** What config/read sends for `key` when nothing sets it (`null` for keys without a default). */
export function configReadDefault(key: string): unknown {
  return CONFIG_READ_DEFAULTS[key] ?? null;
}

/** Fields of each `[model_providers.<id>]` entry as the reference sends them. */
const MODEL_PROVIDER_DEFAULTS: TomlTable = {
  name: null,
  base_url: null,
  model_catalog_url: null,
  env_key: null,
  env_key_instructions: null,
  experimental_bearer_token: null,
  auth: null,
  gateway_oauth: null,
  aws: null,
  project_id: null,
  location: null,
  credential_file: null,
  wire_api: "responses",
  capabilities: null,
  query_params: null,
  http_headers: null,
  env_http_headers: null,
  request_max_retries: null,
  stream_max_retries: null,
  stream_idle_timeout_ms: null,
  websocket_connect_timeout_ms: null,
  requires_openai_auth: false,
  supports_websockets: false,
  supports_standalone_web_search: false,
};

export interface ConfigReadView {
  config: TomlTable;
  origins: Record<string, ConfigOrigin>;
  layers?: ConfigLayerState[];
}

/** The `Config` object of a config/read answer. */
export function effectiveConfigForRead(loaded: LoadedConfig, runtimeFeatures: RuntimeFeatureState): TomlTable {
  const values = deepClone(loaded.values);
  const config = mergeTables(deepClone(CONFIG_READ_DEFAULTS), values);
  config.features = featuresForRead(values, runtimeFeatures);
  if (isTable(values.model_providers)) {
    const providers: TomlTable = {};
    for (const [id, provider] of Object.entries(values.model_providers)) {
      if (isTable(provider)) providers[id] = mergeTables({ ...MODEL_PROVIDER_DEFAULTS, name: id }, provider);
    }
    config.model_providers = providers;
  }
  return config;
}

/** The config/read answer; `layers` only when asked for (the reference omits the key otherwise). */
export function readConfig(loaded: LoadedConfig, runtimeFeatures: RuntimeFeatureState, includeLayers: boolean): ConfigReadView {
  const view: ConfigReadView = { config: effectiveConfigForRead(loaded, runtimeFeatures), origins: deepClone(loaded.origins) };
  if (includeLayers) view.layers = deepClone(loaded.layers);
  return view;
}
