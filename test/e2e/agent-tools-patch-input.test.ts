import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { ServerProcess } from "../helpers/server-process.js";
import { MODEL, startThread, startTurn, startTurnServer, text, turnCompleted, workdir } from "../helpers/turns.js";
import { applyPatch, freeformPatch, patchText, script, serverRequests, tmpDir, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const CATALOG_MODEL = "test-freeform-1";

/** A `model_catalog_json` file with one model whose catalogue entry asks for the freeform apply_patch tool. */
function catalogFile(): string {
  const file = path.join(tmpDir("aas-catalog-"), "models.json");
  const entry = {
    slug: CATALOG_MODEL,
    display_name: "Test freeform",
    priority: 1,
    visibility: "list",
    supported_in_api: true,
    supported_reasoning_levels: [],
    supports_reasoning_summaries: false,
    default_reasoning_summary: "auto",
    support_verbosity: false,
    default_verbosity: null,
    base_instructions: "Test model.",
    model_messages: null,
    shell_type: "default",
    apply_patch_tool_type: "freeform",
    web_search_tool_type: "text",
    truncation_policy: { mode: "tokens", limit: 10000 },
    supports_parallel_tool_calls: true,
    context_window: 100000,
    tool_mode: null,
    use_responses_lite: false,
    multi_agent_version: null,
  };
  writeFileSync(file, JSON.stringify({ models: [entry] }));
  return file;
}

describe("apply_patch", () => {
  it("a catalogue model with apply_patch_tool_type freeform gets the custom tool; its call is answered as a custom_tool_call_output", async () => {
    const cwd = workdir();
    writeFileSync(path.join(cwd, "hello.txt"), "hello\nworld\n");
    const patch = `${patchText("*** Update File: hello.txt", "@@", " hello", "-world", "+there", "*** Add File: new.txt", "+fresh")}\n`;
    script(mock, [[freeformPatch("call_free", patch), freeformPatch("call_missing", patchText("*** Update File: nope.txt", "@@", "-a", "+b"))]]);
    const server = await startTurnServer(mock, { args: ["-c", `model_catalog_json="${catalogFile()}"`] });
    const threadId = await startThread(server, { cwd, model: CATALOG_MODEL, sandbox: "workspace-write" });
    const turn = await startTurn(server, threadId, text("edit"));
    await turnCompleted(server, turn.id);

    const tools = mock.requests[0]!.body.tools as any[];
    const custom = tools.find((t) => t.name === "apply_patch");
    expect(custom).toMatchObject({ type: "custom", format: { type: "grammar", syntax: "lark" } });
    expect(custom.format.definition).toMatch(/^start: begin_patch hunk\+ end_patch\n/);

    expect(readFileSync(path.join(cwd, "hello.txt"), "utf8")).toBe("hello\nthere\n");
    expect(readFileSync(path.join(cwd, "new.txt"), "utf8")).toBe("fresh\n");
    const input = mock.requests[1]!.body.input as any[];
    expect(input).toContainEqual(expect.objectContaining({ type: "custom_tool_call", name: "apply_patch", call_id: "call_free", input: patch }));
    const output = input.find((i) => i.type === "custom_tool_call_output" && i.call_id === "call_free");
    // Added files first, then modified ones, whatever the patch's order.
    expect(output.output).toMatch(/^Exit code: 0\nWall time: \d+\.\d seconds\nOutput:\nSuccess\. Updated the following files:\nA new\.txt\nM hello\.txt\n$/);
    expect(toolOutput(mock.requests[1]!, "call_missing")).toBe(
      `apply_patch verification failed: Failed to read file to update ${path.join(cwd, "nope.txt")}: No such file or directory (os error 2)`,
    );
    const item = server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.id === "call_free");
    expect(item).toMatchObject({ type: "fileChange", status: "completed" });
    expect(item.changes.map((c: any) => [c.path, c.kind.type])).toEqual([
      [path.join(cwd, "hello.txt"), "update"],
      [path.join(cwd, "new.txt"), "add"],
    ]);
  });

  it("a fallback model has no apply_patch tool; the exec_command heredoc is intercepted (fileChange item, nested output text)", async () => {
    const cwd = workdir();
    script(mock, [[applyPatch("call_heredoc", patchText("*** Add File: z.txt", "+zed"))]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { cwd, sandbox: "workspace-write" });
    const turn = await startTurn(server, threadId, text("add z"));
    await turnCompleted(server, turn.id);
    expect((mock.requests[0]!.body.tools as any[]).some((t) => t.name === "apply_patch")).toBe(false);
    expect(readFileSync(path.join(cwd, "z.txt"), "utf8")).toBe("zed\n");
    expect(toolOutput(mock.requests[1]!, "call_heredoc")).toMatch(
      /^Wall time: 0\.0000 seconds\nOutput:\nExit code: 0\nWall time: \d+\.\d seconds\nOutput:\nSuccess\. Updated the following files:\nA z\.txt\n$/,
    );
    const items = server.notifications("item/started").map((m) => (m.params as any).item);
    expect(items.filter((i) => i.type === "commandExecution")).toEqual([]);
    expect(items.find((i) => i.id === "call_heredoc")).toMatchObject({ type: "fileChange" });
  });
});

describe("request_user_input", () => {
  const questions = [
    { id: "db_choice", header: "Database", question: "Which database?", options: [{ label: "Postgres (Recommended)", description: "Relational." }, { label: "SQLite", description: "Embedded." }] },
  ];

  it("Plan mode: the client is asked (item/tool/requestUserInput) and its answer is the output, as JSON", async () => {
    script(mock, [[{ name: "request_user_input", callId: "call_ask", arguments: { questions } }]]);
    const server = new ServerProcess({
      args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", `model="${MODEL}"`],
      env: { MOCK_API_KEY: "mock-key" },
    });
    await server.initialize({ experimentalApi: true });
    server.onServerRequest(() => ({ answers: { db_choice: { answers: ["Postgres (Recommended)"] } } }));
    const threadId = await startThread(server);
    const collaborationMode = { mode: "plan", settings: { model: MODEL, reasoning_effort: null, developer_instructions: null } };
    const turn = await startTurn(server, threadId, text("plan it"), { collaborationMode });
    await turnCompleted(server, turn.id);
    const [request] = serverRequests(server, "item/tool/requestUserInput");
    expect(request!.params).toEqual({
      threadId,
      turnId: turn.id,
      itemId: "call_ask",
      questions: [{ ...questions[0], isOther: true, isSecret: false }],
      isBlocking: true,
      autoResolutionMs: null,
    });
    expect(toolOutput(mock.requests[1]!, "call_ask")).toBe('{"answers":{"db_choice":{"answers":["Postgres (Recommended)"]}}}');
    expect(server.notifications("serverRequest/resolved")).toHaveLength(1);
  });

  // Observed on codex-cli 0.169.0.
  it("Plan mode: a client that answers with a JSON-RPC error gives the model empty answers", async () => {
    script(mock, [[{ name: "request_user_input", callId: "call_ask", arguments: { questions } }]]);
    const server = new ServerProcess({
      args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", `model="${MODEL}"`],
      env: { MOCK_API_KEY: "mock-key" },
    });
    await server.initialize({ experimentalApi: true });
    server.onServerRequest(() => {
      throw new Error("the dialog was closed");
    });
    const threadId = await startThread(server);
    const collaborationMode = { mode: "plan", settings: { model: MODEL, reasoning_effort: null, developer_instructions: null } };
    const turn = await startTurn(server, threadId, text("plan it"), { collaborationMode });
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(toolOutput(mock.requests[1]!, "call_ask")).toBe('{"answers":{}}');
  });

  // Observed on codex-cli 0.169.0: the call and this output are replayed in the next turn's request.
  it("Plan mode: a turn interrupted while the question is pending tells the model it was aborted after how long", async () => {
    script(mock, [[{ name: "request_user_input", callId: "call_ask", arguments: { questions } }]]);
    const server = new ServerProcess({
      args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", `model="${MODEL}"`],
      env: { MOCK_API_KEY: "mock-key" },
    });
    await server.initialize({ experimentalApi: true });
    const threadId = await startThread(server);
    const collaborationMode = { mode: "plan", settings: { model: MODEL, reasoning_effort: null, developer_instructions: null } };
    let turnId = "";
    server.onServerRequest(async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await server.call("turn/interrupt", { threadId, turnId });
      return new Promise(() => {});
    });
    const turn = await startTurn(server, threadId, text("plan it"), { collaborationMode });
    turnId = turn.id;
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("interrupted");
    expect(mock.requests).toHaveLength(1);
    // As codex-cli 0.169.0 orders them: the question is cleared after turn/completed.
    await server.waitFor((m) => m.method === "serverRequest/resolved");
    const methods = server.received.map((r) => (r.message as { method?: string }).method);
    expect(methods.indexOf("turn/completed")).toBeLessThan(methods.indexOf("serverRequest/resolved"));

    mock.reset();
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    const next = await startTurn(server, threadId, text("go on"));
    await turnCompleted(server, next.id);
    const input = mock.requests[0]!.body.input as any[];
    expect(input.filter((i) => i.call_id === "call_ask").map((i) => i.type)).toEqual(["function_call", "function_call_output"]);
    const output = toolOutput(mock.requests[0]!, "call_ask");
    expect(output).toMatch(/^aborted by user after \d+\.\ds$/);
    expect(Number(/after ([\d.]+)s/.exec(output)![1])).toBeGreaterThanOrEqual(0.4);
  });

  it("Default mode: the model is told the tool is unavailable and the client is not asked", async () => {
    script(mock, [[{ name: "request_user_input", callId: "call_ask", arguments: { questions } }]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("ask me"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server)).toHaveLength(0);
    expect(toolOutput(mock.requests[1]!, "call_ask")).toBe("request_user_input is unavailable in Default mode");
  });
});

describe("view_image", () => {
  it("returns the image to the model as an input_image; a missing path or a directory gets the reference's texts", async () => {
    const cwd = workdir();
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a00000000049454e44ae426082", "hex");
    writeFileSync(path.join(cwd, "dot.png"), png);
    script(mock, [[
      { name: "view_image", callId: "call_img", arguments: { path: "dot.png" } },
      { name: "view_image", callId: "call_gone", arguments: { path: "gone.png" } },
      { name: "view_image", callId: "call_dir", arguments: { path: "." } },
    ]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { cwd });
    const turn = await startTurn(server, threadId, text("look"));
    await turnCompleted(server, turn.id);
    const request = mock.requests[1]!;
    expect(toolOutput(request, "call_img")).toEqual([{ type: "input_image", image_url: `data:image/png;base64,${png.toString("base64")}` }]);
    expect(toolOutput(request, "call_gone")).toBe(`unable to locate image at \`${path.join(cwd, "gone.png")}\`: No such file or directory (os error 2)`);
    expect(toolOutput(request, "call_dir")).toBe(`image path \`${cwd}\` is not a file`);
  });
});
