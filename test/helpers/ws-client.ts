/**
 * A WebSocket test client for `--listen ws://` / `unix://` servers, and a
 * helper that spawns such a server and reads its bound address from stderr.
 * Every message a client receives is checked against the reference schema
 * after each test (test/helpers/setup.ts), like ServerProcess's stdout.
 */
import http from "node:http";
import WebSocket from "ws";
import { RpcTestClient, type WireMessage } from "./rpc-test-client.js";
import { ServerProcess, type SpawnOptions } from "./server-process.js";

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

export class WsClient extends RpcTestClient {
  /** Clients not yet checked by the conformance hook in `test/helpers/setup.ts`. */
  static readonly live = new Set<WsClient>();
  /** Text of frames that were not a JSON object. */
  readonly badFrames: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(
    readonly ws: WebSocket,
    options: WsConnectOptions,
  ) {
    super();
    this.recordMessages = options.record ?? true;
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

  /** One frame: one JSON-RPC message. */
  private onFrame(text: string, isBinary: boolean): void {
    let message: WireMessage;
    try {
      message = JSON.parse(text) as WireMessage;
      if (isBinary || message === null || typeof message !== "object" || Array.isArray(message)) throw new Error("not an object");
    } catch {
      this.badFrames.push(text.slice(0, 300));
      return;
    }
    this.onMessage(message);
  }

  protected writeText(text: string): void {
    this.ws.send(text);
  }

  override conformanceProblems(): string[] {
    return [...this.badFrames.map((f) => `frame is not a JSON object: ${f}`), ...super.conformanceProblems()];
  }

  override async initialize(capabilities: Record<string, unknown> | null = null, name: string | Record<string, unknown> = "ws_test_client"): Promise<any> {
    return super.initialize(capabilities, typeof name === "string" ? { name, title: "WS test", version: "0.0.1" } : name);
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
