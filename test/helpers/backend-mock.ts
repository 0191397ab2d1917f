/**
 * A real HTTP server on 127.0.0.1 standing in for the ChatGPT backend (and the
 * OAuth token endpoint): records every request (method, path, headers, body)
 * and answers from per-route handlers. Nothing here stubs `fetch`.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { repoRoot } from "./paths.js";
import { ServerProcess } from "./server-process.js";

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/backend-api/wham/usage`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed JSON body, when the body is JSON. */
  json: unknown;
  at: number;
}

export interface MockReply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as-is; anything else as JSON (`application/json`). */
  body?: unknown;
  /** Wait before answering. */
  delayMs?: number;
  /** Never answer (the socket stays open until the mock closes). */
  hang?: boolean;
  /** Destroy the connection without an answer. */
  drop?: boolean;
  /** Send the status line, headers and the start of the body, then stall. */
  stallBody?: boolean;
}

export type Route = MockReply | ((request: RecordedRequest) => MockReply | Promise<MockReply>);

export class BackendMock {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Route | Route[]>();
  private readonly sockets = new Set<Socket>();
  private server: http.Server | undefined;
  port = 0;

  /** `route("GET /backend-api/wham/usage", reply)`; an array is answered in order, the last one repeating. */
  route(key: string, route: Route | Route[]): this {
    this.routes.set(key, Array.isArray(route) ? [...route] : route);
    return this;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** `http://127.0.0.1:PORT` + `suffix`. */
  url(suffix = "/backend-api"): string {
    return `http://127.0.0.1:${this.port}${suffix}`;
  }

  /** Requests whose path is exactly `p` (optionally with this method). */
  requestsTo(p: string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === p && (method === undefined || r.method === method));
  }

  /** Destroys every open connection (ends requests left hanging). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    let json: unknown;
    try {
      json = body === "" ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    const recorded: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, json, at: Date.now() };
    this.requests.push(recorded);
    const key = `${recorded.method} ${recorded.path}`;
    const entry = this.routes.get(key);
    let route: Route | undefined;
    if (Array.isArray(entry)) route = entry.length > 1 ? entry.shift() : entry[0];
    else route = entry;
    const reply: MockReply = route === undefined ? { status: 404, body: "not found" } : typeof route === "function" ? await route(recorded) : route;
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.hang) return;
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    const isText = typeof reply.body === "string";
    const payload = reply.body === undefined ? "" : isText ? (reply.body as string) : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...(reply.body !== undefined && !isText ? { "content-type": "application/json" } : {}), ...reply.headers };
    if (res.destroyed) return;
    if (reply.stallBody) {
      res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
      res.write('{"plan_type":');
      return;
    }
    res.writeHead(reply.status ?? 200, headers);
    res.end(payload);
  }
}

// ---------------------------------------------------------------------------
// Fixtures and auth.json helpers

export function fixture<T extends object = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, "fixtures/backend", name), "utf8")) as T;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** An unsigned JWT with `payload` as claims. */
export function makeJwt(payload: Record<string, unknown>): string {
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.c2ln`;
}

export interface ChatgptLogin {
  email?: string | null;
  plan?: string | null;
  userId?: string | null;
  /** `tokens.account_id`; null omits the field. */
  accountId?: string | null;
  fedramp?: boolean;
  /** Access token (default: an opaque string). */
  accessToken?: string;
  refreshToken?: string;
  lastRefresh?: string;
}

export function idToken(login: ChatgptLogin = {}): string {
  const auth: Record<string, unknown> = {};
  if (login.plan !== null) auth.chatgpt_plan_type = login.plan ?? "pro";
  if (login.userId !== null) auth.chatgpt_user_id = login.userId ?? "user-mock-1";
  if (login.accountId) auth.chatgpt_account_id = login.accountId;
  if (login.fedramp) auth.chatgpt_account_is_fedramp = true;
  const payload: Record<string, unknown> = { "https://api.openai.com/auth": auth };
  if (login.email !== null) payload.email = login.email ?? "user@example.com";
  return makeJwt(payload);
}

export function chatgptAuthJson(login: ChatgptLogin = {}): Record<string, unknown> {
  const tokens: Record<string, unknown> = {
    id_token: idToken(login),
    access_token: login.accessToken ?? "chatgpt-token",
    refresh_token: login.refreshToken ?? "refresh-token-1",
  };
  if (login.accountId !== null) tokens.account_id = login.accountId ?? "acct-mock-123";
  return { auth_mode: "chatgpt", OPENAI_API_KEY: null, tokens, last_refresh: login.lastRefresh ?? "2026-01-01T00:00:00Z" };
}

export function writeAuthJson(codexHome: string, content: Record<string, unknown> | string): void {
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(path.join(codexHome, "auth.json"), typeof content === "string" ? content : JSON.stringify(content, null, 2), {
    mode: 0o600,
  });
}

// ---------------------------------------------------------------------------
// Spawning the real server against the mock

export interface BackendServerOptions {
  /** auth.json content written before the server starts (omit for a signed-out CODEX_HOME). */
  auth?: Record<string, unknown> | string;
  /** `chatgpt_base_url` path on the mock (default `/backend-api`). */
  basePath?: string;
  /** Extra `-c key=value` overrides. */
  config?: string[];
  env?: Record<string, string | undefined>;
  capabilities?: Record<string, unknown> | null;
  clientName?: string;
}

/** Where a server against the mock keeps its state, and the `-c` overrides that point it at the mock. */
export function backendServerSetup(mock: BackendMock, options: BackendServerOptions): { codexHome: string; configOverrides: string[] } {
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-account-"));
  if (options.auth !== undefined) writeAuthJson(codexHome, options.auth);
  // `/models` has its own (fixed-host) URL: kept on the mock so no test reaches chatgpt.com.
  const configOverrides = [
    `chatgpt_base_url="${mock.url(options.basePath ?? "/backend-api")}"`,
    `chatgpt_models_url="${mock.url("/backend-api/codex/models")}"`,
    // Logins and logout's token revocation stay on the mock too (never auth.openai.com).
    `chatgpt_login.issuer="${mock.url("/issuer")}"`,
    ...(options.config ?? []),
  ];
  return { codexHome, configOverrides };
}

/** The client side both a spawned and an in-process server offer. */
interface BackendTestServer {
  initialize(capabilities: Record<string, unknown> | null, clientInfo: Record<string, unknown>): Promise<unknown>;
  close(): Promise<unknown>;
}

/** Initializes `server` as the account suites' client does. */
export async function initializeForBackend<S extends BackendTestServer>(server: S, options: BackendServerOptions): Promise<S> {
  await server.initialize(options.capabilities ?? null, {
    name: options.clientName ?? "test_client",
    title: "Test",
    version: "0.0.1",
  });
  return server;
}

export async function spawnWithBackend(mock: BackendMock, options: BackendServerOptions = {}): Promise<ServerProcess> {
  const { codexHome, configOverrides } = backendServerSetup(mock, options);
  // Token refreshes (proactive, or after a 401) and logout's revocation (derived: `/oauth/revoke`)
  // go to the mock unless the test names its own endpoint.
  const env = { CODEX_REFRESH_TOKEN_URL_OVERRIDE: mock.url("/oauth/token"), ...options.env };
  const server = new ServerProcess({ args: configOverrides.flatMap((override) => ["-c", override]), codexHome, env });
  return initializeForBackend(server, options);
}

export interface BackendTestContext<S = ServerProcess> {
  /** This test's mock: a fresh one for each test. */
  readonly mock: BackendMock;
  /** A server started against this test's mock, with the file's default options under `options`; closed after the test. */
  spawn(options?: BackendServerOptions): Promise<S>;
}

/**
 * Registers the hooks every backend-facing suite needs: a fresh mock before
 * each test, and after it every server `spawn` started closed, then the mock.
 */
export function useBackendMock(defaults: BackendServerOptions = {}): BackendTestContext {
  return useBackendMockWith(spawnWithBackend, defaults);
}

/** `useBackendMock` with another way to start a server against the mock (e.g. in process). */
export function useBackendMockWith<S extends BackendTestServer>(
  start: (mock: BackendMock, options: BackendServerOptions) => Promise<S>,
  defaults: BackendServerOptions = {},
): BackendTestContext<S> {
  let current: BackendMock | undefined;
  const servers: S[] = [];
  beforeEach(async () => {
    current = await new BackendMock().start();
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await current?.close();
  });
  const context: BackendTestContext<S> = {
    get mock() {
      if (!current) throw new Error("the backend mock exists only inside a test");
      return current;
    },
    async spawn(options = {}) {
      const server = await start(context.mock, { ...defaults, ...options });
      servers.push(server);
      return server;
    },
  };
  return context;
}
