/**
 * A WebSocket test client for `--listen ws://` / `unix://` servers, and a
 * helper that spawns such a server and reads its bound address from stderr.
 * Every message a client receives is checked against the reference schema
 * after each test (test/helpers/setup.ts), like ServerProcess's stdout.
 */
import http from "node:http";
import WebSocket from "ws";
import { checkMessages, formatProblem } from "./conformance.js";
import { MessageWaiter } from "./message-waiter.js";
import { ServerProcess, type ReceivedMessage, type RpcErrorShape, type SpawnOptions, type WireMessage } from "./server-process.js";

export { RpcCallError } from "./server-process.js";

export interface WsConnectOptions {
  headers?: Record<string, string>;
  /** Record received messages for the conformance check (default true). */
  record?: boolean;
}

/** Where a listening server can be reached: a ws:// URL or a unix socket path. */
export type Endpoint = { kind: "ws"; url: string } | { kind: "unix"; path: string };

export function wsAddress(endpoint: Endpoint, path = "/"): string {
  return endpoint.kind === "ws" ? `${endpoint.url}${path}` : `ws+unix:${endpoint.path}:${path}`;
}

export class WsClient {
  /** Clients not yet checked by the conformance hook in `test/helpers/setup.ts`. */
  static readonly live = new Set<WsClient>();
  readonly received: ReceivedMessage[] = [];
  /** Text of frames that were not a JSON object. */
  readonly badFrames: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;
  private readonly pending = new Map<string, { method: string; resolve: (m: WireMessage) => void }>();
  private readonly sentMethods = new Map<string, string>();
  private readonly waits = new MessageWaiter(this.received);
  private readonly record: boolean;

  private constructor(
    readonly ws: WebSocket,
    options: WsConnectOptions,
  ) {
    this.record = options.record ?? true;
    ws.on("message", (data, isBinary) => this.onFrame(String(data), isBinary));
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    WsClient.live.add(this);
  }

  static connect(endpoint: Endpoint | string, options: WsConnectOptions = {}): Promise<WsClient> {
    const address = typeof endpoint === "string" ? endpoint : wsAddress(endpoint);
    const ws = new WebSocket(address, { headers: options.headers, perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new WsClient(ws, options)));
      ws.once("error", reject);
      ws.once("unexpected-response", (_request, response) => {
        reject(Object.assign(new Error(`upgrade refused: HTTP ${response.statusCode}`), { statusCode: response.statusCode }));
        response.resume();
        ws.terminate();
      });
    });
  }

  private onFrame(text: string, isBinary: boolean): void {
    let message: WireMessage;
    try {
      message = JSON.parse(text) as WireMessage;
      if (isBinary || message === null || typeof message !== "object" || Array.isArray(message)) throw new Error("not an object");
    } catch {
      this.badFrames.push(text.slice(0, 300));
      return;
    }
    const isResponse = !("method" in message) && ("result" in message || "error" in message);
    const key = JSON.stringify(message.id);
    const pending = isResponse ? this.pending.get(key) : undefined;
    if (this.record) {
      this.received.push(isResponse ? { message, requestMethod: pending?.method ?? this.sentMethods.get(key) } : { message });
    }
    if (pending) {
      this.pending.delete(key);
      pending.resolve(message);
    }
    this.waits.deliver(message);
  }

  conformanceProblems(): string[] {
    return [...this.badFrames.map((f) => `frame is not a JSON object: ${f}`), ...checkMessages(this.received).map(formatProblem)];
  }

  sendRaw(text: string): void {
    try {
      const message = JSON.parse(text) as WireMessage;
      if (typeof message?.method === "string" && (typeof message.id === "string" || typeof message.id === "number")) {
        this.sentMethods.set(JSON.stringify(message.id), message.method);
      }
    } catch {
      // Not JSON: the server answers with id null.
    }
    this.ws.send(text);
  }

  request(method: string, params?: unknown, id: string | number = this.nextId++): Promise<WireMessage> {
    const message: WireMessage = { id, method };
    if (params !== undefined) message.params = params;
    return new Promise((resolve) => {
      this.pending.set(JSON.stringify(id), { method, resolve });
      this.sendRaw(JSON.stringify(message));
    });
  }

  async call<T = any>(method: string, params?: unknown): Promise<T> {
    const response = await this.request(method, params);
    if ("error" in response) throw Object.assign(new Error(JSON.stringify(response.error)), { error: response.error as RpcErrorShape });
    return response.result as T;
  }

  async callError(method: string, params?: unknown): Promise<RpcErrorShape> {
    const response = await this.request(method, params);
    if (!("error" in response)) throw new Error(`expected an error from ${method}, got ${JSON.stringify(response)}`);
    return response.error as RpcErrorShape;
  }

  notify(method: string, params?: unknown): void {
    const message: WireMessage = { method };
    if (params !== undefined) message.params = params;
    this.sendRaw(JSON.stringify(message));
  }

  async initialize(capabilities: Record<string, unknown> | null = null, name = "ws_test_client"): Promise<any> {
    const clientInfo = { name, title: "WS test", version: "0.0.1" };
    const result = await this.call("initialize", capabilities === null ? { clientInfo } : { clientInfo, capabilities });
    this.notify("initialized");
    return result;
  }

  notifications(method?: string): WireMessage[] {
    return this.waits.notifications(method);
  }

  waitFor(predicate: (m: WireMessage) => boolean, timeoutMs = 10_000): Promise<WireMessage> {
    return this.waits.waitFor(predicate, timeoutMs);
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    return this.closed;
  }
}

export interface ListeningServer {
  server: ServerProcess;
  endpoint: Endpoint;
}

/** Servers started by `spawnListening`, stopped by `stopListeningServers`. */
const listening = new Set<ServerProcess>();

/**
 * Spawns the built daemon with `--listen <listen>` (LOG_LEVEL=info) and
 * resolves once it logs `listening on …`; rejects with its stderr when it
 * exits first.
 */
export function spawnListening(listen: string, options: SpawnOptions = {}, timeoutMs = 10_000): Promise<ListeningServer> {
  const server = new ServerProcess({ ...options, args: ["--listen", listen, ...(options.args ?? [])], env: { LOG_LEVEL: "info", ...options.env } });
  listening.add(server);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not report its address within ${timeoutMs} ms; stderr:\n${server.stderr}`)), timeoutMs);
    const check = () => {
      const match = /"msg":"listening on (ws:\/\/[^"]+|unix:\/\/[^"]+)"/.exec(server.stderr);
      if (!match) return;
      clearTimeout(timer);
      server.child.stderr.off("data", check);
      const address = match[1]!;
      resolve({ server, endpoint: address.startsWith("ws://") ? { kind: "ws", url: address } : { kind: "unix", path: address.slice("unix://".length) } });
    };
    server.child.stderr.on("data", check);
    void server.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited (code ${code}, signal ${signal}) before listening; stderr:\n${server.stderr}`), { code }));
    });
    check();
  });
}

/** SIGTERMs every server `spawnListening` started (stdin EOF does not stop a listening server). */
export async function stopListeningServers(): Promise<void> {
  const servers = [...listening];
  listening.clear();
  await Promise.all(
    servers.map(async (server) => {
      if (server.child.exitCode !== null || server.child.signalCode !== null) return;
      server.kill("SIGTERM");
      const timer = setTimeout(() => server.kill("SIGKILL"), 3_000);
      await server.exited;
      clearTimeout(timer);
    }),
  );
}

/** A plain HTTP GET to a listening server (TCP or unix socket). */
export function httpGet(
  endpoint: Endpoint,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const target =
    endpoint.kind === "ws"
      ? (() => {
          const url = new URL(endpoint.url.replace(/^ws:/, "http:"));
          return { host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port) };
        })()
      : { socketPath: endpoint.path };
  return new Promise((resolve, reject) => {
    const request = http.get({ ...target, path, headers, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on("error", reject);
  });
}

/** Upgrade attempt that resolves with the HTTP status when refused, or 101 when accepted (then closed). */
export function upgradeStatus(endpoint: Endpoint, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsAddress(endpoint), { headers, perMessageDeflate: false });
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      ws.terminate();
    });
    ws.once("error", (error) => reject(error));
  });
}
