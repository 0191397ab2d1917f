/**
 * Code mode (fact sheet §6): gpt-6* / gpt-5.6* catalogue models get a
 * Responses Lite request (an `additional_tools` item instead of `tools`) and
 * run every tool through `exec` scripts in an isolated child runtime.
 */
import { writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startTurn, startTurnServer, text, turnCompleted, turnStream, workdir } from "../helpers/turns.js";
import type { RecordedRequest } from "../helpers/mock-responses.js";

/** The output item the model received for `callId` in `request`. */
function outputItem(request: RecordedRequest, callId: string): any {
  return (request.body.input as any[]).find((i) => (i.type === "function_call_output" || i.type === "custom_tool_call_output") && i.call_id === callId);
}

function toolOutput(request: RecordedRequest, callId: string): any {
  return outputItem(request, callId)?.output;
}

const CODE_MODEL = "gpt-6.1-sol";
const EXEC_GRAMMAR =
  "\nstart: pragma_source | plain_source\npragma_source: PRAGMA_LINE NEWLINE SOURCE\nplain_source: SOURCE\n\nPRAGMA_LINE: /[ \\t]*\\/\\/ @exec:[^\\r\\n]*/\nNEWLINE: /\\r?\\n/\nSOURCE: /[\\s\\S]+/\n";
const HEADER = (status: string) => new RegExp(`^${status}\nWall time \\d+\\.\\d seconds\nOutput:\n`);

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function execCall(callId: string, source: string) {
  return { kind: "custom", name: "exec", callId, input: source } as const;
}

/** Queues one model response per step (each a list of calls), then a final message. */
function scriptModel(steps: Array<Array<Record<string, unknown>>>): void {
  for (const calls of steps) mock.enqueue({ type: "sse", events: functionCallResponse({ calls: calls as never }) });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
}

async function codeThread(server: ServerProcess, cwd = workdir()): Promise<string> {
  const result = await server.call("thread/start", { cwd, model: CODE_MODEL, sandbox: "danger-full-access", approvalPolicy: "never" });
  return result.thread.id;
}

async function runCodeTurn(server: ServerProcess, threadId: string, prompt = "go") {
  const turn = await startTurn(server, threadId, text(prompt));
  const completed = await turnCompleted(server, turn.id, 30_000);
  return { turn, completed };
}

function lastRequest() {
  return mock.requests[mock.requests.length - 1]!;
}

describe("code mode request (Responses Lite)", () => {
  it("sends additional_tools instead of tools, lite reasoning, verbosity, header and the multi-agent developer messages", async () => {
    scriptModel([]);
    const server = await startTurnServer(mock);
    const threadId = await codeThread(server);
    const { completed } = await runCodeTurn(server, threadId, "hello");
    expect(completed.turn.status).toBe("completed");
    const request = mock.requests[0]!;
    const body = request.body as any;
    expect(Object.keys(body)).toEqual([
      "model", "input", "tool_choice", "parallel_tool_calls", "reasoning", "store", "stream", "include", "prompt_cache_key", "text", "client_metadata",
    ]);
    expect(body.model).toBe(CODE_MODEL);
    expect(body.tools).toBeUndefined();
    expect(body.parallel_tool_calls).toBe(false);
    expect(body.reasoning).toEqual({ effort: "low", context: "all_turns" });
    expect(body.text).toEqual({ verbosity: "low" });
    expect(request.headers["x-openai-internal-codex-responses-lite"]).toBe("true");

    const [tools, base, developer, role, mode, context, prompt] = body.input;
    expect(Object.keys(tools)).toEqual(["type", "id", "role", "tools"]);
    expect(tools.type).toBe("additional_tools");
    expect(tools.id).toMatch(/^at_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(tools.role).toBe("developer");
    expect(tools.tools.map((ns: any) => [ns.type, ns.name])).toEqual([
      ["namespace", "functions"],
      ["namespace", "clock"],
      ["namespace", "collaboration"],
    ]);
    const [functions, clock, collaboration] = tools.tools;
    expect(functions.description).toBe("");
    expect(functions.tools.map((t: any) => t.name)).toEqual(["exec", "wait", "request_user_input", "request_user_input_async"]);
    const exec = functions.tools[0];
    expect(Object.keys(exec)).toEqual(["type", "name", "description", "format"]);
    expect(exec.type).toBe("custom");
    expect(exec.format).toEqual({ type: "grammar", syntax: "lark", definition: EXEC_GRAMMAR });
    for (const nested of ["apply_patch", "exec_command", "view_image", "get_goal", "create_goal", "update_goal", "write_stdin", "clock__curr_time"]) {
      expect(exec.description).toContain(`${nested}(`);
    }
    const wait = functions.tools[1];
    expect(wait.parameters.required).toEqual(["cell_id"]);
    expect(Object.keys(wait.parameters.properties)).toEqual(["cell_id", "max_tokens", "terminate", "yield_time_ms"]);
    const asyncInput = functions.tools[3].parameters.properties.questions;
    expect(asyncInput.minItems).toBe(1);
    expect(asyncInput.items.required).toEqual(["title"]);
    expect(clock.tools.map((t: any) => [t.name, t.parameters.required])).toEqual([["sleep", ["duration_ms"]]]);
    expect(collaboration.tools.map((t: any) => t.name)).toEqual(["followup_task", "interrupt_agent", "list_agents", "send_message", "spawn_agent", "wait_agent"]);
    const spawn = collaboration.tools.find((t: any) => t.name === "spawn_agent");
    expect(spawn.parameters.required).toEqual(["task_name", "message"]);
    expect(spawn.parameters.properties.message).toMatchObject({ type: "string", encrypted: true });

    expect([base.role, developer.role, role.role, mode.role, context.role, prompt.role]).toEqual(["developer", "developer", "developer", "developer", "user", "user"]);
    expect(role.content[0].text).toMatch(/^<multi_agent_role>\n[\s\S]*`\/root`[\s\S]*<\/multi_agent_role>$/);
    expect(mode.content[0].text).toMatch(/^<multi_agent_mode>\n[\s\S]*<\/multi_agent_mode>$/);
    expect(prompt.content).toEqual([{ type: "input_text", text: "hello" }]);
    expect(body.input).toHaveLength(7);
    await server.close();
  });

  it("keeps the additional_tools item first and unchanged in the follow-up request", async () => {
    scriptModel([[execCall("call_a", 'text("hi")')]]);
    const server = await startTurnServer(mock);
    const threadId = await codeThread(server);
    await runCodeTurn(server, threadId);
    const [first, second] = mock.requests as any[];
    expect(second.body.input[0]).toEqual(first.body.input[0]);
    expect(second.body.input.slice(0, first.body.input.length)).toEqual(first.body.input);
    await server.close();
  });
});

describe("exec scripts", () => {
  it("calls nested tools (exec_command, apply_patch, view_image, goals): their items on the wire, the script's text as the output", async () => {
    const cwd = workdir();
    writeFileSync(path.join(cwd, "pixel.png"), Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108020000009077533e0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082", "hex"));
    const source = [
      'const listing = await tools.exec_command({ cmd: "echo nested-out; exit 3" });',
      "text(listing.output.trim());",
      "text(listing.exit_code);",
      'const patch = await tools.apply_patch("*** Begin Patch\\n*** Add File: made.txt\\n+made by exec\\n*** End Patch\\n");',
      "text(patch);",
      'const image = await tools.view_image({ path: "pixel.png" });',
      "text(image.image_url.slice(0, 22));",
      'await tools.create_goal({ objective: "ship it" });',
      "const goal = await tools.get_goal({});",
      "text(JSON.stringify(goal).includes(\"ship it\"));",
    ].join("\n");
    scriptModel([[execCall("call_exec", source)]]);
    const server = await startTurnServer(mock);
    const threadId = await codeThread(server, cwd);
    const { turn, completed } = await runCodeTurn(server, threadId);
    expect(completed.turn.status).toBe("completed");
    expect(readFileSync(path.join(cwd, "made.txt"), "utf8")).toBe("made by exec\n");

    const output = outputItem(mock.requests[1]!, "call_exec");
    expect(output.type).toBe("custom_tool_call_output");
    expect(output.id).toMatch(/^ctco_/);
    expect(Array.isArray(output.output)).toBe(true);
    expect(output.output[0].text).toMatch(HEADER("Script completed"));
    expect(output.output.slice(1)).toEqual([
      { type: "input_text", text: "nested-out" },
      { type: "input_text", text: "3" },
      { type: "input_text", text: expect.stringMatching(/^Exit code: 0\nWall time: \d+\.\d seconds\nOutput:\nSuccess. Updated the following files:\nA made.txt\n$/) },
      { type: "input_text", text: "data:image/png;base64," },
      { type: "input_text", text: "true" },
    ]);
    // Nested calls are not part of the model's context: only the exec call and its output.
    const input = (mock.requests[1]!.body as any).input as any[];
    expect(input.filter((i) => i.type === "function_call" || i.type === "function_call_output")).toEqual([]);

    const stream = turnStream(server, threadId, turn.id);
    const completedItems = stream.filter((m) => m.method === "item/completed").map((m) => (m.params as any).item);
    const command = completedItems.find((i) => i.type === "commandExecution");
    expect(command.id).toMatch(/^exec-[0-9a-f-]{36}$/);
    expect(command).toMatchObject({ status: "failed", exitCode: 3 });
    const fileChange = completedItems.find((i) => i.type === "fileChange");
    expect(fileChange.id).toMatch(/^exec-/);
    expect(fileChange.changes[0]).toMatchObject({ path: path.join(cwd, "made.txt"), kind: { type: "add" } });
    await server.close();
  });

  it("reports a thrown error with its stack in exec_main.mjs, and bad nested arguments as rejections", async () => {
    const badArgs = [
      'try { await tools.exec_command("ls"); } catch (e) { text(e); }',
      "try { await tools.apply_patch({}); } catch (e) { text(e); }",
      "try { await tools.exec_command({}); } catch (e) { text(e); }",
    ].join("\n");
    scriptModel([[execCall("call_throw", 'throw new Error("boom")')], [execCall("call_args", badArgs)]]);
    const server = await startTurnServer(mock);
    const threadId = await codeThread(server);
    const { completed } = await runCodeTurn(server, threadId);
    expect(completed.turn.status).toBe("completed");
    const thrown = toolOutput(mock.requests[1]!, "call_throw");
    expect(thrown).toEqual([
      { type: "input_text", text: expect.stringMatching(HEADER("Script failed")) },
      { type: "input_text", text: "Script error:\nError: boom\n    at exec_main.mjs:1:7" },
    ]);
    const args = toolOutput(mock.requests[2]!, "call_args");
    expect(args[0].text).toMatch(HEADER("Script completed"));
    expect(args[1]).toEqual({ type: "input_text", text: "tool `exec_command` expects a JSON object for arguments" });
    expect(args[2]).toEqual({ type: "input_text", text: "tool `apply_patch` expects a string input" });
    expect(args[3].text).toMatch(/^failed to parse function arguments: /);
    await server.close();
  });

  it("yields a running cell, continues it with wait, and answers wait on an unknown cell", async () => {
    const slow = '// @exec: {"yield_time_ms": 20000}\ntext("before");\nyield_control();\nawait new Promise((resolve) => setTimeout(resolve, 1500));\ntext("after");\nstore("k", { n: 1 });';
    scriptModel([
      [execCall("call_slow", slow)],
      [{ name: "wait", callId: "call_wait", arguments: { cell_id: "1", yield_time_ms: 10000 } }],
      [{ name: "wait", callId: "call_unknown", arguments: { cell_id: "99" } }],
      [execCall("call_load", "text(load(\"k\").n)")],
    ]);
    const server = await startTurnServer(mock);
    const threadId = await codeThread(server);
    const { completed } = await runCodeTurn(server, threadId);
    expect(completed.turn.status).toBe("completed");
    const running = toolOutput(mock.requests[1]!, "call_slow");
    expect(running).toMatch(/^Script running with cell ID 1\nWall time \d+\.\d seconds\nOutput:\nbefore$/);
    const waited = outputItem(mock.requests[2]!, "call_wait");
    expect(waited.type).toBe("function_call_output");
    expect(waited.output[0].text).toMatch(HEADER("Script completed"));
    expect(waited.output.slice(1)).toEqual([{ type: "input_text", text: "after" }]);
    expect(toolOutput(mock.requests[3]!, "call_unknown")).toEqual([
      { type: "input_text", text: "Script failed\nWall time 0.0 seconds\nOutput:\n" },
      { type: "input_text", text: "Script error:\nexec cell 99 not found" },
    ]);
    expect(toolOutput(mock.requests[4]!, "call_load")[1]).toEqual({ type: "input_text", text: "1" });
    await server.close();
  });
});

describe("notify", () => {
  it("adds an extra output of the exec call after its own", async () => {
    scriptModel([[execCall("call_notify", 'notify("halfway");\ntext("done")')]]);
    const server = await startTurnServer(mock);
    const threadId = await codeThread(server);
    await runCodeTurn(server, threadId);
    const outputs = (mock.requests[1]!.body as any).input.filter((i: any) => i.call_id === "call_notify");
    expect(outputs.map((i: any) => i.type)).toEqual(["custom_tool_call", "custom_tool_call_output", "custom_tool_call_output"]);
    expect(outputs[1].output[1]).toEqual({ type: "input_text", text: "done" });
    expect(outputs[2].output).toBe("halfway");
    await server.close();
  });
});

describe("exec isolation and limits", () => {
  it("has no Node APIs, imports, console, network or host realm", async () => {
    const probe = [
      "text([typeof require, typeof process, typeof console, typeof fetch, typeof Buffer, typeof module, typeof globalThis.setImmediate].join(','));",
      "let escaped;",
      "try { escaped = typeof text.constructor.constructor('return process')(); } catch (e) { escaped = e.name; }",
      "text(escaped);",
    ].join("\n");
    scriptModel([[execCall("call_probe", probe)], [execCall("call_import", 'const fs = await import("node:fs");\ntext("imported")')], [execCall("call_static", 'import fs from "node:fs";\ntext(1)')]]);
    const server = await startTurnServer(mock);
    const threadId = await codeThread(server);
    await runCodeTurn(server, threadId);
    const probeOut = toolOutput(mock.requests[1]!, "call_probe");
    expect(probeOut[1].text).toBe("undefined,undefined,undefined,undefined,undefined,undefined,undefined");
    expect(probeOut[2].text).not.toBe("object");
    const dynamic = toolOutput(mock.requests[2]!, "call_import");
    expect(dynamic[0].text).toMatch(HEADER("Script failed"));
    expect(dynamic[1].text).toBe("Script error:\nUnsupported import in exec: node:fs");
    const staticImport = toolOutput(mock.requests[3]!, "call_static");
    expect(staticImport[1].text).toBe("Script error:\nUnsupported import in exec: node:fs");
    await server.close();
  });

  it("enforces the heap and wall-clock limits; wait terminate stops a loop; the daemon and the turn go on", async () => {
    scriptModel([
      [execCall("call_loop", '// @exec: {"yield_time_ms": 300}\nwhile (true) {}')],
      [{ name: "wait", callId: "call_terminate", arguments: { cell_id: "1", terminate: true } }],
      [execCall("call_memory", "const hog = []; while (true) hog.push(new Array(1e6).fill(Math.random()));")],
      [execCall("call_clock", '// @exec: {"yield_time_ms": 20000}\nwhile (true) {}')],
      [execCall("call_after", 'text("still alive")')],
    ]);
    const server = await startTurnServer(mock, { env: { AGENT_APP_SERVER_CODE_MODE_HEAP_MB: "48", AGENT_APP_SERVER_CODE_MODE_WALL_CLOCK_MS: "10000" } });
    const threadId = await codeThread(server);
    const { completed } = await runCodeTurn(server, threadId);
    expect(completed.turn.status).toBe("completed");
    expect(toolOutput(mock.requests[1]!, "call_loop")).toMatch(/^Script running with cell ID 1\nWall time \d+\.\d seconds\nOutput:\n$/);
    expect(toolOutput(mock.requests[2]!, "call_terminate")).toMatch(/^Script terminated\nWall time \d+\.\d seconds\nOutput:\n$/);
    const memory = toolOutput(mock.requests[3]!, "call_memory");
    expect(memory[0].text).toMatch(HEADER("Script failed"));
    expect(memory[1].text).toBe("Script error:\nexec cell 2 ran out of memory (limit 48 MB) and was stopped");
    const clock = toolOutput(mock.requests[4]!, "call_clock");
    expect(clock[1].text).toBe("Script error:\nexec cell 3 exceeded its wall-clock limit of 10 seconds and was stopped");
    expect(toolOutput(mock.requests[5]!, "call_after")[1]).toEqual({ type: "input_text", text: "still alive" });
    await server.close();
  }, 60_000);
});

describe("the runtime process", () => {
  it("does not outlive a daemon killed while a script loops", async () => {
    const { pidsWithArg, waitUntil } = await import("../helpers/process-scan.js");
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [execCall("call_loop", '// @exec: {"yield_time_ms": 300}\nwhile (true) {}')] as never }) });
    mock.enqueue({ type: "hang" });
    // An unusual heap limit marks this test's runtime processes.
    const marker = "--max-old-space-size=37";
    const server = await startTurnServer(mock, { env: { AGENT_APP_SERVER_CODE_MODE_HEAP_MB: "37", AGENT_APP_SERVER_CODE_MODE_WALL_CLOCK_MS: "1000" } });
    const threadId = await codeThread(server);
    await startTurn(server, threadId, text("go"));
    expect(await waitUntil(() => mock.requests.length >= 2, 10_000)).toBe(true);
    // The watchdog and the runtime.
    expect(pidsWithArg(marker).length).toBeGreaterThan(0);
    server.kill("SIGKILL");
    expect(await waitUntil(() => pidsWithArg(marker).length === 0, 12_000, 200)).toBe(true);
  }, 30_000);
});

describe("the default model", () => {
  it("with no model configured, the request is a code-mode one for gpt-6.1-sol", async () => {
    scriptModel([]);
    const { ServerProcess } = await import("../helpers/server-process.js");
    const { mkdtempSync } = await import("node:fs");
    const os = await import("node:os");
    const provider = { request_max_retries: 0, stream_max_retries: 0 };
    const server = new ServerProcess({
      args: ["app-server", ...mock.configArgs("mock", provider)],
      env: { MOCK_API_KEY: "mock-key", HOME: mkdtempSync(path.join(os.tmpdir(), "aas-home-")) },
    });
    await server.initialize();
    const result = await server.call("thread/start", { cwd: workdir() });
    expect(result.model).toBe(CODE_MODEL);
    await runCodeTurn(server, result.thread.id, "hello");
    const body = mock.requests[0]!.body as any;
    expect(body.model).toBe(CODE_MODEL);
    expect(body.tools).toBeUndefined();
    expect(body.input[0].type).toBe("additional_tools");
    expect(mock.requests[0]!.headers["x-openai-internal-codex-responses-lite"]).toBe("true");
    await server.close();
  });
});
