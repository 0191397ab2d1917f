/**
 * The ChatGPT model transport of the built-in `openai` provider against a
 * loopback Responses endpoint that speaks WebSocket and HTTP: the upgrade
 * headers, the prewarm frame, `previous_response_id` chaining with only the
 * new input items, the fallback to HTTP + SSE (after the reconnects, with a
 * `warning`) when the upgrade is refused, a socket dropped mid-response,
 * zstd-compressed HTTP bodies decoded here, and workspace routing: the
 * endpoint serves HTTPS and answers `accounts/check` itself, as that traffic
 * goes only to an `https` origin discovery allows.
 */
import { mkdtempSync } from "node:fs";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { decompress, init as initZstd } from "@bokuweb/zstd-wasm";
import { BackendMock, chatgptAuthJson, writeAuthJson } from "../helpers/backend-mock.js";
import { sseBody, textResponse, type StreamEvent } from "../helpers/mock-responses.js";
import { ServerProcess } from "../helpers/server-process.js";
import { loopbackCertificate, unconstrainedWorkspace, type AccountsCheckReply } from "../helpers/tls-gateway.js";
import { MODEL, runTurn, startThread, text, turnStream } from "../helpers/turns.js";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const RESPONSES = "/backend-api/codex/responses";

// The wasm module is initialised once per process: a second init() replaces its heap under later calls.
let zstdInit: Promise<void> | undefined;
const zstdReady = () => (zstdInit ??= initZstd());

interface Frame {
  type: string;
  generate?: boolean;
  previous_response_id?: string;
  input: any[];
  client_metadata: Record<string, string>;
  [key: string]: unknown;
}

/** What the socket does with a `response.create` frame: stream events, or cut the connection after some. */
type FrameReply = { events: StreamEvent[]; dropAfter?: number };

class LoopbackResponses {
  readonly upgrades: IncomingHttpHeaders[] = [];
  readonly frames: Frame[] = [];
  readonly posts: { headers: IncomingHttpHeaders; body: any }[] = [];
  /** Status answered to upgrades instead of 101 (null: accept). */
  refuseUpgradeWith: number | null = null;
  /** Extra header lines of the 101 answer (e.g. `openai-model: …`). */
  readonly upgradeHeaders: string[] = [];
  /** The headers of every `accounts/check` request, in order. */
  readonly accountsChecks: IncomingHttpHeaders[] = [];
  /** What `accounts/check` answers (default: the caller's workspace, `NO_CONSTRAINT`). */
  accountsCheck: (accountId: string) => AccountsCheckReply = unconstrainedWorkspace;
  /** Replies to non-prewarm frames, in order; the default is a short text answer. */
  readonly replies: FrameReply[] = [];
  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: true });
  private readonly sockets = new Set<Socket>();
  private prewarms = 0;
  port = 0;

  /** `tls`: serve HTTPS / WSS with this key and certificate. */
  constructor(private readonly tls?: { key: string; cert: string }) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.onRequest(req, res);
    this.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    this.wss.on("headers", (headers) => headers.push(...this.upgradeHeaders));
  }

  async start(): Promise<this> {
    this.server.on(this.tls ? "secureConnection" : "connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server.on("upgrade", (req, socket, head) => {
      this.upgrades.push(req.headers);
      if (this.refuseUpgradeWith !== null || req.url !== RESPONSES) {
        socket.end(`HTTP/1.1 ${this.refuseUpgradeWith ?? 404} Refused\r\ncontent-length: 0\r\n\r\n`);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  url(suffix: string): string {
    return `${this.tls ? "https" : "http"}://127.0.0.1:${this.port}${suffix}`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(ws: WebSocket): void {
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      if (frame.generate === false) {
        const id = `resp_prewarm_${++this.prewarms}`;
        const response = { id, object: "response", status: "completed", output: [], usage: null };
        ws.send(JSON.stringify({ type: "response.created", response: { ...response, status: "in_progress" } }));
        ws.send(JSON.stringify({ type: "response.completed", response }));
        return;
      }
      const reply = this.replies.shift() ?? { events: textResponse({ deltas: ["Hello ", "over ", "websocket."] }) };
      reply.events.forEach((event, index) => {
        if (reply.dropAfter !== undefined && index >= reply.dropAfter) return;
        ws.send(JSON.stringify(event));
      });
      if (reply.dropAfter !== undefined) setTimeout(() => ws.terminate(), 20);
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.method === "GET" && req.url === "/backend-api/wham/accounts/check") {
      this.accountsChecks.push(req.headers);
      const reply = this.accountsCheck(String(req.headers["chatgpt-account-id"] ?? ""));
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.body));
      return;
    }
    if (req.method === "POST" && req.url === RESPONSES) {
      if (req.headers["content-encoding"] === "zstd") {
        await zstdReady();
        raw = Buffer.from(decompress(raw));
      }
      this.posts.push({ headers: req.headers, body: JSON.parse(raw.toString("utf8")) });
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(sseBody(textResponse({ deltas: ["Hello ", "over ", "HTTP."] })));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"detail":"not found"}');
  }
}

let upstream: LoopbackResponses | undefined;
const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  await upstream?.close();
  upstream = undefined;
});

/**
 * A daemon signed in with ChatGPT whose `chatgpt_base_url` is the loopback
 * endpoint (HTTPS unless `plainHttp`), or `base`.
 */
async function start(
  extra: string[] = [],
  options: { plainHttp?: boolean; base?: string; env?: Record<string, string> } = {},
): Promise<{ server: ServerProcess; upstream: LoopbackResponses }> {
  const { key, cert, certFile } = loopbackCertificate();
  upstream = await new LoopbackResponses(options.plainHttp ? undefined : { key, cert }).start();
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-model-ws-"));
  writeAuthJson(codexHome, chatgptAuthJson({ accountId: "acct-ws" }));
  const args = [
    ["model", `"${MODEL}"`],
    ["model_provider", '"openai"'],
    ["chatgpt_base_url", `"${options.base ?? upstream.url("/backend-api")}"`],
    // The catalogue's fixed host stays off the network: a refused loopback port (the bundled list applies).
    ["chatgpt_models_url", '"http://127.0.0.1:1/backend-api/codex/models"'],
  ].flatMap(([key, value]) => ["-c", `${key}=${value}`]);
  const server = new ServerProcess({ codexHome, args: ["app-server", ...args, ...extra], env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, NODE_EXTRA_CA_CERTS: certFile, ...options.env } });
  servers.push(server);
  await server.initialize();
  return { server, upstream };
}

function messageTexts(items: any[]): string[] {
  return items.filter((item) => item.type === "message").flatMap((item) => item.content.map((part: any) => part.text ?? ""));
}

describe("WebSocket transport", () => {
  it("connects with the reference's headers, prewarms, and chains requests with previous_response_id and only the new items", async () => {
    const { server, upstream } = await start();
    const threadId = await startThread(server);
    const first = await runTurn(server, threadId, text("first question"));
    expect(first.turn.status).toBe("completed");
    const second = await runTurn(server, threadId, text("second question"));
    expect(second.turn.status).toBe("completed");
    const agentMessages = turnStream(server, threadId, second.turn.id).filter((m) => m.method === "item/completed" && (m.params as any).item.type === "agentMessage");
    expect((agentMessages[0]!.params as any).item.text).toBe("Hello over websocket.");

    expect(upstream.upgrades).toHaveLength(1);
    expect(upstream.posts).toHaveLength(0);
    const upgrade = upstream.upgrades[0]!;
    expect(upgrade["openai-beta"]).toBe("responses_websockets=2026-02-06");
    expect(upgrade.authorization).toBe("Bearer chatgpt-token");
    expect(upgrade["chatgpt-account-id"]).toBe("acct-ws");
    expect(upgrade.version).toBe("0.169.0");
    expect(upgrade["x-codex-routing-hint"]).toBe(`model=${MODEL}`);
    expect(upgrade["session-id"]).toBe(threadId);
    expect(upgrade["sec-websocket-extensions"]).toContain("permessage-deflate");

    const [prewarm, turn1, turn2] = upstream.frames;
    expect(upstream.frames).toHaveLength(3);
    expect(prewarm!.type).toBe("response.create");
    expect(prewarm!.generate).toBe(false);
    // The prewarm carries the base instructions (the first developer message) and nothing else.
    expect(prewarm!.input).toHaveLength(1);
    expect(prewarm!.input[0]!.role).toBe("developer");
    expect(JSON.parse(prewarm!.client_metadata["x-codex-turn-metadata"]!)).toMatchObject({ request_kind: "prewarm", turn_id: "" });

    expect(turn1!.generate).toBeUndefined();
    expect(turn1!.previous_response_id).toBe("resp_prewarm_1");
    expect(messageTexts(turn1!.input)).toContain("first question");
    expect(turn1!.input).not.toContainEqual(prewarm!.input[0]);
    expect(JSON.parse(turn1!.client_metadata["x-codex-turn-metadata"]!)).toMatchObject({ request_kind: "turn" });
    expect(turn1!.client_metadata["x-codex-ws-stream-request-start-ms"]).toMatch(/^\d+$/);
    expect(turn1!.client_metadata).toHaveProperty("ws_request_header_x_openai_internal_codex_responses_lite");

    expect(turn2!.previous_response_id).toMatch(/^resp_/);
    expect(turn2!.previous_response_id).not.toBe("resp_prewarm_1");
    expect(messageTexts(turn2!.input)).toContain("second question");
    expect(messageTexts(turn2!.input)).not.toContain("first question");
    expect(messageTexts(turn2!.input)).not.toContain("Hello over websocket.");
  });

  it("a socket dropped mid-response is reconnected (Reconnecting 1/5) on a fresh connection with the full input", async () => {
    const { server, upstream } = await start();
    upstream.replies.push({ events: textResponse({ deltas: ["partial ", "answer"] }), dropAfter: 2 });
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("question"));
    expect(done.turn.status).toBe("completed");
    const stream = turnStream(server, threadId, done.turn.id);
    const errors = stream.filter((m) => m.method === "error").map((m) => m.params as any);
    expect(errors.map((e) => [e.error.message, e.willRetry])).toEqual([["Reconnecting... 1/5", true]]);
    expect(errors[0].error.codexErrorInfo).toEqual({ responseStreamDisconnected: { httpStatusCode: null } });
    const completed = stream.filter((m) => m.method === "item/completed" && (m.params as any).item.type === "agentMessage");
    expect(completed.map((m) => (m.params as any).item.text)).toEqual(["Hello over websocket."]);
    expect(upstream.upgrades).toHaveLength(2);
    // The new connection is prewarmed again and the request chains on that prewarm, not on the lost response.
    const generating = upstream.frames.filter((frame) => frame.generate !== false);
    expect(generating).toHaveLength(2);
    expect(generating[1]!.previous_response_id).toBe("resp_prewarm_2");
    expect(messageTexts(generating[1]!.input)).toContain("question");
  });
});

describe("backend signals over WebSocket", () => {
  it("the upgrade's OpenAI-Model header describes every response on the connection: model/rerouted (and its warning) once in each turn", async () => {
    const { server, upstream } = await start();
    upstream.upgradeHeaders.push("OpenAI-Model: gpt-5.2");
    const threadId = await startThread(server);
    const first = await runTurn(server, threadId, text("first question"));
    const second = await runTurn(server, threadId, text("second question"));
    expect(upstream.upgrades).toHaveLength(1);
    for (const done of [first, second]) {
      const stream = turnStream(server, threadId, done.turn.id);
      const rerouted = stream.filter((m) => m.method === "model/rerouted").map((m) => m.params);
      expect(rerouted).toEqual([{ threadId, turnId: done.turn.id, fromModel: MODEL, toModel: "gpt-5.2", reason: "highRiskCyberActivity" }]);
      const methods = stream.map((m) => m.method);
      expect(methods.indexOf("model/rerouted")).toBeLessThan(methods.indexOf("turn/completed"));
    }
    const warnings = server.received.filter((r) => r.message.method === "warning").map((r) => (r.message.params as any).message as string);
    expect(warnings.filter((message) => message.includes("high-risk cyber activity"))).toHaveLength(2);
    // Every request still asks for the requested model.
    expect(upstream.frames.filter((frame) => frame.generate !== false).map((frame) => frame.model)).toEqual([MODEL, MODEL]);
  });
});

describe("a socket that keeps dropping mid-response", () => {
  it("is reconnected 5 times, then the turn falls back to HTTP + SSE with the last disconnect as the reason; the daemon goes on", async () => {
    const { server, upstream } = await start();
    for (let i = 0; i < 6; i++) upstream.replies.push({ events: textResponse({ deltas: ["partial ", "answer"] }), dropAfter: 2 });
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("question"));
    expect(done.turn.status).toBe("completed");
    const stream = turnStream(server, threadId, done.turn.id);
    const errors = stream.filter((m) => m.method === "error").map((m) => m.params as any);
    expect(errors.map((e) => [e.error.message, e.willRetry])).toEqual([1, 2, 3, 4, 5].map((n) => [`Reconnecting... ${n}/5`, true]));
    expect(errors.every((e) => e.error.codexErrorInfo?.responseStreamDisconnected?.httpStatusCode === null)).toBe(true);
    const fallbacks = server.received
      .filter((r) => r.message.method === "warning")
      .map((r) => (r.message.params as any).message as string)
      .filter((message) => message.startsWith("Falling back from WebSockets"));
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatch(/^Falling back from WebSockets to HTTPS transport\. stream disconnected before completion: websocket closed/);
    // The partial answers of the dropped attempts are not kept; the HTTP answer is the turn's message.
    const messages = stream.filter((m) => m.method === "item/completed" && (m.params as any).item.type === "agentMessage");
    expect(messages.map((m) => (m.params as any).item.text)).toEqual(["Hello over HTTP."]);
    expect(upstream.upgrades).toHaveLength(6);
    expect(upstream.posts).toHaveLength(1);
    // The daemon still serves requests after it.
    expect((await server.call("thread/read", { threadId })).thread.id).toBe(threadId);
  });
});

describe("fallback to HTTP + SSE", () => {
  it("a refused upgrade is retried 5 times, then a warning and HTTPS with a zstd body; the thread stays on HTTP", async () => {
    const { server, upstream } = await start();
    upstream.refuseUpgradeWith = 426;
    const threadId = await startThread(server);
    const done = await runTurn(server, threadId, text("question"));
    expect(done.turn.status).toBe("completed");
    const stream = turnStream(server, threadId, done.turn.id);
    const errors = stream.filter((m) => m.method === "error").map((m) => m.params as any);
    expect(errors.map((e) => e.error.message)).toEqual([1, 2, 3, 4, 5].map((n) => `Reconnecting... ${n}/5`));
    expect(errors.every((e) => e.willRetry === true)).toBe(true);
    expect(errors[0].error.codexErrorInfo).toEqual({ responseStreamDisconnected: { httpStatusCode: 426 } });
    // (The other warning is the unknown-model one: gpt-5.1-codex is not in the catalogue.)
    const warnings = server.received.filter((r) => r.message.method === "warning").map((r) => (r.message.params as any).message as string);
    const fallbacks = warnings.filter((message) => message.startsWith("Falling back from WebSockets"));
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toBe("Falling back from WebSockets to HTTPS transport. websocket upgrade failed: HTTP 426");
    expect(upstream.upgrades).toHaveLength(6);

    expect(upstream.posts).toHaveLength(1);
    const [post] = upstream.posts;
    expect(post!.headers["content-encoding"]).toBe("zstd");
    expect(post!.headers.accept).toBe("text/event-stream");
    expect(post!.headers["chatgpt-account-id"]).toBe("acct-ws");
    expect(post!.body.model).toBe(MODEL);
    expect(post!.body.previous_response_id).toBeUndefined();
    expect(messageTexts(post!.body.input)).toContain("question");

    const next = await runTurn(server, threadId, text("again"));
    expect(next.turn.status).toBe("completed");
    expect(upstream.upgrades).toHaveLength(6);
    expect(upstream.posts).toHaveLength(2);
  });

  it("AGENT_APP_SERVER_MODEL_WEBSOCKETS=0: HTTP + SSE from the start, still zstd-compressed", async () => {
    const { server, upstream } = await start([], { env: { AGENT_APP_SERVER_MODEL_WEBSOCKETS: "0" } });
    const threadId = await startThread(server);
    expect((await runTurn(server, threadId, text("question"))).turn.status).toBe("completed");
    expect(upstream.upgrades).toHaveLength(0);
    expect(upstream.posts.map((p) => p.headers["content-encoding"])).toEqual(["zstd"]);
  });

  it("features.responses_websockets=false is a removed key codex 0.169.0 ignores: still WebSocket first", async () => {
    const { server, upstream } = await start(["-c", "features.responses_websockets=false"]);
    const threadId = await startThread(server);
    expect((await runTurn(server, threadId, text("question"))).turn.status).toBe("completed");
    expect(upstream.upgrades.length).toBeGreaterThanOrEqual(1);
    expect(upstream.posts).toHaveLength(0);
  });
});

/** The turn's `error` notifications as [message, willRetry, additionalDetails]. */
function turnErrors(server: ServerProcess, threadId: string, turnId: string): [string, boolean, string | null][] {
  return turnStream(server, threadId, turnId)
    .filter((m) => m.method === "error")
    .map((m) => m.params as any)
    .map((e) => [e.error.message, e.willRetry, e.error.additionalDetails]);
}

const reconnects = (reason: string) => [1, 2, 3, 4, 5].map((n): [string, boolean, string | null] => [`Reconnecting... ${n}/5`, true, reason]);

describe("workspace routing", () => {
  it("model traffic goes to the origin accounts/check assigns to the signed-in workspace (path of chatgpt_base_url kept)", async () => {
    const backend = await new BackendMock().start();
    try {
      // chatgpt_base_url is the plain-HTTP backend; accounts/check there names the TLS upstream's origin.
      const { server, upstream } = await start([], { base: backend.url("/backend-api") });
      backend.route("GET /backend-api/wham/accounts/check", {
        body: { accounts: [{ id: "acct-ws", workspace_backend_origin: upstream.url(""), account_routing_override: "NO_CONSTRAINT" }] },
      });
      const threadId = await startThread(server);
      expect((await runTurn(server, threadId, text("question"))).turn.status).toBe("completed");
      expect(backend.requestsTo("/backend-api/wham/accounts/check").length).toBeGreaterThanOrEqual(1);
      expect(backend.requests.filter((r) => r.path.includes("/codex/responses"))).toEqual([]);
      expect(upstream.upgrades).toHaveLength(1);
      expect(upstream.frames.filter((frame) => frame.generate !== false)).toHaveLength(1);
      expect(upstream.upgrades[0]!["x-openai-account-routing-override"]).toBeUndefined();
    } finally {
      await backend.close();
    }
  });

  it("with NO_CONSTRAINT the configured (https) chatgpt_base_url is used, after accounts/check and before any model request", async () => {
    const { server, upstream } = await start();
    const threadId = await startThread(server);
    expect((await runTurn(server, threadId, text("question"))).turn.status).toBe("completed");
    expect(upstream.upgrades).toHaveLength(1);
    expect(upstream.accountsChecks).toHaveLength(1);
    expect(upstream.accountsChecks[0]!["chatgpt-account-id"]).toBe("acct-ws");
    expect(upstream.accountsChecks[0]!.authorization).toBe("Bearer chatgpt-token");
    // A successful discovery is remembered: the next turn asks no more.
    expect((await runTurn(server, threadId, text("again"))).turn.status).toBe("completed");
    expect(upstream.accountsChecks).toHaveLength(1);
  });

  it("a us routing override is sent as x-openai-account-routing-override on model requests", async () => {
    const { server, upstream } = await start([], { env: { AGENT_APP_SERVER_MODEL_WEBSOCKETS: "0" } });
    upstream.accountsCheck = (id) => ({
      status: 200,
      body: { accounts: [{ id, workspace_backend_origin: "NO_CONSTRAINT", account_routing_override: "us" }] },
    });
    const threadId = await startThread(server);
    expect((await runTurn(server, threadId, text("question"))).turn.status).toBe("completed");
    expect(upstream.posts.map((post) => post.headers["x-openai-account-routing-override"])).toEqual(["us"]);
  });

  it("while accounts/check fails (404) every attempt fails with its text and asks again; the turn fails; once it answers, the next turn works", async () => {
    const { server, upstream } = await start();
    upstream.accountsCheck = () => ({ status: 404, body: { detail: "not found" } });
    const threadId = await startThread(server);
    const failed = await runTurn(server, threadId, text("question"));
    expect(failed.turn.status).toBe("failed");
    // As codex 0.169.0 reports it: each attempt a dropped stream, the turn `other` with no details.
    expect(failed.turn.error).toEqual({ message: "workspace routing discovery failed", codexErrorInfo: "other", additionalDetails: null, misalignment: null });
    const retryInfos = turnStream(server, threadId, failed.turn.id).filter((m) => m.method === "error").map((m) => (m.params as any).error.codexErrorInfo);
    expect(retryInfos).toEqual([...Array(5).fill({ responseStreamDisconnected: { httpStatusCode: null } }), "other"]);
    expect(turnErrors(server, threadId, failed.turn.id)).toEqual([
      ...reconnects("workspace routing discovery failed"),
      ["workspace routing discovery failed", false, null],
    ]);
    // The first attempt and each of the 5 retries asked again; no model request was made anywhere.
    expect(upstream.accountsChecks).toHaveLength(6);
    expect(upstream.upgrades).toHaveLength(0);
    expect(upstream.posts).toHaveLength(0);

    upstream.accountsCheck = unconstrainedWorkspace;
    const next = await runTurn(server, threadId, text("again"));
    expect(next.turn.status).toBe("completed");
    expect(upstream.accountsChecks).toHaveLength(7);
    expect(upstream.upgrades).toHaveLength(1);
  });

  it("a routed origin that is not https is refused (loopback included): no traffic goes there", async () => {
    const plain = await new LoopbackResponses().start();
    try {
      const { server, upstream } = await start();
      upstream.accountsCheck = (id) => ({
        status: 200,
        body: { accounts: [{ id, workspace_backend_origin: plain.url(""), account_routing_override: "NO_CONSTRAINT" }] },
      });
      const threadId = await startThread(server);
      const failed = await runTurn(server, threadId, text("question"));
      expect(failed.turn.status).toBe("failed");
      const reason = "workspace backend must use an HTTPS origin without credentials";
      expect(failed.turn.error).toMatchObject({ message: reason });
      expect(turnErrors(server, threadId, failed.turn.id)).toEqual([...reconnects(reason), [reason, false, null]]);
      expect(upstream.accountsChecks).toHaveLength(6);
      expect([plain.upgrades.length, plain.posts.length, upstream.upgrades.length, upstream.posts.length]).toEqual([0, 0, 0, 0]);
    } finally {
      await plain.close();
    }
  });

  it("with NO_CONSTRAINT a plain-http chatgpt_base_url is refused", async () => {
    const { server, upstream } = await start([], { plainHttp: true });
    const threadId = await startThread(server);
    const failed = await runTurn(server, threadId, text("question"));
    expect(failed.turn.status).toBe("failed");
    expect(failed.turn.error).toMatchObject({ message: "workspace backend must use an HTTPS origin without credentials" });
    expect(upstream.accountsChecks).toHaveLength(6);
    expect([upstream.upgrades.length, upstream.posts.length]).toEqual([0, 0]);
  });
});
