/**
 * The other agent's MCP servers (`.mcp.json`, `.claude.json` and its
 * `projects` entries) as Codex `[mcp_servers.*]` tables. Servers that are
 * disabled, use another transport, or need `${VAR}` expansion Codex cannot
 * express are left out.
 */
import path from "node:path";
import { realpathSync } from "node:fs";
import { isObject, readJsonFile } from "./files.js";
import type { Table } from "./settings.js";

const MCP_CONFIG_FILE = ".mcp.json";
const PROJECT_CONFIG_FILE = ".claude.json";

function appendServers(value: unknown, servers: Map<string, unknown>, overwrite: boolean): void {
  if (!isObject(value) || !isObject(value.mcpServers)) return;
  for (const [name, config] of Object.entries(value.mcpServers)) {
    if (overwrite || !servers.has(name)) servers.set(name, config);
  }
}

function canonical(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}

function projectMatches(projectPath: string, sourceRoot: string): boolean {
  if (projectPath === sourceRoot) return true;
  const a = canonical(projectPath);
  return a !== null && a === canonical(sourceRoot);
}

function appendProjectServers(parsed: unknown, sourceRoot: string, servers: Map<string, unknown>, overwrite: boolean): void {
  if (!isObject(parsed) || !isObject(parsed.projects)) return;
  for (const [projectPath, projectConfig] of Object.entries(parsed.projects)) {
    if (projectMatches(projectPath, sourceRoot)) appendServers(projectConfig, servers, overwrite);
  }
}

function readExternalServers(sourceRoot: string, externalAgentHome: string): Map<string, unknown> {
  const servers = new Map<string, unknown>();
  for (const file of [MCP_CONFIG_FILE, PROJECT_CONFIG_FILE]) {
    const parsed = readJsonFile(path.join(sourceRoot, file), "invalid MCP config");
    if (parsed === null) continue;
    appendServers(parsed, servers, true);
    if (file === PROJECT_CONFIG_FILE) appendProjectServers(parsed, sourceRoot, servers, true);
  }
  const homeRoot = path.dirname(externalAgentHome);
  if (homeRoot !== sourceRoot) {
    const parsed = readJsonFile(path.join(homeRoot, PROJECT_CONFIG_FILE), "invalid MCP config");
    appendProjectServers(parsed, sourceRoot, servers, false);
  }
  return servers;
}

function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(scalarText).filter((item): item is string => item !== null);
  const single = scalarText(value);
  return single === null ? [] : [single];
}

/** `${NAME}` or `${NAME:-default}` → NAME. */
function envPlaceholder(value: string): string | null {
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}$/.exec(value);
  return match ? match[1]! : null;
}

const hasPlaceholder = (value: string): boolean => value.includes("${");

function isDisabled(name: string, config: Table, enabled: readonly string[], disabled: ReadonlySet<string>): boolean {
  return (
    config.enabled === false ||
    config.disabled === true ||
    (enabled.length > 0 && !enabled.includes(name)) ||
    disabled.has(name)
  );
}

function stdioServer(config: Table, command: string): Table | null {
  if (hasPlaceholder(command)) return null;
  const table: Table = { command };
  if ("args" in config) {
    const args = stringList(config.args);
    if (args.some(hasPlaceholder)) return null;
    if (args.length > 0) table.args = args;
  }
  if (isObject(config.env)) {
    const env: Table = {};
    const envVars: string[] = [];
    for (const [key, raw] of Object.entries(config.env)) {
      const value = scalarText(raw) ?? JSON.stringify(raw);
      if (envPlaceholder(value) === key) envVars.push(key);
      else if (hasPlaceholder(value)) return null;
      else env[key] = value;
    }
    if (envVars.length > 0) table.env_vars = envVars;
    if (Object.keys(env).length > 0) table.env = env;
  }
  return table;
}

function httpServer(config: Table, url: string): Table | null {
  if (hasPlaceholder(url)) return null;
  const table: Table = { url };
  if (isObject(config.headers)) {
    const staticHeaders: Table = {};
    const envHeaders: Table = {};
    for (const [key, raw] of Object.entries(config.headers)) {
      const value = scalarText(raw) ?? JSON.stringify(raw);
      const bearerVar = key.toLowerCase() === "authorization" && value.startsWith("Bearer ") ? envPlaceholder(value.slice(7)) : null;
      if (bearerVar) {
        table.bearer_token_env_var = bearerVar;
        continue;
      }
      const envVar = envPlaceholder(value);
      if (envVar) envHeaders[key] = envVar;
      else if (hasPlaceholder(value)) return null;
      else staticHeaders[key] = value;
    }
    if (Object.keys(staticHeaders).length > 0) table.http_headers = staticHeaders;
    if (Object.keys(envHeaders).length > 0) table.env_http_headers = envHeaders;
  }
  return table;
}

function serverTable(name: string, config: unknown, enabled: readonly string[], disabled: ReadonlySet<string>): Table | null {
  if (!isObject(config) || isDisabled(name, config, enabled, disabled)) return null;
  const transport = typeof config.type === "string" ? config.type : null;
  const command = scalarText(config.command);
  if (command !== null) return transport === null || transport === "stdio" ? stdioServer(config, command) : null;
  const url = scalarText(config.url);
  if (url !== null) return transport === null || transport === "http" || transport === "streamable_http" ? httpServer(config, url) : null;
  return null;
}

/** `{ mcp_servers: { name: table } }` for the servers found from `sourceRoot` (empty table when none). */
export function buildMcpConfigFromExternal(sourceRoot: string, externalAgentHome: string, settings: unknown): Table {
  const servers = readExternalServers(sourceRoot, externalAgentHome);
  const enabled = isObject(settings) ? stringList(settings.enabledMcpjsonServers) : [];
  const disabled = new Set(isObject(settings) ? stringList(settings.disabledMcpjsonServers) : []);
  const tables: Table = {};
  for (const name of [...servers.keys()].sort()) {
    const table = serverTable(name, servers.get(name), enabled, disabled);
    if (table) tables[name] = table;
  }
  return Object.keys(tables).length === 0 ? {} : { mcp_servers: tables };
}

/** The migrated server names `existing` does not have yet (all of them when it has no `mcp_servers` table). */
export function missingMcpServerNames(existing: Table, migrated: Table): string[] {
  const incoming = isObject(migrated.mcp_servers) ? Object.keys(migrated.mcp_servers) : [];
  if (!("mcp_servers" in existing)) return incoming;
  const current = existing.mcp_servers;
  if (!isObject(current)) return [];
  return incoming.filter((name) => !(name in current));
}
