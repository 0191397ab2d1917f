/**
 * The configured MCP servers of this app-server: started concurrently in the
 * background (never on a request's path), each transition broadcast as
 * `mcpServer/startupStatus/updated`; reload restarts only the servers whose
 * configuration changed; `stop` ends every child.
 */
import { mcpServerConfigs, type McpServerConfig, type McpToolApprovalMode } from "../../config/mcp-servers.js";
import type { Logger } from "../../logging/logger.js";
import { RpcError, ErrorCode, invalidRequest } from "../../protocol/errors.js";
import type { TomlTable } from "../../config/json-value.js";
import type { Broadcast, ServerRequestIds } from "../ports.js";
import { McpConnection, type McpCallResult, type McpElicitation, type McpElicitationAnswer, type McpListedResource, type McpListedTemplate, type McpListedTool, type McpProgress } from "./connection.js";
import { answerServerElicitation, type McpElicitationTarget } from "./elicitation.js";
import type { McpOAuthStore } from "../../auth/mcp-oauth-store.js";
import { DEFAULT_OAUTH_LOGIN_TIMEOUT_MS, startMcpOAuthLogin } from "./oauth-login.js";
import { randomUUID } from "node:crypto";

/** The SDK's own "request timed out" error code (not sent by servers). */
const SDK_REQUEST_TIMEOUT = -32001;

export type McpStartupState = "starting" | "ready" | "failed" | "cancelled";

interface ServerEntry {
  config: McpServerConfig;
  connection: McpConnection;
  state: McpStartupState;
  error: string | null;
  /** The server refused us (HTTP 401): it needs a login. */
  unauthorized: boolean;
  ready: Promise<void>;
}

export interface McpManagerDeps {
  logger: Logger;
  broadcast: Broadcast;
  /** The effective configuration's values, as loaded at startup. */
  configValues(): TomlTable;
  /** A fresh read of the configuration (config.toml + overrides), for `reload`. */
  rereadConfigValues(): TomlTable;
  /** Ids for `mcpServer/elicitation/request` (server → client requests). */
  serverRequestIds: ServerRequestIds;
  /** OAuth credentials of streamable HTTP servers. */
  oauthStore: McpOAuthStore;
}

export interface McpCallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: McpProgress) => void;
  meta?: Record<string, unknown>;
  /** Who answers the server's elicitations while this call runs (none: they are cancelled). */
  elicitationTarget?: McpElicitationTarget;
}

/** An enabled tool of a ready server, as offered to the model. */
export interface McpOfferedTool {
  server: string;
  tool: McpListedTool;
  /** The server's initialize `instructions`. */
  instructions: string | undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class McpManager {
  private readonly servers = new Map<string, ServerEntry>();
  private started = false;
  /** The configured servers as last read (startup or reload), in config order. */
  private configs: McpServerConfig[] = [];
  private stopped = false;
  /** Per server, the elicitation targets of its calls in flight (the latest answers). */
  private readonly callTargets = new Map<string, McpElicitationTarget[]>();
  /** Values derived from the offered tools (their specs for the model), dropped whenever those may change. */
  private readonly derived = new Map<string, unknown>();

  constructor(private readonly deps: McpManagerDeps) {}

  get serverRequestIds(): ServerRequestIds {
    return this.deps.serverRequestIds;
  }

  /** Starts every enabled server once (later calls do nothing); returns at once. */
  startInBackground(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.configs = mcpServerConfigs(this.deps.configValues());
    for (const config of this.configs) {
      if (config.enabled) this.startServer(config);
    }
  }

  private startServer(config: McpServerConfig): void {
    const connection = new McpConnection(config, this.deps.logger, {
      elicit: (request, signal) => this.answerElicitation(config.name, request, signal),
      oauth: this.deps.oauthStore,
    });
    const entry: ServerEntry = { config, connection, state: "starting", error: null, unauthorized: false, ready: Promise.resolve() };
    this.servers.set(config.name, entry);
    this.announce(entry);
    entry.ready = withTimeout(connection.start(), config.startupTimeoutMs, STARTUP_TIMED_OUT).then(
      () => {
        if (this.servers.get(config.name) !== entry) return;
        entry.state = "ready";
        this.announce(entry);
      },
      (error: unknown) => {
        if (this.servers.get(config.name) !== entry) return;
        entry.state = "failed";
        entry.unauthorized = (error as { code?: unknown })?.code === 401 || (error as Error)?.name === "UnauthorizedError";
        entry.error = startupTimedOut(error)
          ? startupTimeoutMessage(config.name, config.startupTimeoutMs)
          : `MCP client for \`${config.name}\` failed to start: ${errorText(error)}`;
        this.deps.logger.warn({ mcpServer: config.name, err: error }, "MCP server failed to start");
        this.announce(entry);
        void connection.stop();
      },
    );
  }

  /**
   * A server's elicitation goes to whoever runs its latest call in flight
   * (MCP does not say which call it belongs to); with no call, nobody can answer.
   */
  private answerElicitation(server: string, request: McpElicitation, signal: AbortSignal): Promise<McpElicitationAnswer> {
    const target = this.callTargets.get(server)?.at(-1) ?? null;
    if (!target) this.deps.logger.warn({ mcpServer: server }, "MCP elicitation outside of a tool call; cancelled");
    return answerServerElicitation(server, request, target, signal);
  }

  private announce(entry: ServerEntry): void {
    this.toolsChanged();
    this.deps.broadcast("mcpServer/startupStatus/updated", {
      threadId: null,
      name: entry.config.name,
      status: entry.state,
      error: entry.error,
      failureReason: null,
    });
  }

  /** A server got ready, failed, stopped or went away: what was derived from the offered tools is stale. */
  private toolsChanged(): void {
    this.derived.clear();
  }

  /**
   * `build()`'s value under `key`, kept until the offered tools change (a
   * server gets ready, fails, restarts, is reloaded or stopped): the tool
   * specs are rebuilt once per change, not on every model request.
   */
  derivedFromTools<T>(key: string, build: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = build();
    this.derived.set(key, value);
    return value;
  }

  /** Re-reads the configuration: servers whose entry changed (or went away) restart; the others keep running. */
  reload(): void {
    if (this.stopped) return;
    if (!this.started) return this.startInBackground();
    this.configs = mcpServerConfigs(this.deps.rereadConfigValues());
    const wanted = new Map(this.configs.filter((c) => c.enabled).map((c) => [c.name, c]));
    for (const [name, entry] of [...this.servers]) {
      const next = wanted.get(name);
      if (next && JSON.stringify(next) === JSON.stringify(entry.config)) continue;
      this.servers.delete(name);
      this.toolsChanged();
      if (entry.state === "starting") {
        entry.state = "cancelled";
        this.announce(entry);
      }
      void entry.connection.stop();
    }
    for (const [name, config] of wanted) {
      if (!this.servers.has(name)) this.startServer(config);
    }
  }

  /** Every configured server, in config order, with its state (disabled ones too). */
  statuses(): Array<{ config: McpServerConfig; state: McpStartupState | "disabled" | "notStarted"; connection: McpConnection | null; error: string | null; unauthorized: boolean }> {
    const configs = this.started ? this.configs : mcpServerConfigs(this.deps.configValues());
    return configs.map((config) => {
      const entry = this.servers.get(config.name);
      if (!config.enabled) return { config, state: "disabled" as const, connection: null, error: null, unauthorized: false };
      if (!entry) return { config, state: "notStarted" as const, connection: null, error: null, unauthorized: false };
      return { config, state: entry.state, connection: entry.connection, error: entry.error, unauthorized: entry.unauthorized };
    });
  }

  /** Waits for servers still starting (a turn offers the tools of every server that gets ready). */
  async whenSettled(): Promise<void> {
    await Promise.all([...this.servers.values()].map((entry) => entry.ready));
  }

  /** The enabled tools of every ready server (`enabled_tools` / `disabled_tools` applied). */
  offeredTools(): McpOfferedTool[] {
    const out: McpOfferedTool[] = [];
    for (const entry of this.servers.values()) {
      if (entry.state !== "ready") continue;
      const { enabledTools, disabledTools } = entry.config;
      for (const tool of entry.connection.tools) {
        if (enabledTools && !enabledTools.includes(tool.name)) continue;
        if (disabledTools.includes(tool.name)) continue;
        out.push({ server: entry.config.name, tool, instructions: entry.connection.instructions });
      }
    }
    return out;
  }

  /** The resources and templates each ready server listed when it started, in server order. */
  resourceLists(): Array<{ server: string; resources: McpListedResource[]; templates: McpListedTemplate[] }> {
    const out: Array<{ server: string; resources: McpListedResource[]; templates: McpListedTemplate[] }> = [];
    for (const entry of this.servers.values()) {
      if (entry.state !== "ready") continue;
      out.push({ server: entry.config.name, resources: entry.connection.resources, templates: entry.connection.resourceTemplates });
    }
    return out;
  }

  /** `[mcp_servers.<server>.tools.<tool>] approval_mode` (default `auto`). */
  approvalModeOf(server: string, tool: string): McpToolApprovalMode {
    return this.servers.get(server)?.config.toolApprovalModes[tool] ?? "auto";
  }

  /** The reference's error when `required` servers did not start (null when none failed). */
  requiredFailure(): string | null {
    const failed = [...this.servers.values()].filter((entry) => entry.config.required && (entry.state === "failed" || entry.state === "cancelled"));
    if (failed.length === 0) return null;
    return `required MCP servers failed to initialize: ${failed.map((entry) => `${entry.config.name}: ${entry.error ?? entry.state}`).join("; ")}`;
  }

  private readyConnection(server: string): { entry: ServerEntry; connection: McpConnection } {
    const entry = this.servers.get(server);
    if (!entry) throw invalidRequest(`unknown MCP server \`${server}\``);
    if (entry.state !== "ready") throw invalidRequest(`MCP server \`${server}\` is not ready (${entry.state}${entry.error ? `: ${entry.error}` : ""})`);
    return { entry, connection: entry.connection };
  }

  /**
   * Calls `tool` on `server` with the server's `tool_timeout_sec`. A crashed
   * stdio server is restarted first. MCP errors keep their code, message and data.
   */
  async callTool(
    server: string,
    tool: string,
    args: Record<string, unknown> | undefined,
    options: McpCallOptions = {},
  ): Promise<McpCallResult> {
    await this.restartIfCrashed(server);
    const { entry, connection } = this.readyConnection(server);
    const { elicitationTarget, ...callOptions } = options;
    const targets = this.callTargets.get(server) ?? [];
    if (elicitationTarget) {
      targets.push(elicitationTarget);
      this.callTargets.set(server, targets);
    }
    try {
      return await connection.callTool(tool, args, { ...callOptions, timeoutMs: entry.config.toolTimeoutMs });
    } catch (error) {
      if ((error as { code?: unknown })?.code === SDK_REQUEST_TIMEOUT) {
        throw new RpcError(ErrorCode.internalError, `tool call \`${server}/${tool}\` timed out after ${entry.config.toolTimeoutMs / 1000}s (tool_timeout_sec)`);
      }
      throw upstreamError(error);
    } finally {
      const index = targets.indexOf(elicitationTarget as McpElicitationTarget);
      if (index >= 0) targets.splice(index, 1);
      if (targets.length === 0 && this.callTargets.get(server) === targets) this.callTargets.delete(server);
    }
  }

  async readResource(server: string, uri: string): Promise<{ contents: unknown[] }> {
    await this.restartIfCrashed(server);
    const { entry, connection } = this.readyConnection(server);
    try {
      return await connection.readResource(uri, entry.config.toolTimeoutMs);
    } catch (error) {
      throw upstreamError(error);
    }
  }

  /** Names of the configured servers (enabled or not), sorted. */
  serverNames(): string[] {
    return [...this.servers.keys()].sort();
  }

  /** One page of a server's resources or resource templates, asked live; servers without resources have none. */
  async listResourcePage(server: string, kind: "resources" | "templates", cursor?: string): Promise<{ items: unknown[]; nextCursor?: string }> {
    await this.restartIfCrashed(server);
    const { entry, connection } = this.readyConnection(server);
    if (!connection.hasResources) return { items: [] };
    try {
      return await connection.listPage(kind, cursor, entry.config.toolTimeoutMs);
    } catch (error) {
      throw upstreamError(error);
    }
  }

  private async restartIfCrashed(server: string): Promise<void> {
    const entry = this.servers.get(server);
    if (!entry || entry.state !== "ready" || entry.connection.closedReason === null) return;
    this.deps.logger.warn({ mcpServer: server, reason: entry.connection.closedReason }, "MCP server connection lost; restarting");
    this.servers.delete(server);
    this.toolsChanged();
    void entry.connection.stop();
    this.startServer(entry.config);
    await this.servers.get(server)?.ready;
  }

  /**
   * Starts an OAuth login for a streamable HTTP server; answers with the
   * authorization URL. `mcpServer/oauthLogin/completed` follows, and on
   * success the server restarts with its new tokens.
   */
  async oauthLogin(server: string, options: { scopes: string[] | null; threadId: string | null; timeoutMs: number | null }): Promise<{ authorizationUrl: string; loginId: string }> {
    const configs = this.started ? this.configs : mcpServerConfigs(this.deps.configValues());
    const config = configs.find((candidate) => candidate.name === server);
    if (!config) throw invalidRequest(`No MCP server named '${server}' found.`);
    if (config.transport.type !== "streamableHttp") throw invalidRequest("OAuth login is only supported for streamable HTTP servers.");
    const loginId = randomUUID();
    let login;
    try {
      login = await startMcpOAuthLogin({
        store: this.deps.oauthStore,
        serverName: server,
        serverUrl: config.transport.url,
        scopes: options.scopes,
        timeoutMs: options.timeoutMs ?? DEFAULT_OAUTH_LOGIN_TIMEOUT_MS,
      });
    } catch (error) {
      throw new RpcError(ErrorCode.internalError, `failed to start OAuth login for MCP server \`${server}\`: ${errorText(error)}`);
    }
    const completed = (success: boolean, error: string | null) =>
      this.deps.broadcast("mcpServer/oauthLogin/completed", { name: server, threadId: options.threadId, loginId, success, error });
    login.completion.then(
      () => {
        completed(true, null);
        this.restart(server);
      },
      (error: unknown) => completed(false, errorText(error)),
    );
    return { authorizationUrl: login.authorizationUrl, loginId };
  }

  /** Restarts a running server with its current configuration (after a login). */
  private restart(server: string): void {
    const entry = this.servers.get(server);
    if (!entry || this.stopped) return;
    this.servers.delete(server);
    this.toolsChanged();
    void entry.connection.stop();
    this.startServer(entry.config);
  }

  /** `McpAuthStatus`: a bearer token, stored OAuth tokens, a server that refused us (notLoggedIn), or unsupported. */
  authStatus(config: McpServerConfig, unauthorized: boolean): "unsupported" | "notLoggedIn" | "bearerToken" | "oAuth" {
    if (config.transport.type !== "streamableHttp") return "unsupported";
    if (config.transport.bearerTokenEnvVar) return "bearerToken";
    if (this.deps.oauthStore.get(config.name, config.transport.url)?.tokens) return "oAuth";
    if (unauthorized) return "notLoggedIn";
    return "unsupported";
  }

  /** Pids of the running stdio children (for shutdown checks and logs). */
  childPids(): number[] {
    return [...this.servers.values()].map((entry) => entry.connection.pid).filter((pid): pid is number => pid !== null);
  }

  /** Stops every server; no restart afterwards. Children are killed before this returns its promise. */
  async stop(): Promise<void> {
    this.stopped = true;
    const entries = [...this.servers.values()];
    this.servers.clear();
    this.toolsChanged();
    await Promise.all(entries.map((entry) => entry.connection.stop()));
  }
}

const STARTUP_TIMED_OUT = "MCP server startup timed out";

/** Our own startup timer, or the SDK's request timeout while initializing. */
function startupTimedOut(error: unknown): boolean {
  return (error as Error | null)?.message === STARTUP_TIMED_OUT || (error as { code?: unknown } | null)?.code === SDK_REQUEST_TIMEOUT;
}

/** The reference's words for a server that did not start in time (whole seconds, as it prints them). */
function startupTimeoutMessage(server: string, timeoutMs: number): string {
  return `MCP client for \`${server}\` timed out after ${Math.floor(timeoutMs / 1000)} seconds. Add or adjust \`startup_timeout_sec\` in your config.toml:\n[mcp_servers.${server}]\nstartup_timeout_sec = XX`;
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** An MCP error answer keeps its code, message and data; anything else is -32603. */
function upstreamError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  const candidate = error as { code?: unknown; message?: unknown; data?: unknown };
  if (typeof candidate?.code === "number" && typeof candidate.message === "string") {
    // The SDK prefixes "MCP error <code>: "; the client gets the server's own text.
    return new RpcError(candidate.code, candidate.message.replace(/^MCP error -?\d+: /, ""), candidate.data);
  }
  return new RpcError(ErrorCode.internalError, errorText(error));
}
