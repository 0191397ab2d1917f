import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadFixture, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { conversation, kinds, runTurn, startThread, startTurn, startTurnServer, text, turnCompleted, turnStream } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function firstDelta(server: ServerProcess, turnId: string) {
  return server.waitForNotification("item/agentMessage/delta", (p) => p.turnId === turnId);
}

/** Position of the first received message matching `predicate`. */
function indexOf(server: ServerProcess, predicate: (m: Record<string, any>) => boolean): number {
  return server.received.findIndex((r) => predicate(r.message as Record<string, any>));
}

describe("turn/interrupt", () => {
  it("answers once the turn stopped, then idle, then turn/completed interrupted", async () => {
    mock.enqueue({
      type: "sse",
      events: textResponse({ messageId: "msg_i", deltas: ["one ", "two ", "three"] }),
      hangAfter: 5,
      headers: { "x-codex-primary-used-percent": "42", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": "1795660000" },
    });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("count"));
    await firstDelta(server, turn.id);

    const interrupted = server.request("turn/interrupt", { threadId, turnId: turn.id });
    const completed = await turnCompleted(server, turn.id);
    expect((await interrupted).result).toEqual({});

    const answer = indexOf(server, (m) => !("method" in m) && m.result && server.received.find((r) => r.message === m)?.requestMethod === "turn/interrupt");
    const idle = indexOf(server, (m) => m.method === "thread/status/changed" && m.params.status.type === "idle");
    const done = indexOf(server, (m) => m.method === "turn/completed");
    expect(answer).toBeGreaterThan(-1);
    expect(answer).toBeLessThan(idle);
    expect(idle).toBeLessThan(done);

    expect(completed.turn).toMatchObject({ id: turn.id, status: "interrupted", error: null, itemsView: "summary" });
    // As the reference does: the agent message that was streaming is dropped, never completed.
    expect(completed.turn.items).toEqual([]);
    expect(server.notifications("item/started").filter((m: any) => m.params.item.id === "msg_i")).toHaveLength(1);
    expect(server.notifications("item/completed").filter((m: any) => m.params.item.type === "agentMessage")).toEqual([]);
    // The cut response's rate limits are still reported, before turn/completed.
    const limits = indexOf(server, (m) => m.method === "account/rateLimits/updated");
    expect(limits).toBeGreaterThan(-1);
    expect(limits).toBeLessThan(done);
    expect((server.notifications("account/rateLimits/updated")[0] as any).params.rateLimits.primary).toMatchObject({ usedPercent: 42 });
    expect(server.notifications("error")).toHaveLength(0);
    // The model stream was closed.
    await expect.poll(() => mock.abortedResponses).toBe(1);
    const read = await server.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread.turns[0]).toMatchObject({ id: turn.id, status: "interrupted" });
    expect(read.thread.turns[0].items.map((i: any) => i.type)).toEqual(["userMessage"]);

    // The thread takes the next turn; the user's message is part of its context, the partial answer is not.
    await runTurn(server, threadId, text("again"));
    const input = conversation(mock.requests[1]!.body.input as any[]);
    expect(input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "count" }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "again" }] },
    ]);
  });

  it("an interrupted turn still reports the thread's token usage, and thread/read keeps no partial answer", async () => {
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["first"], usage: { input: 30, output: 7 } }) });
    mock.enqueue({ type: "sse", events: textResponse({ messageId: "msg_cut", deltas: ["a ", "b ", "c"] }), hangAfter: 5 });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("one"));
    const turn = await startTurn(server, threadId, text("two"));
    await firstDelta(server, turn.id);
    await server.call("turn/interrupt", { threadId, turnId: turn.id });
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn).toMatchObject({ status: "interrupted", items: [] });

    const usage = server.notifications("thread/tokenUsage/updated").map((m: any) => m.params).filter((p: any) => p.turnId === turn.id);
    expect(usage).toHaveLength(1);
    expect(usage[0].tokenUsage.total).toMatchObject({ inputTokens: 30, outputTokens: 7, totalTokens: 37 });
    expect(indexOf(server, (m) => m.method === "thread/tokenUsage/updated" && m.params.turnId === turn.id)).toBeLessThan(
      indexOf(server, (m) => m.method === "turn/completed" && m.params.turn.id === turn.id),
    );
    expect(server.notifications("item/completed").filter((m: any) => m.params.item.id === "msg_cut")).toEqual([]);
    const read = await server.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread.turns.map((t: any) => t.items.map((i: any) => i.type))).toEqual([["userMessage", "agentMessage"], ["userMessage"]]);
  });

  it("interrupts a turn still waiting for the model's first byte", async () => {
    mock.enqueue({ type: "hang" });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("wait"));
    await mock.waitForRequest(0);
    expect(await server.call("turn/interrupt", { threadId, turnId: turn.id })).toEqual({});
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn).toMatchObject({ status: "interrupted", items: [] });
  });

  it("refuses unknown, mismatched and finished turns", async () => {
    mock.enqueue({ type: "sse", events: textResponse(), hangAfter: 5 });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    expect(await server.callError("turn/interrupt", { threadId, turnId: "nope" })).toEqual({
      code: -32600,
      message: "no active turn to interrupt",
    });
    const turn = await startTurn(server, threadId);
    await firstDelta(server, turn.id);
    expect(await server.callError("turn/interrupt", { threadId, turnId: "other" })).toEqual({
      code: -32600,
      message: `expected active turn id other but found ${turn.id}`,
    });
    await server.call("turn/interrupt", { threadId, turnId: turn.id });
    await turnCompleted(server, turn.id);
    expect(await server.callError("turn/interrupt", { threadId, turnId: turn.id })).toEqual({
      code: -32600,
      message: "no active turn to interrupt",
    });
  });
});

describe("turn/steer and a second turn/start on a busy thread", () => {
  it("adds the steered input to the running turn; it reaches the model with the next request", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    mock.enqueue(
      { type: "sse", events: textResponse({ messageId: "msg_s1", deltas: ["working", " on it"] }), waitBefore: { index: 5, promise: gate } },
      { type: "sse", events: textResponse({ messageId: "msg_s2", deltas: ["adjusted"] }) },
    );
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("write a poem"));
    await firstDelta(server, turn.id);

    const steered = await server.call("turn/steer", {
      threadId,
      expectedTurnId: turn.id,
      input: text("make it rhyme"),
      clientUserMessageId: "client-msg-2",
    });
    expect(steered).toEqual({ turnId: turn.id });
    release();
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(completed.turn.items).toEqual([expect.objectContaining({ id: "msg_s2", text: "adjusted" })]);
    expect(server.notifications("turn/started")).toHaveLength(1);

    const items = turnStream(server, threadId, turn.id)
      .filter((m) => m.method === "item/completed")
      .map((m) => (m.params as any).item);
    expect(items.map((i) => [i.type, i.text ?? i.content?.[0]?.text, i.clientId ?? null])).toEqual([
      ["userMessage", "write a poem", null],
      ["agentMessage", "working on it", null],
      ["userMessage", "make it rhyme", "client-msg-2"],
      ["agentMessage", "adjusted", null],
    ]);
    expect(mock.requests).toHaveLength(2);
    expect(conversation(mock.requests[1]!.body.input as any[]).slice(-3)).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "write a poem" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "working on it" }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "make it rhyme" }] },
    ]);
    // Both usage reports belong to the one turn.
    expect(server.notifications("thread/tokenUsage/updated").map((m) => (m.params as any).turnId)).toEqual([turn.id, turn.id]);
  });

  it("checks expectedTurnId, empty input and the running turn", async () => {
    mock.enqueue({ type: "sse", events: textResponse(), hangAfter: 5 });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    expect(await server.callError("turn/steer", { threadId, expectedTurnId: "t", input: text("x") })).toEqual({
      code: -32600,
      message: "no active turn to steer",
    });
    const turn = await startTurn(server, threadId);
    await firstDelta(server, turn.id);
    expect(await server.callError("turn/steer", { threadId, expectedTurnId: "wrong", input: text("x") })).toEqual({
      code: -32600,
      message: `expected active turn id \`wrong\` but found \`${turn.id}\``,
    });
    expect(await server.callError("turn/steer", { threadId, expectedTurnId: turn.id, input: [] })).toEqual({
      code: -32600,
      message: "input must not be empty",
    });
    expect(await server.callError("turn/steer", { threadId, expectedTurnId: "", input: text("x") })).toEqual({
      code: -32600,
      message: "expectedTurnId must not be empty",
    });
    const big = await server.callError("turn/steer", { threadId, expectedTurnId: turn.id, input: text("z".repeat(1_048_577)) });
    expect(big.code).toBe(-32602);
    await server.call("turn/interrupt", { threadId, turnId: turn.id });
  });

  it("merges a second turn/start into the running turn (steer semantics)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    mock.enqueue(
      { type: "sse", events: textResponse({ messageId: "msg_m1", deltas: ["first"] }), waitBefore: { index: 5, promise: gate } },
      { type: "sse", events: textResponse({ messageId: "msg_m2", deltas: ["second"] }) },
    );
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("one"));
    await firstDelta(server, turn.id);
    const schema = { type: "object", properties: {}, additionalProperties: false };
    expect(await server.callError("turn/start", { threadId, input: text("x"), outputSchema: schema })).toEqual({
      code: -32600,
      message: "active turn uses a different output schema",
    });
    const merged = await startTurn(server, threadId, text("two"));
    expect(merged).toMatchObject({ id: turn.id, status: "inProgress", items: [] });
    release();
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.items[0].text).toBe("second");
    expect(server.notifications("turn/started")).toHaveLength(1);
    expect(server.notifications("turn/completed")).toHaveLength(1);
    expect(conversation(mock.requests[1]!.body.input as any[]).at(-1)).toEqual({ type: "message", role: "user", content: [{ type: "input_text", text: "two" }] });
  });
});

describe("thread/compact/start", () => {
  it("runs a compaction turn and replaces the model context by the summary", async () => {
    mock.enqueue(
      { type: "sse", events: textResponse({ deltas: ["Hi there!"] }) },
      { type: "sse", events: loadFixture("compaction-summary") },
      { type: "sse", events: textResponse({ deltas: ["ok"] }) },
    );
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const first = await runTurn(server, threadId, text("greet me"));

    expect(await server.call("thread/compact/start", { threadId })).toEqual({});
    const started = await server.waitForNotification("turn/started", (p) => p.threadId === threadId && p.turn.id !== first.turn.id);
    const turnId = started.turn.id as string;
    const completed = await turnCompleted(server, turnId);
    expect(completed.turn).toMatchObject({ status: "completed", error: null, items: [] });

    const answer = server.received.findIndex((r) => r.requestMethod === "thread/compact/start");
    const sequence = kinds(server, server.received.slice(answer).map((r) => r.message)).filter((k) => k !== "thread/readState/changed");
    expect(sequence.slice(0, sequence.indexOf("turn/completed") + 1)).toEqual([
      "response:thread/compact/start",
      "thread/status/changed",
      "turn/started",
      "item/started",
      "item/completed",
      "thread/compacted",
      "thread/tokenUsage/updated",
      "account/rateLimits/updated",
      "thread/status/changed",
      "turn/completed",
    ]);
    const compaction = turnStream(server, threadId, turnId).filter((m) => m.method === "item/started" || m.method === "item/completed");
    expect(compaction.map((m) => (m.params as any).item.type)).toEqual(["contextCompaction", "contextCompaction"]);
    expect((compaction[0]!.params as any).item.id).toBe((compaction[1]!.params as any).item.id);
    expect(server.notifications("thread/compacted").map((m) => m.params)).toEqual([{ threadId, turnId }]);

    // One request asking for a summary of the history.
    const summaryRequest = mock.requests[1]!.body;
    const summaryInput = summaryRequest.input as any[];
    expect(conversation(summaryInput)).toContainEqual({ type: "message", role: "assistant", content: [{ type: "output_text", text: "Hi there!" }] });
    expect(summaryInput.at(-1).role).toBe("user");
    expect(summaryInput.at(-1).content[0].text).toMatch(/summary/i);

    // The next turn sees the user's messages and the summary instead of the full history.
    await runTurn(server, threadId, text("what now?"));
    const next = conversation(mock.requests[2]!.body.input as any[]);
    expect(next).toHaveLength(3);
    expect(next[0]).toEqual({ type: "message", role: "user", content: [{ type: "input_text", text: "greet me" }] });
    expect(next[1].content[0].text).toContain("The user asked for a greeting; it was given.");
    expect(next[2]).toEqual({ type: "message", role: "user", content: [{ type: "input_text", text: "what now?" }] });
  });

  it("cannot be steered or merged into", async () => {
    mock.enqueue({ type: "sse", events: loadFixture("compaction-summary"), hangAfter: 3 });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    await server.call("thread/compact/start", { threadId });
    const started = await server.waitForNotification("turn/started", (p) => p.threadId === threadId);
    const turnId = started.turn.id as string;
    await mock.waitForRequest(0);
    const data = {
      message: "cannot steer a compact turn",
      codexErrorInfo: { activeTurnNotSteerable: { turnKind: "compact" } },
      additionalDetails: null,
      misalignment: null,
    };
    expect(await server.callError("turn/steer", { threadId, expectedTurnId: turnId, input: text("x") })).toEqual({
      code: -32600,
      message: "cannot steer a compact turn",
      data,
    });
    expect(await server.callError("turn/start", { threadId, input: text("x") })).toEqual({
      code: -32600,
      message: "cannot steer a compact turn",
      data,
    });
    await server.call("turn/interrupt", { threadId, turnId });
    const completed = await turnCompleted(server, turnId);
    expect(completed.turn.status).toBe("interrupted");
  });
});
