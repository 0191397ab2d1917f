import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { conversation, runTurn, startThread, startTurn, startTurnServer, text } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function home(): string {
  return mkdtempSync(path.join(os.tmpdir(), "aas-turn-home-"));
}

describe("turns across server restarts", () => {
  it("resumes a thread in a new process and sends the earlier exchange to the model", async () => {
    const codexHome = home();
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Paris."] }) }, { type: "sse", events: textResponse({ deltas: ["About 2.1 million."] }) });
    const first = await startTurnServer(mock, { codexHome });
    const threadId = await startThread(first);
    const done = await runTurn(first, threadId, text("capital of France?"));
    expect(done.turn.status).toBe("completed");
    expect(await first.close()).toEqual({ code: 0, signal: null });

    const second = await startTurnServer(mock, { codexHome });
    const resumed = await second.call("thread/resume", { threadId });
    expect(resumed.thread.turns.map((t: any) => t.status)).toEqual(["completed"]);
    expect(resumed.thread.turns[0].items.map((i: any) => i.type)).toEqual(["userMessage", "agentMessage"]);
    const next = await runTurn(second, threadId, text("and its population?"));
    expect(next.turn.items[0].text).toBe("About 2.1 million.");
    expect(conversation(mock.requests[1]!.body.input as any[])).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "capital of France?" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Paris." }] },
      { type: "message", role: "user", content: [{ type: "input_text", text: "and its population?" }] },
    ]);
    // Token usage keeps accumulating across processes.
    const usage = second.notifications("thread/tokenUsage/updated").map((m) => (m.params as any).tokenUsage.total.totalTokens);
    expect(usage.at(-1)).toBe(30);
  });

  it("after kill -9 mid-stream: completed items survive, the cut turn reads interrupted, the thread resumes", async () => {
    const codexHome = home();
    mock.enqueue(
      { type: "sse", events: textResponse({ deltas: ["done."] }) },
      { type: "sse", events: textResponse({ messageId: "msg_cut", deltas: ["never ", "finished"] }), hangAfter: 4 },
      { type: "sse", events: textResponse({ deltas: ["back."] }) },
    );
    const first = await startTurnServer(mock, { codexHome });
    const threadId = await startThread(first);
    const completedTurn = await runTurn(first, threadId, text("first"));
    const cut = await startTurn(first, threadId, text("second"));
    await first.waitForNotification("item/agentMessage/delta", (p) => p.turnId === cut.id);
    first.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = await startTurnServer(mock, { codexHome });
    const read = await second.call("thread/read", { threadId, includeTurns: true });
    await expect.poll(() => second.stderr).toContain("cut by a previous process");
    const turns = read.thread.turns;
    expect(turns.map((t: any) => [t.id, t.status])).toEqual([
      [completedTurn.turn.id, "completed"],
      [cut.id, "interrupted"],
    ]);
    expect(turns[0].items.map((i: any) => i.type)).toEqual(["userMessage", "agentMessage"]);
    expect(turns[1].items.map((i: any) => [i.type, i.content?.[0]?.text])).toEqual([["userMessage", "second"]]);

    await second.call("thread/resume", { threadId });
    const next = await runTurn(second, threadId, text("third"));
    expect(next.turn.status).toBe("completed");
    const input = conversation(mock.requests[2]!.body.input as any[]).map((i) => `${i.role}:${i.content[0].text}`);
    expect(input).toEqual(["user:first", "assistant:done.", "user:second", "user:third"]);
  });

  it("end of input during a turn stops the model stream and records the turn as interrupted", async () => {
    const codexHome = home();
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["a", "b", "c"] }), hangAfter: 4 });
    const first = await startTurnServer(mock, { codexHome });
    const threadId = await startThread(first);
    const turn = await startTurn(first, threadId, text("long task"));
    await first.waitForNotification("item/agentMessage/delta", (p) => p.turnId === turn.id);
    const started = Date.now();
    expect(await first.close()).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => mock.abortedResponses).toBe(1);

    const second = await startTurnServer(mock, { codexHome });
    const read = await second.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread.turns.map((t: any) => t.status)).toEqual(["interrupted"]);
    expect(read.thread.turns[0].completedAt).toEqual(expect.any(Number));
    // Recorded by the first process at shutdown, not recovered by the second.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.stderr).not.toContain("cut by a previous process");
  });
});
