/**
 * A client that goes away while an MCP elicitation waits for its answer:
 * nobody left to answer counts as `cancel` (the MCP server is told so and its
 * call finishes), another subscriber of the turn's thread can still answer,
 * and the daemon keeps serving the other connections.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codexHomeWith, mcpMarker, scriptNamespacedCall, stdioServerToml } from "../helpers/mcp-servers.js";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { WireMessage } from "../helpers/server-process.js";
import { mcpOutputTexts, toolOutput } from "../helpers/tools.js";
import { listenTurnServer, text, workdir } from "../helpers/turns.js";
import { stopListeningServers, WsClient, type Endpoint } from "../helpers/ws-client.js";

const ELICITATION = "mcpServer/elicitation/request";
const ON_REQUEST = { approvalPolicy: "on-request", sandbox: "workspace-write" };

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
const clients: WsClient[] = [];
beforeEach(() => {
  mock.reset();
  clients.length = 0;
});
afterEach(async () => {
  await stopListeningServers();
  for (const c of clients) expect(c.conformanceProblems()).toEqual([]);
});

interface Setup {
  endpoint: Endpoint;
  /** What the MCP test server saw (MCP_TEST_CALL_LOG), one entry per line. */
  calls(): any[];
}

/** A ws daemon with the stdio test server `local`, which logs the answers its `ask` tool got. */
async function daemonWithMcpServer(): Promise<Setup> {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), "aas-mcp-log-")), "calls.jsonl");
  const home = codexHomeWith(stdioServerToml("local", mcpMarker(), `env = { MCP_TEST_CALL_LOG = ${JSON.stringify(log)} }`));
  const { endpoint } = await listenTurnServer(mock, home);
  return {
    endpoint,
    calls: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line)) : []),
  };
}

/** A connected, initialized client; the first one of a daemon also waits for the MCP server to be ready (later ones missed that broadcast). */
async function client(endpoint: Endpoint, name: string): Promise<WsClient> {
  const c = await WsClient.connect(endpoint);
  clients.push(c);
  await c.initialize(null, name);
  if (clients.length === 1) await c.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "local" && p.status === "ready", 15_000);
  return c;
}

async function eventually<T>(read: () => T, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The thread's turns as another connection reads them, once its last turn has ended. */
async function endedTurns(reader: WsClient, threadId: string): Promise<any[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { thread } = await reader.call("thread/read", { threadId, includeTurns: true });
    const last = thread.turns.at(-1);
    if (last && last.status !== "inProgress") return thread.turns;
    if (Date.now() > deadline) throw new Error(`turn still running: ${JSON.stringify(thread.turns)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function elicitation(c: WsClient): Promise<WireMessage> {
  return c.waitFor((m) => m.method === ELICITATION && "id" in m, 15_000);
}

describe("a client that disconnects while an MCP elicitation is pending", () => {
  it("a direct mcpServer/tool/call: the MCP server gets cancel, its call finishes, other connections are served", async () => {
    const setup = await daemonWithMcpServer();
    const a = await client(setup.endpoint, "client_a");
    const { thread } = await a.call("thread/start", { cwd: workdir(), ...ON_REQUEST });
    void a.request("mcpServer/tool/call", { threadId: thread.id, server: "local", tool: "ask", arguments: { question: "Name?" } });
    await elicitation(a);
    await a.close();

    const answers = await eventually(setup.calls, (calls) => calls.length > 0);
    expect(answers).toEqual([{ tool: "ask", answer: { action: "cancel" } }]);

    const b = await client(setup.endpoint, "client_b");
    b.onServerRequest(() => ({ action: "accept", content: { name: "Grace" } }));
    const other = await b.call("thread/start", { cwd: workdir(), ...ON_REQUEST });
    const result = await b.call("mcpServer/tool/call", { threadId: other.thread.id, server: "local", tool: "ask", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: 'accept: {"name":"Grace"}' }]);
  });

  it("a model's call in a turn whose only subscriber leaves: cancel reaches the MCP server, the turn ends, the daemon serves on", async () => {
    const setup = await daemonWithMcpServer();
    const a = await client(setup.endpoint, "client_a");
    const { thread } = await a.call("thread/start", { cwd: workdir(), ...ON_REQUEST });
    scriptNamespacedCall(mock, "mcp__local", "ask", "call_ask", { question: "Name?" });
    await a.call("turn/start", { threadId: thread.id, input: text("ask me") });
    const asked = await elicitation(a);
    expect(asked.params).toMatchObject({ threadId: thread.id, serverName: "local", mode: "form", message: "Name?" });
    await a.close();

    expect(await eventually(setup.calls, (calls) => calls.length > 0)).toEqual([{ tool: "ask", answer: { action: "cancel" } }]);
    const b = await client(setup.endpoint, "client_b");
    const [turn] = await endedTurns(b, thread.id);
    expect(turn.status).toBe("interrupted");

    // The daemon and the MCP server still work for the next client.
    mock.reset();
    scriptNamespacedCall(mock, "mcp__local", "echo", "call_echo", { text: "still here" });
    const other = await b.call("thread/start", { cwd: workdir(), ...ON_REQUEST });
    const { turn: next } = await b.call("turn/start", { threadId: other.thread.id, input: text("echo") });
    const completed = await b.waitForNotification("turn/completed", (p) => p.turn.id === next.id, 15_000);
    expect(completed.turn.status).toBe("completed");
    expect(mcpOutputTexts(toolOutput(mock.requests[1]!, "call_echo"))).toEqual(["echo: still here"]);
  });

  it("a model's call in a turn with another subscriber: the request stays with the one left, whose answer reaches the MCP server", async () => {
    const setup = await daemonWithMcpServer();
    const a = await client(setup.endpoint, "client_a");
    const b = await client(setup.endpoint, "client_b");
    const { thread } = await a.call("thread/start", { cwd: workdir(), ...ON_REQUEST });
    await b.call("thread/resume", { threadId: thread.id });
    scriptNamespacedCall(mock, "mcp__local", "ask", "call_ask", { question: "Name?" });
    const { turn } = await a.call("turn/start", { threadId: thread.id, input: text("ask me") });
    const [toA, toB] = await Promise.all([elicitation(a), elicitation(b)]);
    expect(toA.id).toBe(toB.id);
    await a.close();
    // Still pending after a's departure: nothing was resolved and the MCP server has no answer yet.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.notifications("serverRequest/resolved")).toEqual([]);
    expect(setup.calls()).toEqual([]);

    b.sendRaw(JSON.stringify({ id: toB.id, result: { action: "accept", content: { name: "Ada" } } }));
    const completed = await b.waitForNotification("turn/completed", (p) => p.turn.id === turn.id, 15_000);
    expect(completed.turn.status).toBe("completed");
    expect(setup.calls()).toEqual([{ tool: "ask", answer: { action: "accept", content: { name: "Ada" } } }]);
    expect(mcpOutputTexts(toolOutput(mock.requests[1]!, "call_ask"))).toEqual(['accept: {"name":"Ada"}']);
    expect(b.notifications("serverRequest/resolved")).toEqual([expect.objectContaining({ params: { threadId: thread.id, requestId: toB.id } })]);
  });

  it("a tool approval pending when the only subscriber leaves counts as cancel: the tool never runs", async () => {
    const setup = await daemonWithMcpServer();
    const a = await client(setup.endpoint, "client_a");
    const { thread } = await a.call("thread/start", { cwd: workdir(), ...ON_REQUEST });
    scriptNamespacedCall(mock, "mcp__local", "remove", "call_rm", { path: "a.txt" });
    await a.call("turn/start", { threadId: thread.id, input: text("remove it") });
    const asked = await elicitation(a);
    expect((asked.params as any)._meta).toMatchObject({ codex_approval_kind: "mcp_tool_call" });
    await a.close();

    const b = await client(setup.endpoint, "client_b");
    const [turn] = await endedTurns(b, thread.id);
    expect(turn.status).toBe("interrupted");
    // Give a wrongly approved call time to reach the MCP server.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(setup.calls()).toEqual([]);
    expect(mock.requests).toHaveLength(1);
  });
});
