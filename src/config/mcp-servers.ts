/**
 * `[mcp_servers.<name>]`: the MCP servers of config.toml, checked field by
 * field. An invalid field is reported (key `mcp_servers.<name>.<field>`) and
 * dropped; an entry with neither `command` nor `url` is reported and skipped.
 */
import { isTable, type TomlTable } from "./json-value.js";
import { describeTomlValue, isBoolean, isNonEmptyString, isString, isStringArray, isStringMap, type Check } from "./validate.js";

/** Same shape as settings.ts's `SettingProblem` (not imported: settings.ts imports this module). */
interface SettingProblem {
  key: string;
  message: string;
  fallback: string;
}

/** Seconds as the reference reads them: a non-negative number (integer or float). */
const isSeconds: Check = (value) => {
  if (typeof value !== "number" || !Number.isFinite(value)) return `invalid type: ${describeTomlValue(value)}, expected a number of seconds`;
  return value < 0 ? `invalid value: \`${value}\`, expected a non-negative number of seconds` : undefined;
};

const FIELD_CHECKS: Record<string, Check> = {
  command: isNonEmptyString,
  args: isStringArray,
  env: isStringMap,
  env_vars: isStringArray,
  cwd: isString,
  url: isNonEmptyString,
  bearer_token_env_var: isString,
  http_headers: isStringMap,
  env_http_headers: isStringMap,
  enabled: isBoolean,
  required: isBoolean,
  startup_timeout_sec: isSeconds,
  startup_timeout_ms: isSeconds,
  tool_timeout_sec: isSeconds,
  enabled_tools: isStringArray,
  disabled_tools: isStringArray,
};

export const DEFAULT_MCP_STARTUP_TIMEOUT_SEC = 10;
export const DEFAULT_MCP_TOOL_TIMEOUT_SEC = 60;

export type McpTransportConfig =
  | { type: "stdio"; command: string; args: string[]; env: Record<string, string>; envVars: string[]; cwd: string | null }
  | {
      type: "streamableHttp";
      url: string;
      bearerTokenEnvVar: string | null;
      httpHeaders: Record<string, string>;
      envHttpHeaders: Record<string, string>;
    };

/** One configured MCP server, camelCased, with defaults applied. */
export interface McpServerConfig {
  name: string;
  transport: McpTransportConfig;
  enabled: boolean;
  required: boolean;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  /** `enabled_tools`: when set, only these tools are offered. */
  enabledTools: string[] | null;
  disabledTools: string[];
  /** `tools.<tool>.approval_mode` (default `auto`: ask when the tool's annotations say it has side effects). */
  toolApprovalModes: Record<string, McpToolApprovalMode>;
}

/** Drops invalid fields and entries of `values.mcp_servers` in place, reporting each. */
export function sanitizeMcpServers(values: TomlTable, problems: SettingProblem[]): void {
  const raw = values.mcp_servers;
  if (raw === undefined) return;
  if (!isTable(raw)) {
    problems.push({ key: "mcp_servers", message: `invalid type: ${describeTomlValue(raw)}, expected a table`, fallback: "no MCP servers" });
    delete values.mcp_servers;
    return;
  }
  const servers: TomlTable = {};
  for (const [name, entry] of Object.entries(raw)) {
    const key = `mcp_servers.${name}`;
    if (!isTable(entry)) {
      problems.push({ key, message: `invalid type: ${describeTomlValue(entry)}, expected a table`, fallback: "no server" });
      continue;
    }
    const server: TomlTable = { ...entry };
    for (const [field, check] of Object.entries(FIELD_CHECKS)) {
      if (server[field] === undefined) continue;
      const problem = check(server[field]);
      if (problem) {
        problems.push({ key: `${key}.${field}`, message: problem, fallback: "the default" });
        delete server[field];
      }
    }
    sanitizeToolApprovals(server, key, problems);
    if (server.command === undefined && server.url === undefined) {
      problems.push({ key, message: "missing field `command` or `url`", fallback: "no server" });
      continue;
    }
    if (server.command !== undefined && server.url !== undefined) {
      problems.push({ key, message: "`command` and `url` are exclusive: a server is stdio or streamable HTTP", fallback: "no server" });
      continue;
    }
    servers[name] = server;
  }
  values.mcp_servers = servers;
}

export type McpToolApprovalMode = "auto" | "prompt" | "approve";
const APPROVAL_MODES: readonly string[] = ["auto", "prompt", "approve"];

/** `[mcp_servers.<name>.tools.<tool>] approval_mode`: an invalid table or mode is reported and dropped. */
function sanitizeToolApprovals(server: TomlTable, key: string, problems: SettingProblem[]): void {
  if (server.tools === undefined) return;
  if (!isTable(server.tools)) {
    problems.push({ key: `${key}.tools`, message: `invalid type: ${describeTomlValue(server.tools)}, expected a table`, fallback: "the default" });
    delete server.tools;
    return;
  }
  const tools: TomlTable = {};
  for (const [tool, settings] of Object.entries(server.tools)) {
    if (!isTable(settings)) {
      problems.push({ key: `${key}.tools.${tool}`, message: `invalid type: ${describeTomlValue(settings)}, expected a table`, fallback: "the default" });
      continue;
    }
    const mode = settings.approval_mode;
    if (mode !== undefined && (typeof mode !== "string" || !APPROVAL_MODES.includes(mode))) {
      problems.push({
        key: `${key}.tools.${tool}.approval_mode`,
        message: `unknown variant \`${String(mode)}\`, expected one of \`auto\`, \`prompt\`, \`approve\``,
        fallback: "auto",
      });
      const { approval_mode: _dropped, ...rest } = settings;
      tools[tool] = rest;
      continue;
    }
    tools[tool] = settings;
  }
  server.tools = tools;
}

function toolApprovalModes(value: unknown): Record<string, McpToolApprovalMode> {
  const out: Record<string, McpToolApprovalMode> = {};
  if (!isTable(value)) return out;
  for (const [tool, settings] of Object.entries(value)) {
    if (isTable(settings) && typeof settings.approval_mode === "string") out[tool] = settings.approval_mode as McpToolApprovalMode;
  }
  return out;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [];
}

function stringMap(value: unknown): Record<string, string> {
  return isTable(value) ? ({ ...value } as Record<string, string>) : {};
}

/** The configured MCP servers from sanitized values (see `sanitizeMcpServers`), in config order. */
export function mcpServerConfigs(values: TomlTable): McpServerConfig[] {
  const raw = isTable(values.mcp_servers) ? values.mcp_servers : {};
  const out: McpServerConfig[] = [];
  for (const [name, entry] of Object.entries(raw)) {
    if (!isTable(entry)) continue;
    const transport: McpTransportConfig =
      typeof entry.command === "string"
        ? {
            type: "stdio",
            command: entry.command,
            args: strings(entry.args),
            env: stringMap(entry.env),
            envVars: strings(entry.env_vars),
            cwd: typeof entry.cwd === "string" ? entry.cwd : null,
          }
        : {
            type: "streamableHttp",
            url: String(entry.url),
            bearerTokenEnvVar: typeof entry.bearer_token_env_var === "string" ? entry.bearer_token_env_var : null,
            httpHeaders: stringMap(entry.http_headers),
            envHttpHeaders: stringMap(entry.env_http_headers),
          };
    const startupMs =
      typeof entry.startup_timeout_sec === "number"
        ? entry.startup_timeout_sec * 1000
        : typeof entry.startup_timeout_ms === "number"
          ? entry.startup_timeout_ms
          : DEFAULT_MCP_STARTUP_TIMEOUT_SEC * 1000;
    out.push({
      name,
      transport,
      enabled: entry.enabled !== false,
      required: entry.required === true,
      startupTimeoutMs: startupMs,
      toolTimeoutMs: typeof entry.tool_timeout_sec === "number" ? entry.tool_timeout_sec * 1000 : DEFAULT_MCP_TOOL_TIMEOUT_SEC * 1000,
      enabledTools: Array.isArray(entry.enabled_tools) ? (entry.enabled_tools as string[]) : null,
      disabledTools: strings(entry.disabled_tools),
      toolApprovalModes: toolApprovalModes(entry.tools),
    });
  }
  return out;
}
