import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { listenTurnServer, startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
import { waitUntil } from "../helpers/process-scan.js";
import { script, serverRequests, toolOutput } from "../helpers/tools.js";
import { WsClient, stopListeningServers } from "../helpers/ws-client.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());
afterEach(stopListeningServers);

const EXPERIMENTAL = { experimentalApi: true };

const LOOKUP_SCHEMA = { type: "object", properties: { q: { type: "string" } }, required: ["q"] };
const DYNAMIC_TOOLS = [
  { type: "function", name: "lookup", description: "Look something up", inputSchema: LOOKUP_SCHEMA },
  {
    type: "namespace",
    name: "tickets",
    description: "Ticket tools",
    tools: [
      { type: "function", name: "open_ticket", description: "Open a ticket", inputSchema: { type: "object", properties: {} } },
      { type: "function", name: "close_ticket", description: "Close a ticket", inputSchema: { type: "object", properties: { id: { type: "number" } } }, deferLoading: true },
    ],
  },
];

/** The request `tools` entries the dynamic tools became, as codex 0.169.0 sends them (deferred ones left out). */
const OFFERED = [
  { type: "function", name: "lookup", description: "Look something up", strict: false, parameters: LOOKUP_SCHEMA },
  {
    type: "namespace",
    name: "tickets",
    description: "Ticket tools",
    tools: [{ type: "function", name: "open_ticket", description: "Open a ticket", strict: false, parameters: { type: "object", properties: {} } }],
  },
];

/** A 2×2 red PNG. */
const PNG_DATA_URL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";

function toolNames(request: { body: any }): string[] {
  return (request.body.tools as any[]).map((tool) => tool.name ?? tool.type);
}

function dynamicItems(server: { notifications(method?: string): any[] }, method: "item/started" | "item/completed"): any[] {
  return server.notifications(method).map((m) => m.params.item).filter((item) => item.type === "dynamicToolCall");
}

describe("thread/start dynamicTools", () => {
  // Observed on codex 0.169.0: even an empty list needs the capability (a nullable experimental field is used by any non-null value).
  it("needs experimentalApi, even for an empty list", async () => {
    const server = await startTurnServer(mock);
    const error = await server.callError("thread/start", { dynamicTools: [] });
    expect(error).toMatchObject({ code: -32600, message: "thread/start.dynamicTools requires experimentalApi capability" });
    await server.call("thread/start", { dynamicTools: null });
  });

  it("refuses invalid declarations with the reference's texts", async () => {
    const server = await startTurnServer(mock, { capabilities: EXPERIMENTAL });
    const fn = (name: string, extra: Record<string, unknown> = {}) => ({ type: "function", name, description: "d", inputSchema: { type: "object" }, ...extra });
    const ns = (name: string, tools: unknown[]) => ({ type: "namespace", name, description: "d", tools });
    const cases: Array<[unknown[], string]> = [
      [[fn("")], "dynamic tool name must not be empty"],
      [[fn(" a")], "dynamic tool name has leading/trailing whitespace:  a"],
      [[fn("a"), fn("a")], "duplicate dynamic tool name: a"],
      [[fn("mcp__x")], "dynamic tool name is reserved: mcp__x"],
      [[fn("a.b")], "dynamic tool name must match ^[a-zA-Z0-9_-]+$ to match Responses API: a.b"],
      [[fn("a".repeat(129))], `dynamic tool name must be at most 128 characters to match Responses API: ${"a".repeat(129)}`],
      [[fn("a", { inputSchema: { type: "null" } })], "dynamic tool input schema is not supported for a: tool input schema must not be a singleton null type"],
      [[fn("a", { inputSchema: "x" })], 'dynamic tool input schema is not supported for a: invalid type: string "x", expected struct JsonSchema'],
      [[fn("a", { deferLoading: true })], "deferred dynamic tool must include a namespace: a"],
      [[ns("n", [])], "dynamic tool namespace must contain at least one tool: n"],
      [[ns("", [fn("a")])], "dynamic tool namespace must not be empty"],
      [[ns("functions", [fn("a")])], "dynamic tool namespace collides with a reserved Responses API namespace: functions"],
      [[ns("mcp__x", [fn("a")])], "dynamic tool namespace is reserved: mcp__x"],
      [[ns("n", [fn("a"), fn("a")])], "duplicate dynamic tool name in namespace n: a"],
      [[ns("n", [fn("a")]), ns("n", [fn("b")])], "duplicate dynamic tool namespace: n"],
    ];
    for (const [dynamicTools, message] of cases) {
      const error = await server.callError("thread/start", { dynamicTools });
      expect(error, message).toMatchObject({ code: -32600, message });
    }
    // The same name at top level and inside a namespace, and a namespace named like a tool, are fine.
    await server.call("thread/start", { dynamicTools: [fn("a"), ns("a", [fn("a")])] });
  });
});

describe("dynamic tools in the model request", () => {
  // Observed on codex 0.169.0: input schemas are reduced like every tool's, and a built-in name is not given away.
  it("reduces input schemas and leaves out a top-level tool named like a built-in", async () => {
    const server = await startTurnServer(mock, { capabilities: EXPERIMENTAL });
    const dynamicTools = [
      { type: "function", name: "untyped", description: "no type", inputSchema: { properties: { a: { type: "string" } } } },
      { type: "function", name: "anything", description: "", inputSchema: {} },
      { type: "function", name: "exec_command", description: "shadow", inputSchema: { type: "object", properties: {} } },
      {
        type: "function",
        name: "detailed",
        description: "d",
        inputSchema: {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          properties: { z: { type: "integer", format: "int64", minimum: 0 }, x: { type: ["string", "null"] }, y: { anyOf: [{ type: "string" }, { type: "number" }] } },
          additionalProperties: false,
        },
      },
    ];
    const threadId = await startThread(server, { dynamicTools });
    mock.enqueue({ type: "sse", events: textResponse() });
    await turnCompleted(server, (await startTurn(server, threadId)).id);
    const tools = mock.requests[0]!.body.tools as any[];
    expect(tools.filter((tool) => tool.name === "exec_command")).toHaveLength(1);
    expect(tools.find((tool) => tool.name === "exec_command").description).not.toBe("shadow");
    expect(tools.filter((tool) => ["untyped", "anything", "detailed"].includes(tool.name))).toEqual([
      { type: "function", name: "untyped", description: "no type", strict: false, parameters: { type: "object", properties: { a: { type: "string" } } } },
      { type: "function", name: "anything", description: "", strict: false, parameters: {} },
      {
        type: "function",
        name: "detailed",
        description: "d",
        strict: false,
        parameters: { type: "object", properties: { x: { type: ["string", "null"] }, y: { anyOf: [{ type: "string" }, { type: "number" }] }, z: { type: "integer" } }, additionalProperties: false },
      },
    ]);
  });
});

describe("dynamic tool calls", () => {
  it("offers the tools, asks the client (item/tool/call) and gives its answer to the model, across a restart", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-dyn-home-"));
    script(mock, [[{ name: "lookup", callId: "call_lookup", arguments: { q: "weather" } }]]);
    const first = await startTurnServer(mock, { codexHome, capabilities: EXPERIMENTAL });
    first.onServerRequest(() => ({ contentItems: [{ type: "inputText", text: "sunny" }, { type: "inputImage", imageUrl: PNG_DATA_URL }], success: true }));
    const threadId = await startThread(first, { dynamicTools: DYNAMIC_TOOLS });
    const turn = await startTurn(first, threadId, text("weather?"));
    const completed = await turnCompleted(first, turn.id);
    expect(completed.turn.status).toBe("completed");

    // After the built-in functions, before web_search; the deferred close_ticket is not offered (no tool_search here).
    const tools = mock.requests[0]!.body.tools as any[];
    expect(toolNames(mock.requests[0]!).slice(-3)).toEqual(["lookup", "tickets", "web_search"]);
    expect(tools.filter((tool) => tool.name === "lookup" || tool.name === "tickets")).toEqual(OFFERED);

    const [request] = serverRequests(first, "item/tool/call");
    expect(request!.params).toEqual({ threadId, turnId: turn.id, callId: "call_lookup", namespace: null, tool: "lookup", arguments: { q: "weather" } });
    // The reference raises no status flag and sends no serverRequest/resolved for these.
    expect(first.notifications("serverRequest/resolved")).toHaveLength(0);

    const [started] = dynamicItems(first, "item/started");
    expect(started).toMatchObject({ type: "dynamicToolCall", id: "call_lookup", namespace: null, tool: "lookup", arguments: { q: "weather" }, status: "inProgress", contentItems: null, success: null, durationMs: null });
    const [done] = dynamicItems(first, "item/completed");
    expect(done).toMatchObject({
      id: "call_lookup",
      status: "completed",
      contentItems: [{ type: "inputText", text: "sunny" }, { type: "inputImage", imageUrl: PNG_DATA_URL }],
      success: true,
    });
    expect(typeof done.durationMs).toBe("number");

    const output = [{ type: "input_text", text: "sunny" }, { type: "input_image", image_url: PNG_DATA_URL, detail: "high" }];
    expect(toolOutput(mock.requests[1]!, "call_lookup")).toEqual(output);

    const read = await first.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread.turns[0].items.find((item: any) => item.type === "dynamicToolCall")).toEqual(done);
    const listed = await first.call("thread/items/list", { threadId });
    expect(listed.data.map((entry: any) => entry.item).find((item: any) => item.type === "dynamicToolCall")).toEqual(done);
    const turns = await first.call("thread/turns/list", { threadId, itemsView: "full" });
    expect(turns.data[0].items.find((item: any) => item.type === "dynamicToolCall")).toEqual(done);
    expect(await first.close()).toEqual({ code: 0, signal: null });

    // A new process: the tools come back with the thread, and the earlier call is replayed to the model.
    const second = await startTurnServer(mock, { codexHome, capabilities: EXPERIMENTAL });
    await second.call("thread/resume", { threadId });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Again."] }) });
    const next = await startTurn(second, threadId, text("again"));
    await turnCompleted(second, next.id);
    const resumed = mock.requests[2]!;
    expect((resumed.body.tools as any[]).filter((tool) => tool.name === "lookup" || tool.name === "tickets")).toEqual(OFFERED);
    const replayed = (resumed.body.input as any[]).filter((item) => item.call_id === "call_lookup");
    expect(replayed.map((item) => item.type)).toEqual(["function_call", "function_call_output"]);
    expect(replayed[1].output).toEqual(output);
  });

  it("calls a namespaced tool with its namespace; one text item reaches the model as plain text and success false fails the item", async () => {
    script(mock, [[{ name: "open_ticket", namespace: "tickets", callId: "call_open", arguments: {} }]]);
    const server = await startTurnServer(mock, { capabilities: EXPERIMENTAL });
    server.onServerRequest(() => ({ contentItems: [{ type: "inputText", text: "no such queue" }], success: false }));
    const threadId = await startThread(server, { dynamicTools: DYNAMIC_TOOLS });
    const turn = await startTurn(server, threadId, text("open one"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server, "item/tool/call")[0]!.params).toMatchObject({ callId: "call_open", namespace: "tickets", tool: "open_ticket", arguments: {} });
    expect(dynamicItems(server, "item/completed")[0]).toMatchObject({ namespace: "tickets", tool: "open_ticket", status: "failed", success: false, contentItems: [{ type: "inputText", text: "no such queue" }] });
    expect(toolOutput(mock.requests[1]!, "call_open")).toBe("no such queue");
  });

  it("an error answer, a malformed answer and a remote image each become the reference's failure text", async () => {
    const answers: unknown[] = [
      new Error("client failed"),
      { contentItems: "nope" },
      { contentItems: [{ type: "inputImage", imageUrl: "https://example.com/a.png" }], success: true },
    ];
    const expected = ["dynamic tool request failed", "dynamic tool response was invalid", "remote image URLs are not supported; use an inline data URL instead"];
    script(mock, [answers.map((_, index) => ({ name: "lookup", callId: `call_${index}`, arguments: { q: String(index) } }))]);
    const server = await startTurnServer(mock, { capabilities: EXPERIMENTAL });
    server.onServerRequest((_method, params: any) => {
      const answer = answers[Number(params.arguments.q)];
      if (answer instanceof Error) throw answer;
      return answer;
    });
    const threadId = await startThread(server, { dynamicTools: DYNAMIC_TOOLS });
    const turn = await startTurn(server, threadId, text("go"));
    await turnCompleted(server, turn.id);
    const items = dynamicItems(server, "item/completed");
    expected.forEach((message, index) => {
      expect(toolOutput(mock.requests[1]!, `call_${index}`)).toBe(message);
      expect(items.find((item) => item.id === `call_${index}`)).toMatchObject({ status: "failed", success: false, contentItems: [{ type: "inputText", text: message }] });
    });
  });

  it("an interrupt while the client works fails the item with no content and tells the model the call was cancelled", async () => {
    script(mock, [[{ name: "lookup", callId: "call_slow", arguments: { q: "slow" } }]]);
    const server = await startTurnServer(mock, { capabilities: EXPERIMENTAL });
    const threadId = await startThread(server, { dynamicTools: DYNAMIC_TOOLS });
    const turn = await startTurn(server, threadId, text("go"));
    await server.waitFor((m) => m.method === "item/tool/call");
    await server.call("turn/interrupt", { threadId, turnId: turn.id });
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("interrupted");
    expect(dynamicItems(server, "item/completed")[0]).toMatchObject({ id: "call_slow", status: "failed", contentItems: [], success: false });
    expect(server.notifications("serverRequest/resolved")).toHaveLength(0);

    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Ok."] }) });
    const next = await startTurn(server, threadId, text("next"));
    await turnCompleted(server, next.id);
    expect(toolOutput(mock.requests.at(-1)!, "call_slow")).toBe("dynamic tool call was cancelled before receiving a response");
  });

  it("a model with tool_search finds a deferred tool and may call it", async () => {
    script(mock, [
      [{ kind: "tool_search", name: "tool_search", callId: "call_search", arguments: { query: "close ticket", limit: 5 } }],
      [{ name: "close_ticket", namespace: "tickets", callId: "call_close", arguments: { id: 7 } }],
    ]);
    const server = await startTurnServer(mock, { capabilities: EXPERIMENTAL, args: ["-c", 'model="gpt-5.5"'] });
    server.onServerRequest(() => ({ contentItems: [{ type: "inputText", text: "closed" }], success: true }));
    const threadId = await startThread(server, { dynamicTools: DYNAMIC_TOOLS });
    const turn = await startTurn(server, threadId, text("close 7"));
    await turnCompleted(server, turn.id);

    expect(toolNames(mock.requests[0]!).slice(-4)).toEqual(["lookup", "tickets", "tool_search", "web_search"]);
    const developer = JSON.stringify((mock.requests[0]!.body.input as any[]).filter((item) => item.role === "developer"));
    expect(developer).toContain("- tickets: Ticket tools");
    const search = (mock.requests[1]!.body.input as any[]).find((item) => item.type === "tool_search_output");
    // BM25 over every deferred tool: the sub-agent tools may match too.
    expect(search.tools.find((tool: any) => tool.name === "tickets")).toEqual({
      type: "namespace",
      name: "tickets",
      description: "Ticket tools",
      tools: [{ type: "function", name: "close_ticket", description: "Close a ticket", strict: false, defer_loading: true, parameters: { type: "object", properties: { id: { type: "number" } } } }],
    });
    expect(serverRequests(server, "item/tool/call")[0]!.params).toMatchObject({ namespace: "tickets", tool: "close_ticket", arguments: { id: 7 } });
    expect(toolOutput(mock.requests[2]!, "call_close")).toBe("closed");
  });

  it("in code mode, an exec script reaches them as tools.<name> and tools.<namespace>__<name>, a deferred one too", async () => {
    const source = 'const a = await tools.lookup({ q: "x" }); const b = await tools.tickets__open_ticket({}); const c = await tools.tickets__close_ticket({ id: 1 }); text(JSON.stringify([a, b, c]));';
    script(mock, [[{ kind: "custom", name: "exec", callId: "call_exec", input: source }]]);
    const server = await startTurnServer(mock, { capabilities: EXPERIMENTAL, args: ["-c", 'model="gpt-6.1-sol"'] });
    server.onServerRequest((_method, params: any) => ({ contentItems: [{ type: "inputText", text: `ran ${params.tool}` }], success: true }));
    const threadId = await startThread(server, { dynamicTools: DYNAMIC_TOOLS });
    const turn = await startTurn(server, threadId, text("go"));
    await turnCompleted(server, turn.id, 30_000);

    const exec = (mock.requests[0]!.body.input as any[]).find((item) => item.type === "additional_tools").tools[0].tools.find((tool: any) => tool.name === "exec");
    expect(exec.description).toContain("### `lookup`\nLook something up");
    expect(exec.description).toContain("### `tickets__open_ticket`\nOpen a ticket");
    expect(exec.description).not.toContain("### `tickets__close_ticket`");

    const calls = serverRequests(server, "item/tool/call").map((request) => request.params as any);
    expect(calls.map((call) => [call.namespace, call.tool, call.arguments])).toEqual([
      [null, "lookup", { q: "x" }],
      ["tickets", "open_ticket", {}],
      ["tickets", "close_ticket", { id: 1 }],
    ]);
    expect(calls.every((call) => call.callId.startsWith("exec-"))).toBe(true);
    expect(dynamicItems(server, "item/completed").map((item) => item.status)).toEqual(["completed", "completed", "completed"]);
    const output = toolOutput(mock.requests[1]!, "call_exec");
    expect(JSON.stringify(output)).toContain(JSON.stringify(JSON.stringify(["ran lookup", "ran open_ticket", "ran close_ticket"])).slice(1, -1));
  });

  // Observed on codex 0.169.0 over websocket: the pending call is replayed to a connection that resumes the thread, which may answer it.
  it("a connection that resumes the thread gets the pending call and may answer it after the first one left", async () => {
    script(mock, [[{ name: "lookup", callId: "call_handoff", arguments: { q: "x" } }]]);
    const { endpoint } = await listenTurnServer(mock);
    const first = await WsClient.connect(endpoint);
    await first.initialize(EXPERIMENTAL);
    const { thread } = await first.call("thread/start", { dynamicTools: DYNAMIC_TOOLS });
    await first.call("turn/start", { threadId: thread.id, input: text("go") });
    const asked = await first.waitFor((m) => m.method === "item/tool/call");

    const second = await WsClient.connect(endpoint);
    await second.initialize(EXPERIMENTAL);
    let firstLeft!: () => void;
    const left = new Promise<void>((resolve) => (firstLeft = resolve));
    second.onServerRequest(async () => {
      await left;
      return { contentItems: [{ type: "inputText", text: "from the second client" }], success: true };
    });
    await second.call("thread/resume", { threadId: thread.id });
    const replayed = await second.waitFor((m) => m.method === "item/tool/call");
    expect(replayed.id).toBe(asked.id);
    expect(replayed.params).toEqual(asked.params);
    await first.close();
    firstLeft();

    const completed = await second.waitForNotification("turn/completed", (p) => p.threadId === thread.id, 15_000);
    expect(completed.turn.status).toBe("completed");
    expect(toolOutput(mock.requests[1]!, "call_handoff")).toBe("from the second client");
    await second.close();
  });

  // Observed on codex 0.169.0: the parent's dynamic tools are not offered to a sub-agent it spawns (a fork keeps them).
  it("a sub-agent is not offered its parent's dynamic tools; a fork keeps them", async () => {
    mock.defaultReply = () => ({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    script(mock, [[{ namespace: "multi_agent_v1", name: "spawn_agent", callId: "call_spawn", arguments: { message: "child task" } }]]);
    const server = await startTurnServer(mock, { capabilities: EXPERIMENTAL });
    const threadId = await startThread(server, { dynamicTools: DYNAMIC_TOOLS });
    const turn = await startTurn(server, threadId, text("spawn one"));
    await turnCompleted(server, turn.id, 30_000);
    const isChild = (request: { body: any }) => JSON.stringify(request.body.input).includes("child task") && !JSON.stringify(request.body.input).includes("spawn one");
    expect(await waitUntil(() => mock.requests.some(isChild))).toBe(true);
    const child = mock.requests.find(isChild);
    expect(child).toBeDefined();
    expect(toolNames(child!)).not.toContain("lookup");
    expect(toolNames(mock.requests[0]!)).toContain("lookup");

    const fork = await server.call("thread/fork", { threadId });
    const before = mock.requests.length;
    const forked = await startTurn(server, fork.thread.id, text("forked"));
    await turnCompleted(server, forked.id, 30_000);
    expect(toolNames(mock.requests[before]!).slice(-3)).toEqual(["lookup", "tickets", "web_search"]);
  });
});
