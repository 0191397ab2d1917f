/**
 * No process outlives its client: when the last connection subscribed to a
 * thread goes away while a turn runs, the turn is interrupted (its commands
 * are killed) and stored as interrupted. `thread/unsubscribe` does not do that.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deltaResponse, startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { pidsWithArg, sleepMarker, waitUntil } from "../helpers/process-scan.js";
import { listenTurnServer, startThread, startTurn, startTurnServer, text, workdir } from "../helpers/turns.js";
import { FULL_ACCESS, script, exec } from "../helpers/tools.js";
import { WsClient, stopListeningServers, type Endpoint } from "../helpers/ws-client.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());
afterEach(stopListeningServers);

async function client(endpoint: Endpoint): Promise<WsClient> {
  const ws = await WsClient.connect(endpoint);
  await ws.initialize();
  return ws;
}

/** A thread (approval `never`, full access) whose turn runs `sleep <marker>` twice through the shell tool. */
async function startSleepingTurn(ws: WsClient, marker: string): Promise<{ threadId: string; turnId: string }> {
  script(mock, [[exec("call_sleep", `sleep ${marker} & sleep ${marker}`, { yield_time_ms: 30_000 })]]);
  const { thread } = await ws.call("thread/start", { cwd: workdir(), approvalPolicy: "never" });
  const { turn } = await ws.call("turn/start", { threadId: thread.id, input: text("sleep"), sandboxPolicy: FULL_ACCESS });
  await ws.waitFor((m) => m.method === "item/started" && (m.params as any).item.type === "commandExecution");
  expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
  return { threadId: thread.id, turnId: turn.id };
}

async function storedTurn(ws: WsClient, threadId: string, turnId: string): Promise<any> {
  const { thread } = await ws.call("thread/read", { threadId, includeTurns: true });
  return thread.turns.find((t: any) => t.id === turnId);
}

describe("disconnecting the last subscriber of a thread", () => {
  it("interrupts its running turn: the shell command is killed, the turn is stored interrupted", async () => {
    const { endpoint } = await listenTurnServer(mock);
    const a = await client(endpoint);
    const marker = sleepMarker();
    const { threadId, turnId } = await startSleepingTurn(a, marker);

    await a.close();
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);

    const b = await client(endpoint);
    expect(await waitUntil(async () => (await storedTurn(b, threadId, turnId))?.status === "interrupted")).toBe(true);
    const turn = await storedTurn(b, threadId, turnId);
    expect(turn).toMatchObject({ status: "interrupted", error: null, completedAt: expect.any(Number) });
    const command = turn.items.find((i: any) => i.type === "commandExecution");
    expect(command).toMatchObject({ id: "call_sleep", status: "failed" });
    // The model was not asked again after the interrupt.
    expect(mock.requests).toHaveLength(1);
  });

  it("keeps the turn running while another subscriber is connected", async () => {
    const { endpoint } = await listenTurnServer(mock);
    const a = await client(endpoint);
    const marker = sleepMarker();
    const { threadId, turnId } = await startSleepingTurn(a, marker);
    const b = await client(endpoint);
    await b.call("thread/resume", { threadId });

    await a.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pidsWithArg(marker)).toHaveLength(2);
    expect((await storedTurn(b, threadId, turnId)).status).toBe("inProgress");

    await b.call("turn/interrupt", { threadId, turnId });
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("thread/unsubscribe leaves the turn running", async () => {
    const { endpoint } = await listenTurnServer(mock);
    const a = await client(endpoint);
    const marker = sleepMarker();
    const { threadId, turnId } = await startSleepingTurn(a, marker);
    expect(await a.call("thread/unsubscribe", { threadId })).toEqual({ status: "unsubscribed" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pidsWithArg(marker)).toHaveLength(2);
    expect((await storedTurn(a, threadId, turnId)).status).toBe("inProgress");
    // Not subscribed any more: closing the connection does not interrupt it either.
    await a.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pidsWithArg(marker)).toHaveLength(2);

    const b = await client(endpoint);
    await b.call("turn/interrupt", { threadId, turnId });
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("a streaming model turn is interrupted too (the model stream is closed)", async () => {
    mock.enqueue({ type: "sse", events: deltaResponse(50, "tick "), delayMs: 40, hangAfter: 10 });
    const { endpoint } = await listenTurnServer(mock);
    const a = await client(endpoint);
    const { thread } = await a.call("thread/start", { cwd: workdir() });
    const { turn } = await a.call("turn/start", { threadId: thread.id, input: text("talk") });
    await a.waitFor((m) => m.method === "item/agentMessage/delta");
    await a.close();
    expect(await waitUntil(() => mock.abortedResponses === 1)).toBe(true);

    const b = await client(endpoint);
    expect(await waitUntil(async () => (await storedTurn(b, thread.id, turn.id))?.status === "interrupted")).toBe(true);
    const stored = await storedTurn(b, thread.id, turn.id);
    // As the reference does after an interrupt: the agent message that was streaming is not kept.
    expect(stored.items.map((i: any) => i.type)).toEqual(["userMessage"]);
  });

  it("stdio: end of input with a streaming turn stores it interrupted (no crash recovery needed at the next start)", async () => {
    mock.enqueue({ type: "sse", events: deltaResponse(50, "tick "), delayMs: 40, hangAfter: 10 });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("talk"));
    await server.waitForNotification("item/agentMessage/delta");
    expect(await server.close()).toEqual({ code: 0, signal: null });

    const { endpoint, server: restarted } = await listenTurnServer(mock, server.codexHome);
    const b = await client(endpoint);
    const stored = await storedTurn(b, threadId, turn.id);
    expect(restarted.stderr).not.toContain("marked turns cut by a previous process as interrupted");
    expect(stored).toMatchObject({ status: "interrupted", error: null });
    expect(stored.items.map((i: any) => i.type)).toEqual(["userMessage"]);
  });
});
