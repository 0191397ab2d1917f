/**
 * thread/inject_items: Responses-format items join the thread's model
 * context without a turn, reach the next turn's request in order, are
 * checked item by item (-32602 naming the index and field), and survive
 * kill -9 and a restart.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { conversation, runTurn, startThread, startTurnServer, text } from "../helpers/turns.js";

let mock: MockResponsesServer;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function server(codexHome?: string): Promise<ServerProcess> {
  const started = await startTurnServer(mock, { codexHome });
  servers.push(started);
  return started;
}

const INJECTED = [
  { type: "message", role: "user", content: [{ type: "input_text", text: "Earlier, elsewhere: what is 2+2?" }] },
  { type: "message", role: "assistant", content: [{ type: "output_text", text: "4" }] },
  { type: "function_call", name: "exec_command", arguments: '{"cmd":"date"}', call_id: "call_injected" },
  { type: "function_call_output", call_id: "call_injected", output: "Thu Jan 1 00:00:00 UTC 1970" },
];

describe("thread/inject_items", () => {
  it("adds the items to the model context without running a turn; the next request carries them in order", async () => {
    const s = await server();
    const threadId = await startThread(s);
    expect(await s.call("thread/inject_items", { threadId, items: INJECTED })).toEqual({});
    // No turn ran, nothing was sent to the model, no item appeared.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mock.requests).toHaveLength(0);
    expect(s.notifications("turn/started")).toEqual([]);
    expect(s.notifications("item/started")).toEqual([]);

    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["noted"] }) });
    await runTurn(s, threadId, text("and 3+3?"));
    expect(conversation(mock.requests[0]!.body.input as any[])).toEqual([
      ...INJECTED,
      { type: "message", role: "user", content: [{ type: "input_text", text: "and 3+3?" }] },
    ]);
    // Injected items are model context, not thread items.
    const read = await s.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread.turns[0].items.map((i: any) => i.type)).toEqual(["userMessage", "agentMessage"]);

    // Injected between turns: after the last answer, before the next user message.
    const later = [{ type: "message", role: "assistant", content: [{ type: "output_text", text: "(note from the bridge)" }] }];
    await s.call("thread/inject_items", { threadId, items: later });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    await runTurn(s, threadId, text("next"));
    expect(conversation(mock.requests[1]!.body.input as any[]).slice(-3)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "noted" }] },
      ...later,
      { type: "message", role: "user", content: [{ type: "input_text", text: "next" }] },
    ]);
  });

  it("refuses bad items with -32602 naming the index and field, and stores none of them", async () => {
    const s = await server();
    const threadId = await startThread(s);
    const cases: Array<[unknown[], string]> = [
      [[INJECTED[0], INJECTED[1], { type: "message", role: "robot", content: [] }], "invalid items[2].role: expected one of user, assistant, developer, system"],
      [[{ type: "message", role: "user", content: "plain" }], "invalid items[0].content: expected an array of content items"],
      [[INJECTED[0], { type: "message", role: "user", content: [{ type: "input_text" }] }], "invalid items[1].content[0].text: expected a string"],
      [[{ type: "function_call", name: "f", arguments: "{}" }], "invalid items[0].call_id: expected a string"],
      [[{ type: "function_call_output", call_id: "c", output: 7 }], "invalid items[0].output: expected a string or an array of content items"],
      [[{ type: "banana" }], "invalid items[0].type: expected one of message, function_call, function_call_output, custom_tool_call, custom_tool_call_output"],
      [["text"], "invalid items[0]: expected a Responses API item (an object)"],
    ];
    for (const [items, message] of cases) {
      expect(await s.callError("thread/inject_items", { threadId, items })).toEqual({ code: -32602, message });
    }
    const unknown = "019a0000-0000-7000-8000-000000000000";
    expect(await s.callError("thread/inject_items", { threadId: unknown, items: [] })).toEqual({ code: -32600, message: `thread not found: ${unknown}` });

    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
    await runTurn(s, threadId, text("hello"));
    expect(conversation(mock.requests[0]!.body.input as any[])).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "hello" }] },
    ]);
  });

  it("injected items survive kill -9 and a restart (before any turn, and after one)", async () => {
    const s = await server();
    const fresh = await startThread(s);
    await s.call("thread/inject_items", { threadId: fresh, items: INJECTED.slice(0, 2) });
    const used = await startThread(s);
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["first answer"] }) });
    await runTurn(s, used, text("first"));
    await s.call("thread/inject_items", { threadId: used, items: INJECTED.slice(2) });
    s.kill("SIGKILL");
    await s.exited;

    const again = await server(s.codexHome);
    await again.call("thread/resume", { threadId: fresh });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["a"] }) });
    await runTurn(again, fresh, text("after restart"));
    expect(conversation(mock.requests[1]!.body.input as any[])).toEqual([
      ...INJECTED.slice(0, 2),
      { type: "message", role: "user", content: [{ type: "input_text", text: "after restart" }] },
    ]);

    await again.call("thread/resume", { threadId: used });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["b"] }) });
    await runTurn(again, used, text("second"));
    expect(conversation(mock.requests[2]!.body.input as any[])).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "first" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "first answer" }] },
      ...INJECTED.slice(2),
      { type: "message", role: "user", content: [{ type: "input_text", text: "second" }] },
    ]);
  });
});
