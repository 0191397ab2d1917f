/**
 * tool_search for a catalogue model that supports it (gpt-5.5, fact sheet
 * §5.1, §5.9): the multi_agent_v1 namespace is deferred (listed in the
 * `<tools>` part of developer message 1, not in `tools`); the model's
 * `tool_search_call` is answered with a `tool_search_output` carrying the
 * matching tools, and those are callable from the next request on.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer, type RecordedRequest } from "../helpers/mock-responses.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
import { toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function developerTexts(request: RecordedRequest): string[][] {
  return (request.body.input as any[]).filter((i) => i.type === "message" && i.role === "developer").map((i) => i.content.map((p: any) => p.text));
}

describe("tool_search (gpt-5.5)", () => {
  it("defers multi_agent_v1, answers a tool_search_call with the matching tools, which the model then calls", async () => {
    const server = await startTurnServer(mock, { args: ["-c", 'model="gpt-5.5"'] });
    let parent = "";
    const parentSteps = [
      () => functionCallResponse({ calls: [{ kind: "tool_search", name: "tool_search", callId: "call_search", itemId: "tsc_1", arguments: { query: "spawn a sub-agent", limit: 2 } }] }),
      () => functionCallResponse({ calls: [{ name: "spawn_agent", namespace: "multi_agent_v1", callId: "call_spawn", arguments: { message: "Look around." } }] }),
      () => textResponse({ deltas: ["Delegated."] }),
    ];
    let step = 0;
    mock.defaultReply = (request) => {
      if (request.body.prompt_cache_key !== parent) return { type: "sse", events: textResponse({ deltas: ["Looked."] }) };
      return { type: "sse", events: parentSteps[step++]!() };
    };
    parent = await startThread(server);
    const turn = await startTurn(server, parent, text("Delegate."));
    expect((await turnCompleted(server, turn.id, 20_000)).turn.status).toBe("completed");
    const requests = mock.requests.filter((r) => r.body.prompt_cache_key === parent);
    expect(requests).toHaveLength(3);

    // Request 1: tool_search in `tools`, the namespace only listed in developer message 1.
    const first = requests[0]!;
    const tools = first.body.tools as any[];
    expect(tools.map((t) => t.name ?? t.type)).toEqual([
      "exec_command", "write_stdin", "request_user_input", "view_image", "get_goal", "create_goal", "update_goal", "apply_patch", "tool_search", "web_search",
    ]);
    const search = tools.find((t) => t.type === "tool_search");
    expect(Object.keys(search)).toEqual(["type", "execution", "description", "parameters"]);
    expect(search.execution).toBe("client");
    expect(search.parameters).toEqual({
      type: "object",
      properties: { query: { type: "string" }, limit: { type: "number" } },
      required: ["query"],
      additionalProperties: false,
    });
    const developer = developerTexts(first)[1]!;
    expect(developer.at(-1)).toMatch(/^<tools>\nDeferred tool namespaces:\n- multi_agent_v1: [^\n]+\n<\/tools>$/);

    // Request 2: the call as received, then its output with the matching namespace tools.
    const second = requests[1]!;
    const input = second.body.input as any[];
    const at = input.findIndex((i) => i.type === "tool_search_call");
    expect(input[at]).toEqual({
      type: "tool_search_call",
      id: "tsc_1",
      call_id: "call_search",
      execution: "client",
      arguments: { query: "spawn a sub-agent", limit: 2 },
      status: "completed",
    });
    const output = input[at + 1];
    expect(Object.keys(output)).toEqual(["type", "call_id", "status", "execution", "tools"]);
    expect(output).toMatchObject({ type: "tool_search_output", call_id: "call_search", status: "completed", execution: "client" });
    expect(output.tools).toHaveLength(1);
    const namespace = output.tools[0];
    expect(namespace).toMatchObject({ type: "namespace", name: "multi_agent_v1" });
    expect(namespace.description).toBe(developer.at(-1)!.split("\n")[2]!.replace("- multi_agent_v1: ", ""));
    expect(namespace.tools.length).toBeLessThanOrEqual(2);
    expect(namespace.tools[0].name).toBe("spawn_agent");
    expect(Object.keys(namespace.tools[0])).toEqual(["type", "name", "description", "strict", "defer_loading", "parameters"]);
    expect(namespace.tools[0]).toMatchObject({ type: "function", strict: false, defer_loading: true });
    // The namespace is still not in `tools`: the model knows the matches from the history.
    expect((second.body.tools as any[]).some((t) => t.type === "namespace")).toBe(false);

    // Request 3: the deferred tool worked.
    const spawned = JSON.parse(toolOutput(requests[2]!, "call_spawn"));
    expect(spawned.agent_id).toMatch(/^[0-9a-f-]{36}$/);
    const done = await server.waitForNotification("turn/completed", (p) => p.threadId === spawned.agent_id, 10_000);
    expect(done.turn.status).toBe("completed");
    await server.close();
  });

  it("refuses an empty query; a query matching nothing returns no tools", async () => {
    const server = await startTurnServer(mock, { args: ["-c", 'model="gpt-5.5"'] });
    mock.enqueue(
      { type: "sse", events: functionCallResponse({ calls: [{ kind: "tool_search", name: "tool_search", callId: "call_empty", arguments: { query: "  " } }, { kind: "tool_search", name: "tool_search", callId: "call_none", arguments: { query: "zebra" } }] }) },
      { type: "sse", events: textResponse({ deltas: ["ok"] }) },
    );
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("search"));
    expect((await turnCompleted(server, turn.id, 20_000)).turn.status).toBe("completed");
    const input = mock.requests[1]!.body.input as any[];
    expect(input.find((i) => i.call_id === "call_empty" && i.type === "function_call_output").output).toBe("query must not be empty");
    expect(input.find((i) => i.call_id === "call_none" && i.type === "tool_search_output").tools).toEqual([]);
    await server.close();
  });
});
