import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer, type StreamEvent } from "../helpers/mock-responses.js";
import { ServerProcess } from "../helpers/server-process.js";
import { MODEL, startThread, startTurn, startTurnServer, text, turnCompleted, turnStream } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** A response stream whose output is one hosted `web_search_call` (added in progress, then done with `action`) and a closing message. */
function webSearchResponse(callId: string, action: Record<string, unknown>): StreamEvent[] {
  const done = { type: "web_search_call", id: callId, status: "completed", action };
  const closing = textResponse({ deltas: ["Found it."], messageId: "msg_after_search" });
  const [created, ...rest] = closing;
  return [
    created!,
    { type: "response.output_item.added", sequence_number: 100, output_index: 0, item: { type: "web_search_call", id: callId, status: "in_progress" } },
    { type: "response.web_search_call.in_progress", sequence_number: 101, output_index: 0, item_id: callId },
    { type: "response.web_search_call.searching", sequence_number: 102, output_index: 0, item_id: callId },
    { type: "response.web_search_call.completed", sequence_number: 103, output_index: 0, item_id: callId },
    { type: "response.output_item.done", sequence_number: 104, output_index: 0, item: done },
    ...rest,
  ];
}

describe("web_search (§5.8)", () => {
  it("a hosted web_search_call becomes a webSearch item (started, then completed with its query and action) and is replayed in the reference's shape", async () => {
    const action = { type: "search", query: "vitest snapshot docs", queries: ["vitest snapshot docs"], sources: [{ type: "url", url: "https://vitest.dev/" }] };
    mock.enqueue({ type: "sse", events: webSearchResponse("ws_1", action) }, { type: "sse", events: textResponse({ deltas: ["Second."] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("search the web"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");

    const stream = turnStream(server, threadId, turn.id).filter((m) => (m.params as any)?.item?.type === "webSearch");
    expect(stream.map((m) => [m.method, (m.params as any).item])).toEqual([
      ["item/started", { type: "webSearch", id: "ws_1", query: "", action: { type: "other" }, results: null, startedAtMs: expect.any(Number), completedAtMs: null }],
      [
        "item/completed",
        {
          type: "webSearch",
          id: "ws_1",
          query: "vitest snapshot docs",
          action: { type: "search", query: "vitest snapshot docs", queries: ["vitest snapshot docs"] },
          results: null,
          startedAtMs: expect.any(Number),
          completedAtMs: expect.any(Number),
        },
      ],
    ]);
    // No tool output for a hosted call: one request for the turn; the next turn replays the call as the
    // reference re-serialises it (the fields it knows: no `sources`).
    expect(mock.requests).toHaveLength(1);
    const second = await startTurn(server, threadId, text("again"));
    await turnCompleted(server, second.id);
    const replayed = (mock.requests[1]!.body.input as any[]).filter((item) => item.type === "web_search_call");
    expect(replayed).toEqual([{ type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "vitest snapshot docs", queries: ["vitest snapshot docs"] } }]);
    const output = (mock.requests[1]!.body.input as any[]).filter((item) => item.type === "function_call_output");
    expect(output).toEqual([]);

    const read = await server.call("thread/read", { threadId, includeTurns: true });
    const items = read.thread.turns[0].items.filter((item: any) => item.type === "webSearch");
    expect(items.map((item: any) => [item.id, item.query])).toEqual([["ws_1", "vitest snapshot docs"]]);
  });
});

describe("Plan mode <proposed_plan> (§7.5)", () => {
  it("streams the plan block as item/plan/delta into a `<turn id>-plan` item; the message shows the rest and is replayed verbatim", async () => {
    const full = "I looked around.\n<proposed_plan>\n# Plan\n- add the parser\n- test it\n</proposed_plan>\n";
    mock.enqueue(
      { type: "sse", events: textResponse({ deltas: ["I looked around.\n<propo", "sed_plan>\n# Plan\n- add the", " parser\n- test it\n</proposed_plan>\n"], messageId: "msg_plan" }) },
      { type: "sse", events: textResponse({ deltas: ["ok"] }) },
    );
    const server = new ServerProcess({
      args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", `model="${MODEL}"`],
      env: { MOCK_API_KEY: "mock-key" },
    });
    await server.initialize({ experimentalApi: true });
    const threadId = await startThread(server);
    const collaborationMode = { mode: "plan", settings: { model: MODEL, reasoning_effort: null, developer_instructions: null } };
    const turn = await startTurn(server, threadId, text("plan it"), { collaborationMode });
    await turnCompleted(server, turn.id);

    const planId = `${turn.id}-plan`;
    const stream = turnStream(server, threadId, turn.id);
    const planEvents = stream.filter((m) => (m.params as any)?.itemId === planId || (m.params as any)?.item?.id === planId);
    // As the reference streams it: one plan delta per stream delta, whole lines or not.
    expect(planEvents.map((m) => m.method)).toEqual(["item/started", "item/plan/delta", "item/plan/delta", "item/completed"]);
    const deltas = planEvents.filter((m) => m.method === "item/plan/delta").map((m) => (m.params as any).delta);
    expect(deltas).toEqual(["# Plan\n- add the", " parser\n- test it\n"]);
    expect((planEvents.at(-1)!.params as any).item).toEqual({ type: "plan", id: planId, text: "# Plan\n- add the parser\n- test it\n", startedAtMs: expect.any(Number), completedAtMs: expect.any(Number) });

    const message = stream.find((m) => m.method === "item/completed" && (m.params as any).item.type === "agentMessage")!;
    expect((message.params as any).item.text).toBe("I looked around.\n");
    const messageDeltas = stream.filter((m) => m.method === "item/agentMessage/delta").map((m) => (m.params as any).delta).join("");
    expect(messageDeltas).toBe("I looked around.\n");

    const second = await startTurn(server, threadId, text("go"), { collaborationMode });
    await turnCompleted(server, second.id);
    const replayed = (mock.requests[1]!.body.input as any[]).find((item) => item.type === "message" && item.role === "assistant");
    expect(replayed.content[0].text).toBe(full);
  });

  it("a message that is only a plan makes no agentMessage item (nor a turn/completed summary) and is still replayed verbatim", async () => {
    const full = "<proposed_plan>\n- only\n</proposed_plan>\n";
    mock.enqueue({ type: "sse", events: textResponse({ deltas: [full, "\n"], messageId: "msg_only" }) }, { type: "sse", events: textResponse({ deltas: ["ok"] }) });
    const server = new ServerProcess({
      args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", `model="${MODEL}"`],
      env: { MOCK_API_KEY: "mock-key" },
    });
    await server.initialize({ experimentalApi: true });
    const threadId = await startThread(server);
    const collaborationMode = { mode: "plan", settings: { model: MODEL, reasoning_effort: null, developer_instructions: null } };
    const turn = await startTurn(server, threadId, text("plan it"), { collaborationMode });
    const completed = await turnCompleted(server, turn.id);
    const stream = turnStream(server, threadId, turn.id);
    const items = stream.filter((m) => m.method === "item/started" || m.method === "item/completed").map((m) => `${m.method} ${(m.params as any).item.type}`);
    expect(items).toEqual(["item/started userMessage", "item/completed userMessage", "item/started plan", "item/completed plan"]);
    expect(stream.filter((m) => m.method === "item/agentMessage/delta")).toEqual([]);
    expect(completed.turn.items).toEqual([]);
    const read = await server.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread.turns[0].items.map((item: any) => item.type)).toEqual(["userMessage", "plan"]);

    const second = await startTurn(server, threadId, text("go"), { collaborationMode });
    await turnCompleted(server, second.id);
    const replayed = (mock.requests[1]!.body.input as any[]).filter((item) => item.type === "message" && item.role === "assistant");
    expect(replayed.map((item) => item.content[0].text)).toEqual([`${full}\n`]);
  });

  it("in Default mode the tags stay in the message and no plan item is made", async () => {
    const full = "<proposed_plan>\n- a\n</proposed_plan>\n";
    mock.enqueue({ type: "sse", events: textResponse({ deltas: [full] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("plan it"));
    await turnCompleted(server, turn.id);
    const stream = turnStream(server, threadId, turn.id);
    expect(stream.filter((m) => m.method === "item/plan/delta" || (m.params as any)?.item?.type === "plan")).toEqual([]);
    const message = stream.find((m) => m.method === "item/completed" && (m.params as any).item.type === "agentMessage")!;
    expect((message.params as any).item.text).toBe(full);
  });
});

describe("tool_search (§5.9)", () => {
  it("a catalogue model with supports_search_tool (bundled gpt-5.5) is offered tool_search; with no deferred namespaces (sub-agents off) there is no <tools> part", async () => {
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
    const server = await startTurnServer(mock, { args: ["-c", 'model="gpt-5.5"', "-c", "features.multi_agent=false"] });
    const threadId = await startThread(server, { model: "gpt-5.5" });
    const turn = await startTurn(server, threadId, text("hi"));
    await turnCompleted(server, turn.id);
    const body = mock.requests[0]!.body;
    const tools = body.tools as any[];
    expect(tools.map((tool) => tool.name ?? tool.type)).toContain("tool_search");
    const toolSearch = tools.find((tool) => tool.type === "tool_search");
    expect(toolSearch).toEqual({
      type: "tool_search",
      execution: "client",
      description: expect.any(String),
      parameters: { type: "object", properties: { query: { type: "string" }, limit: { type: "number" } }, required: ["query"], additionalProperties: false },
    });
    const developerTexts = (body.input as any[]).filter((item) => item.role === "developer").flatMap((item) => item.content.map((part: any) => part.text));
    expect(developerTexts.filter((part: string) => part.startsWith("<tools>"))).toEqual([]);
  });
});
