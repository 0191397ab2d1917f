/**
 * One running MCP server, through the SDK's client: connects (stdio child or
 * streamable HTTP), lists its tools, resources and templates, calls tools
 * and reads resources, and stops (the stdio child is killed).
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { z } from "zod";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { McpServerConfig } from "../../config/mcp-servers.js";
import type { Logger } from "../../logging/logger.js";
import { CODEX_PROTOCOL_VERSION } from "../../version.js";
import { LineReadBuffer } from "./line-buffer.js";
import type { McpOAuthStore } from "../../auth/mcp-oauth-store.js";
import { McpOAuthProvider } from "./oauth-provider.js";

/** An access token this close to its expiry is refreshed before connecting. */
const REFRESH_MARGIN_MS = 30_000;

/** A `tools/list` page as far as this client needs it: named tools, anything else passed through. */
const LenientToolList = z
  .object({
    tools: z.array(z.object({ name: z.string(), inputSchema: z.unknown() }).passthrough()),
    nextCursor: z.string().optional(),
  })
  .passthrough();

export type McpListedTool = { name: string; inputSchema: unknown; [key: string]: unknown };
export type McpListedResource = { name: string; uri: string; [key: string]: unknown };
export type McpListedTemplate = { name: string; uriTemplate: string; [key: string]: unknown };

export interface McpCallResult {
  content: unknown[];
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: unknown;
}

/** An MCP server's `elicitation/create` request (form or url mode). */
export type McpElicitation =
  | { mode: "form"; message: string; requestedSchema: unknown; _meta?: unknown }
  | { mode: "url"; message: string; url: string; elicitationId: string; _meta?: unknown };

/** The answer an elicitation gets back (MCP `ElicitResult`). */
export interface McpElicitationAnswer {
  action: "accept" | "decline" | "cancel";
  content?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

/** What the connection asks its owner about (server-initiated requests). */
export interface McpConnectionHooks {
  elicit(request: McpElicitation, signal: AbortSignal): Promise<McpElicitationAnswer>;
  /** Stored OAuth credentials (streamable HTTP servers logged in with mcpServer/oauth/login). */
  readonly oauth: McpOAuthStore;
}

/** A call's progress, as the server's `notifications/progress` reports it. */
export type McpProgress = { progress: number; total?: number; message?: string };

/** The MCP SDK's client side, loaded on the first server start: a server with no MCP servers configured never pays for it. */
interface McpSdk {
  Client: typeof import("@modelcontextprotocol/sdk/client/index.js").Client;
  StdioClientTransport: typeof import("@modelcontextprotocol/sdk/client/stdio.js").StdioClientTransport;
  getDefaultEnvironment: typeof import("@modelcontextprotocol/sdk/client/stdio.js").getDefaultEnvironment;
  StreamableHTTPClientTransport: typeof import("@modelcontextprotocol/sdk/client/streamableHttp.js").StreamableHTTPClientTransport;
  ElicitRequestSchema: typeof import("@modelcontextprotocol/sdk/types.js").ElicitRequestSchema;
  deserializeMessage: typeof import("@modelcontextprotocol/sdk/shared/stdio.js").deserializeMessage;
}

let sdkModules: Promise<McpSdk> | undefined;

/** The largest message a stdio server may send (past it the connection is lost and restarted on next use). */
const STDIO_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

function loadSdk(): Promise<McpSdk> {
  sdkModules ??= Promise.all([
    import("@modelcontextprotocol/sdk/client/index.js"),
    import("@modelcontextprotocol/sdk/client/stdio.js"),
    import("@modelcontextprotocol/sdk/client/streamableHttp.js"),
    import("@modelcontextprotocol/sdk/types.js"),
    import("@modelcontextprotocol/sdk/shared/stdio.js"),
  ]).then(([client, stdio, http, types, framing]) => ({
    Client: client.Client,
    StdioClientTransport: stdio.StdioClientTransport,
    getDefaultEnvironment: stdio.getDefaultEnvironment,
    StreamableHTTPClientTransport: http.StreamableHTTPClientTransport,
    ElicitRequestSchema: types.ElicitRequestSchema,
    deserializeMessage: framing.deserializeMessage,
  }));
  return sdkModules;
}

function stdioEnvironment(sdk: McpSdk, transport: Extract<McpServerConfig["transport"], { type: "stdio" }>): Record<string, string> {
  const env: Record<string, string> = { ...sdk.getDefaultEnvironment() };
  for (const name of transport.envVars) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...transport.env };
}

function httpHeaders(transport: Extract<McpServerConfig["transport"], { type: "streamableHttp" }>): Record<string, string> {
  const headers: Record<string, string> = { ...transport.httpHeaders };
  for (const [header, variable] of Object.entries(transport.envHttpHeaders)) {
    const value = process.env[variable];
    if (value) headers[header] = value;
  }
  if (transport.bearerTokenEnvVar) {
    const token = process.env[transport.bearerTokenEnvVar];
    if (!token) throw new Error(`Environment variable ${transport.bearerTokenEnvVar} for MCP server bearer token is empty or not set`);
    headers.Authorization = `Bearer ${token}`;
  }
  return headers;
}

async function listAll<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const result = await page(cursor);
    out.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return out;
}

export class McpConnection {
  private clientInstance: Client | null = null;
  tools: McpListedTool[] = [];
  resources: McpListedResource[] = [];
  resourceTemplates: McpListedTemplate[] = [];
  serverInfo: { name: string; version: string; [key: string]: unknown } | null = null;
  serverCapabilities: unknown = null;
  /** The `instructions` of the server's initialize result (the namespace's description for the model). */
  instructions: string | undefined = undefined;
  /** Set once the connection is lost (a crashed stdio child, a closed HTTP session). */
  closedReason: string | null = null;
  private transport: Transport | null = null;
  private stdio: StdioClientTransport | null = null;

  constructor(
    readonly config: McpServerConfig,
    private readonly logger: Logger,
    private readonly hooks: McpConnectionHooks,
  ) {}

  /** The stdio child's pid (null for HTTP servers or before start). */
  get pid(): number | null {
    return this.stdio?.pid ?? null;
  }

  /** The SDK client; set by `start`. */
  get client(): Client {
    if (!this.clientInstance) throw new Error(`MCP server \`${this.config.name}\` is not started`);
    return this.clientInstance;
  }

  /** Connects, initializes and lists; rejects on failure or after `startupTimeoutMs`. */
  async start(): Promise<void> {
    const sdk = await loadSdk();
    this.clientInstance = new sdk.Client(
      { name: "codex-mcp-client", version: CODEX_PROTOCOL_VERSION },
      { capabilities: { elicitation: { form: {}, url: {} } } },
    );
    this.clientInstance.setRequestHandler(sdk.ElicitRequestSchema, async (request, extra) => {
      const params = request.params as Record<string, unknown>;
      const elicitation: McpElicitation =
        params.mode === "url"
          ? { mode: "url", message: String(params.message), url: String(params.url), elicitationId: String(params.elicitationId), ...(params._meta !== undefined ? { _meta: params._meta } : {}) }
          : { mode: "form", message: String(params.message), requestedSchema: params.requestedSchema, ...(params._meta !== undefined ? { _meta: params._meta } : {}) };
      return (await this.hooks.elicit(elicitation, extra.signal)) as never;
    });
    const transport = await this.createTransport(sdk);
    this.transport = transport;
    this.client.onclose = () => {
      this.closedReason ??= "MCP server connection closed";
    };
    const timeoutMs = this.config.startupTimeoutMs;
    await this.client.connect(transport, { timeout: timeoutMs });
    this.serverInfo = (this.client.getServerVersion() as McpConnection["serverInfo"]) ?? null;
    this.instructions = this.client.getInstructions();
    const capabilities = this.client.getServerCapabilities() ?? {};
    this.serverCapabilities = capabilities;
    const options = { timeout: timeoutMs };
    if (capabilities.tools) {
      this.tools = (await listAll(async (cursor) => {
        // Read leniently: the SDK's own schema refuses a whole server over one tool whose
        // input schema uses a boolean subschema (valid JSON Schema, and the reference offers it).
        const r = await this.client.request({ method: "tools/list", params: cursor ? { cursor } : {} }, LenientToolList, options);
        return { items: r.tools, nextCursor: r.nextCursor };
      })) as McpListedTool[];
    }
    if (capabilities.resources) {
      this.resources = (await listAll(async (cursor) => {
        const r = await this.client.listResources(cursor ? { cursor } : undefined, options);
        return { items: r.resources, nextCursor: r.nextCursor };
      }).catch(() => [])) as McpListedResource[];
      this.resourceTemplates = (await listAll(async (cursor) => {
        const r = await this.client.listResourceTemplates(cursor ? { cursor } : undefined, options);
        return { items: r.resourceTemplates, nextCursor: r.nextCursor };
      }).catch(() => [])) as McpListedTemplate[];
    }
  }

  /** The OAuth provider of a logged-in HTTP server (none with a bearer token or without stored tokens). */
  private oauthProvider(transport: Extract<McpServerConfig["transport"], { type: "streamableHttp" }>): McpOAuthProvider | null {
    if (transport.bearerTokenEnvVar || transport.httpHeaders.Authorization || transport.httpHeaders.authorization) return null;
    if (!this.hooks.oauth.get(this.config.name, transport.url)?.tokens) return null;
    return new McpOAuthProvider(this.hooks.oauth, this.config.name, transport.url);
  }

  /** Uses OAuth: stored tokens are sent as the bearer, and the SDK refreshes them on a 401. */
  usesOAuth = false;

  private async createTransport(sdk: McpSdk): Promise<Transport> {
    const transport = this.config.transport;
    if (transport.type === "stdio") {
      const stdio = new sdk.StdioClientTransport({
        command: transport.command,
        args: transport.args,
        env: stdioEnvironment(sdk, transport),
        ...(transport.cwd ? { cwd: transport.cwd } : {}),
        stderr: "pipe",
      });
      // The SDK's buffer drops the connection past 10 MiB and slows down quadratically before that;
      // the reference reads any line. Its field is private, hence the cast.
      (stdio as unknown as { _readBuffer: LineReadBuffer })._readBuffer = new LineReadBuffer(STDIO_MAX_MESSAGE_BYTES, sdk.deserializeMessage);
      stdio.stderr?.on("data", (chunk: Buffer) => this.logger.debug({ mcpServer: this.config.name, stderr: chunk.toString() }, "MCP server stderr"));
      this.stdio = stdio;
      return stdio;
    }
    const headers = httpHeaders(transport);
    const authProvider = this.oauthProvider(transport);
    if (authProvider) {
      this.usesOAuth = true;
      const stored = this.hooks.oauth.get(this.config.name, transport.url);
      if (stored?.expiresAt && stored.expiresAt - REFRESH_MARGIN_MS < Date.now() && stored.tokens?.refresh_token) {
        const { auth } = await import("@modelcontextprotocol/sdk/client/auth.js");
        await auth(authProvider, { serverUrl: transport.url });
      }
    }
    return new sdk.StreamableHTTPClientTransport(new URL(transport.url), { requestInit: { headers }, ...(authProvider ? { authProvider } : {}) });
  }

  async callTool(tool: string, args: Record<string, unknown> | undefined, options: { timeoutMs: number; signal?: AbortSignal; onProgress?: (progress: McpProgress) => void; meta?: Record<string, unknown> }): Promise<McpCallResult> {
    const result = await this.client.callTool(
      { name: tool, ...(args ? { arguments: args } : {}), ...(options.meta ? { _meta: options.meta } : {}) },
      undefined,
      {
        timeout: options.timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onprogress: options.onProgress, resetTimeoutOnProgress: false } : {}),
      },
    );
    return result as McpCallResult;
  }

  /** Whether the server said it has resources (`capabilities.resources`). */
  get hasResources(): boolean {
    return Boolean((this.serverCapabilities as { resources?: unknown } | null)?.resources);
  }

  /** One live page of `resources/list` or `resources/templates/list`. */
  async listPage(kind: "resources" | "templates", cursor: string | undefined, timeoutMs: number): Promise<{ items: unknown[]; nextCursor?: string }> {
    const params = cursor !== undefined ? { cursor } : undefined;
    if (kind === "resources") {
      const page = await this.client.listResources(params, { timeout: timeoutMs });
      return { items: page.resources, ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}) };
    }
    const page = await this.client.listResourceTemplates(params, { timeout: timeoutMs });
    return { items: page.resourceTemplates, ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}) };
  }

  async readResource(uri: string, timeoutMs: number): Promise<{ contents: unknown[] }> {
    return (await this.client.readResource({ uri }, { timeout: timeoutMs })) as { contents: unknown[] };
  }

  /**
   * Ends the stdio child at once (synchronously, so a process exiting right
   * after still leaves no child), then closes the session.
   */
  async stop(): Promise<void> {
    this.killChild();
    try {
      await this.clientInstance?.close();
    } catch (error) {
      this.logger.debug({ err: error, mcpServer: this.config.name }, "closing MCP server failed");
    }
  }

  killChild(): void {
    const pid = this.pid;
    if (pid === null) return;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
