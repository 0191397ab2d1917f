/**
 * The configured MCP servers of this app-server: started concurrently in the
 * background (never on a request's path), each transition broadcast as
 * `mcpServer/startupStatus/updated`; reload restarts only the servers whose
 * configuration changed; `stop` ends every child.
 */
import { mcpServerConfigs, type McpServerConfig } from "../../config/mcp-servers.js";
import type { Logger } from "../../logging/logger.js";
import { RpcError, ErrorCode, invalidRequest } from "../../protocol/errors.js";
import type { TomlTable } from "../../config/json-value.js";
import type { Broadcast } from "../ports.js";
import { McpConnection, type McpCallResult, type McpListedTool, type McpProgress } from "./connection.js";

/** The SDK's own "request timed out" error code (not sent by servers). */
const SDK_REQUEST_TIMEOUT = -32001;

export type McpStartupState = "starting" | "ready" | "failed" | "cancelled";

interface ServerEntry {
  config: McpServerConfig;
  connection: McpConnection;
  state: McpStartupState;
  error: string | null;
  ready: Promise<void>;
}

export interface McpManagerDeps {
  logger: Logger;
  broadcast: Broadcast;
  /** The effective configuration's values, as loaded at startup. */
  configValues(): TomlTable;
  /** A fresh read of the configuration (config.toml + overrides), for `reload`. */
  rereadConfigValues(): TomlTable;
}

/** An enabled tool of a ready server, as offered to the model. */
export interface McpOfferedTool {
  server: string;
  tool: McpListedTool;
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

  constructor(private readonly deps: McpManagerDeps) {}

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
    const connection = new McpConnection(config, this.deps.logger);
    const entry: ServerEntry = { config, connection, state: "starting", error: null, ready: Promise.resolve() };
    this.servers.set(config.name, entry);
    this.announce(entry);
    entry.ready = withTimeout(connection.start(), config.startupTimeoutMs, `MCP server \`${config.name}\` did not start within ${config.startupTimeoutMs / 1000}s`).then(
      () => {
        if (this.servers.get(config.name) !== entry) return;
        entry.state = "ready";
        this.announce(entry);
      },
      (error: unknown) => {
        if (this.servers.get(config.name) !== entry) return;
        entry.state = "failed";
        entry.error = `MCP client for \`${config.name}\` failed to start: ${errorText(error)}`;
        this.deps.logger.warn({ mcpServer: config.name, err: error }, "MCP server failed to start");
        this.announce(entry);
        void connection.stop();
      },
    );
  }

  private announce(entry: ServerEntry): void {
    this.deps.broadcast("mcpServer/startupStatus/updated", {
      threadId: null,
      name: entry.config.name,
      status: entry.state,
      error: entry.error,
      failureReason: null,
    });
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
      void entry.connection.stop();
    }
    for (const [name, config] of wanted) {
      if (!this.servers.has(name)) this.startServer(config);
    }
  }

  /** Every configured server, in config order, with its state (disabled ones too). */
  statuses(): Array<{ config: McpServerConfig; state: McpStartupState | "disabled" | "notStarted"; connection: McpConnection | null; error: string | null }> {
    const configs = this.started ? this.configs : mcpServerConfigs(this.deps.configValues());
    return configs.map((config) => {
      const entry = this.servers.get(config.name);
      if (!config.enabled) return { config, state: "disabled" as const, connection: null, error: null };
      if (!entry) return { config, state: "notStarted" as const, connection: null, error: null };
      return { config, state: entry.state, connection: entry.connection, error: entry.error };
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
        out.push({ server: entry.config.name, tool });
      }
    }
    return out;
  }

  /** The failure of a `required` server, if one did not start. */
  requiredFailure(): string | null {
    for (const entry of this.servers.values()) {
      if (entry.config.required && entry.state === "failed") return entry.error;
    }
    return null;
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
    options: { signal?: AbortSignal; onProgress?: (progress: McpProgress) => void; meta?: Record<string, unknown> } = {},
  ): Promise<McpCallResult> {
    await this.restartIfCrashed(server);
    const { entry, connection } = this.readyConnection(server);
    try {
      return await connection.callTool(tool, args, { ...options, timeoutMs: entry.config.toolTimeoutMs });
    } catch (error) {
      if ((error as { code?: unknown })?.code === SDK_REQUEST_TIMEOUT) {
        throw new RpcError(ErrorCode.internalError, `tool call \`${server}/${tool}\` timed out after ${entry.config.toolTimeoutMs / 1000}s (tool_timeout_sec)`);
      }
      throw upstreamError(error);
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

  private async restartIfCrashed(server: string): Promise<void> {
    const entry = this.servers.get(server);
    if (!entry || entry.state !== "ready" || entry.connection.closedReason === null) return;
    this.deps.logger.warn({ mcpServer: server, reason: entry.connection.closedReason }, "MCP server connection lost; restarting");
    this.servers.delete(server);
    void entry.connection.stop();
    this.startServer(entry.config);
    await this.servers.get(server)?.ready;
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
    await Promise.all(entries.map((entry) => entry.connection.stop()));
  }
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
