import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { WireMessage } from "../helpers/server-process.js";
import { listenTurnServer, text, workdir } from "../helpers/turns.js";
import { script, exec, toolOutput } from "../helpers/tools.js";
import { stopListeningServers, WsClient, type Endpoint } from "../helpers/ws-client.js";

/** The reference's text for a declined command (codex-cli 0.169.0). */
const REJECTED_BY_USER = 'exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }';

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
  // Everything each connection received conforms to the reference schema.
  for (const c of clients) expect(c.conformanceProblems()).toEqual([]);
});

const APPROVAL = "item/commandExecution/requestApproval";

async function client(endpoint: Endpoint, name: string): Promise<WsClient> {
  const c = await WsClient.connect(endpoint);
  clients.push(c);
  await c.initialize(null, name);
  return c;
}

function answer(c: WsClient, request: WireMessage, decision: string): void {
  c.sendRaw(JSON.stringify({ id: request.id, result: { decision } }));
}

function methods(c: WsClient, threadId: string): string[] {
  return c.received
    .map((r) => r.message)
    .filter((m) => typeof m.method === "string" && (m.params as any)?.threadId === threadId)
    .map((m) => m.method as string);
}

/** Clients a and b subscribed to one new thread that asks before running commands, working in a fresh `cwd`. */
async function twoClientsOnOneThread() {
  const { endpoint } = await listenTurnServer(mock);
  const a = await client(endpoint, "client_a");
  const b = await client(endpoint, "client_b");
  const cwd = workdir();
  const { thread } = await a.call("thread/start", { cwd, approvalPolicy: "untrusted", sandbox: "workspace-write" });
  await b.call("thread/resume", { threadId: thread.id });
  return { endpoint, a, b, cwd, thread };
}

function turnCompleted(c: WsClient, turnId: string): Promise<WireMessage> {
  return c.waitFor((m) => m.method === "turn/completed" && (m.params as any).turn.id === turnId);
}

describe("approvals with several connections on one thread", () => {
  it("both subscribers get the stream and the request (one id); the first answer wins, the other gets serverRequest/resolved", async () => {
    const { a, b, cwd, thread } = await twoClientsOnOneThread();
    script(mock, [[exec("call_shared", "echo shared > shared.txt && echo done")]]);
    const { turn } = await a.call("turn/start", { threadId: thread.id, input: text("write") });

    const [requestA, requestB] = await Promise.all([a.waitFor((m) => m.method === APPROVAL), b.waitFor((m) => m.method === APPROVAL)]);
    expect(requestA.id).toBe(requestB.id);
    expect(typeof requestA.id).toBe("number");
    expect(requestA.params).toEqual(requestB.params);
    answer(b, requestB, "accept");

    await Promise.all([turnCompleted(a, turn.id), turnCompleted(b, turn.id)]);
    // A late answer from the other connection changes nothing.
    answer(a, requestA, "decline");
    for (const c of [a, b]) {
      const seen = methods(c, thread.id);
      expect(seen).toContain("serverRequest/resolved");
      expect(seen.filter((m) => m === "serverRequest/resolved")).toHaveLength(1);
      expect(seen).toContain("item/commandExecution/outputDelta");
      expect(seen.indexOf("serverRequest/resolved")).toBeLessThan(seen.indexOf("item/commandExecution/outputDelta"));
      const done = c.received.map((r) => r.message).find((m) => m.method === "item/completed" && (m.params as any).item.id === "call_shared");
      expect((done!.params as any).item.status).toBe("completed");
    }
    expect(existsSync(path.join(cwd, "shared.txt"))).toBe(true);
    expect(mock.requests).toHaveLength(2);
    await a.close();
    await b.close();
  });

  it("a connection that resumes the thread while a request is pending gets it replayed with the same id", async () => {
    const { endpoint } = await listenTurnServer(mock);
    const a = await client(endpoint, "client_a");
    const { thread } = await a.call("thread/start", { cwd: workdir(), approvalPolicy: "untrusted", sandbox: "workspace-write" });
    script(mock, [[exec("call_replay", "echo x > r.txt")]]);
    const { turn } = await a.call("turn/start", { threadId: thread.id, input: text("write") });
    const requestA = await a.waitFor((m) => m.method === APPROVAL);

    const b = await client(endpoint, "client_b");
    await b.call("thread/resume", { threadId: thread.id });
    const requestB = await b.waitFor((m) => m.method === APPROVAL);
    expect(requestB.id).toBe(requestA.id);
    expect(requestB.params).toEqual(requestA.params);
    answer(b, requestB, "decline");
    await turnCompleted(a, turn.id);
    expect(toolOutput(mock.requests[1]!, "call_replay")).toBe(REJECTED_BY_USER);
    expect(methods(a, thread.id)).toContain("serverRequest/resolved");
    await a.close();
    await b.close();
  });

  it("a closing connection's request stays pending while another subscriber can answer; with none left the turn is interrupted", async () => {
    const { endpoint, a, b, cwd, thread } = await twoClientsOnOneThread();
    script(mock, [[exec("call_survive", "echo x > s.txt")], [exec("call_orphaned", "echo y > o.txt")]]);
    const { turn } = await a.call("turn/start", { threadId: thread.id, input: text("write") });
    await a.waitFor((m) => m.method === APPROVAL);
    const first = await b.waitFor((m) => m.method === APPROVAL);

    // A goes away: B can still answer.
    await a.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.notifications("serverRequest/resolved")).toHaveLength(0);
    answer(b, first, "accept");
    await b.waitFor((m) => m.method === "item/completed" && (m.params as any).item.id === "call_survive");
    expect(existsSync(path.join(cwd, "s.txt"))).toBe(true);

    // The next request has B as its only answerer; B, the last subscriber, goes away:
    // the turn is interrupted (nothing of it outlives its clients), the command never runs.
    await b.waitFor((m) => m.method === APPROVAL && (m.params as any).itemId === "call_orphaned");
    await b.close();

    // A new connection sees the turn stored as interrupted; the model was not asked again.
    const c = await client(endpoint, "client_c");
    const storedTurn = async () => (await c.call("thread/read", { threadId: thread.id, includeTurns: true })).thread.turns.at(-1);
    const until = Date.now() + 5_000;
    while ((await storedTurn()).status === "inProgress" && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    const last = await storedTurn();
    expect(last).toMatchObject({ id: turn.id, status: "interrupted" });
    expect(last.items.find((i: any) => i.id === "call_orphaned")).toMatchObject({ status: "declined" });
    expect(existsSync(path.join(cwd, "o.txt"))).toBe(false);
    expect(mock.requests).toHaveLength(2);
    await c.close();
  });
});
