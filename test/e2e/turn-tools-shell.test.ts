import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { pidsWithArg, sleepMarker, waitUntil } from "../helpers/process-scan.js";
import { isContextItem, startThread, startTurn, startTurnServer, text, turnCompleted, turnStream } from "../helpers/turns.js";
import { exec, execOutputPattern, FULL_ACCESS, indexOf, script, serverRequests, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

describe("exec_command in a turn", () => {
  it("offers the reference's tools, runs the call, streams its output and sends the result back to the model", async () => {
    script(mock, [[exec("call_echo", "echo hello && echo oops >&2")]], "It printed hello.");
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("run echo"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");

    // Every request offers the fallback model's direct-mode tools (no apply_patch tool, no update_plan unless enabled).
    const tools = mock.requests[0]!.body.tools as any[];
    expect(tools.map((t) => t.name ?? t.type)).toEqual(["exec_command", "write_stdin", "request_user_input", "view_image", "multi_agent_v1", "get_goal", "create_goal", "update_goal", "web_search"]);
    expect(tools[0].parameters.properties).toMatchObject({ cmd: { type: "string" }, workdir: { type: "string" }, yield_time_ms: { type: "number" } });
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[1]!.body.tools).toEqual(tools);

    const stream = turnStream(server, threadId, turn.id);
    const started = stream.find((m) => m.method === "item/started" && (m.params as any).item.type === "commandExecution")!.params as any;
    expect(started.item).toEqual({
      type: "commandExecution",
      id: "call_echo",
      command: "/bin/bash -lc 'echo hello && echo oops >&2'",
      cwd: expect.stringMatching(/^\//),
      processId: expect.stringMatching(/^\d+$/),
      source: "unifiedExecStartup",
      status: "inProgress",
      commandActions: [{ type: "unknown", command: "echo hello && echo oops >&2" }],
      aggregatedOutput: null,
      exitCode: null,
      durationMs: null,
      pluginId: null,
      scriptPath: null,
      startedAtMs: expect.any(Number),
      completedAtMs: null,
    });
    const deltas = stream.filter((m) => m.method === "item/commandExecution/outputDelta").map((m) => (m.params as any).delta);
    expect(deltas.join("")).toContain("hello\n");
    expect(deltas.join("")).toContain("oops\n");
    const done = stream.find((m) => m.method === "item/completed" && (m.params as any).item.type === "commandExecution")!.params as any;
    expect(done.item).toMatchObject({ id: "call_echo", status: "completed", exitCode: 0, durationMs: expect.any(Number) });
    expect(done.item.aggregatedOutput).toContain("hello\n");
    // item/started → output deltas → item/completed; no approval was needed (read-only sandbox, on-request).
    expect(serverRequests(server)).toHaveLength(0);
    const order = stream.map((m) => m.method).filter((m) => m === "item/started" || m === "item/commandExecution/outputDelta" || m === "item/completed");
    const cmdStart = order.indexOf("item/started", 1);
    expect(order.slice(cmdStart, cmdStart + 2)).toEqual(["item/started", "item/commandExecution/outputDelta"]);

    // The second request carries the call as received (item id and status included, §7.1) and its output.
    const input = mock.requests[1]!.body.input as any[];
    expect(input).toContainEqual(expect.objectContaining({
      type: "function_call",
      id: expect.stringMatching(/^fc_/),
      status: "completed",
      name: "exec_command",
      arguments: JSON.stringify({ cmd: "echo hello && echo oops >&2" }),
      call_id: "call_echo",
    }));
    expect(toolOutput(mock.requests[1]!, "call_echo")).toMatch(execOutputPattern("Process exited with code 0", "hello\noops\n"));
  });

  it("reports a failing command as failed with its exit code", async () => {
    script(mock, [[exec("call_false", "echo nope; exit 3")]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("fail"));
    await turnCompleted(server, turn.id);
    const done = server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.id === "call_false");
    expect(done).toMatchObject({ status: "failed", exitCode: 3, aggregatedOutput: "nope\n" });
    expect(toolOutput(mock.requests[1]!, "call_false")).toMatch(execOutputPattern("Process exited with code 3", "nope\n"));
  });

  it("keeps the tool call in the thread's context across a restart (thread/resume)", async () => {
    script(mock, [[exec("call_pwd", "pwd")]]);
    const first = await startTurnServer(mock);
    const threadId = await startThread(first);
    const turn = await startTurn(first, threadId, text("where am I"));
    await turnCompleted(first, turn.id);
    const read = await first.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread.turns[0].items.map((i: any) => i.type)).toEqual(["userMessage", "commandExecution", "agentMessage"]);
    await first.close();

    const second = await startTurnServer(mock, { codexHome: first.codexHome });
    await second.call("thread/resume", { threadId });
    mock.enqueue({ type: "sse", events: textResponse() });
    const next = await startTurn(second, threadId, text("again"));
    await turnCompleted(second, next.id);
    const input = mock.requests[2]!.body.input as any[];
    const types = input.filter((i) => !isContextItem(i)).map((i) => i.type + (i.role ? `:${i.role}` : ""));
    expect(types).toEqual(["message:user", "function_call", "function_call_output", "message:assistant", "message:user"]);
    expect(input.find((i) => i.type === "function_call_output").output).toMatch(/^Chunk ID: [0-9a-f]{6}\n.*\nProcess exited with code 0\n/);
  });

  it("caps the output the model sees and says how much was cut", async () => {
    script(mock, [[exec("call_big", "head -c 60000 /dev/zero | tr '\\0' a; echo; echo END")]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("print a lot"));
    await turnCompleted(server, turn.id);
    const output = toolOutput(mock.requests[1]!, "call_big")!;
    // Fallback metadata: a 10,000-byte budget, head and tail kept around a `…N chars truncated…` marker.
    expect(output).toContain("Original token count: 15002\nOutput:\nWarning: truncated output (original token count: 15002)\nTotal output lines: 2\n\n");
    expect(output).toMatch(/a…\d+ chars truncated…a/);
    expect(output.length).toBeLessThan(12_000);
    expect(output).toContain("END");
  });

  it("the sandbox refuses a write outside the writable roots; the failure goes to the model (approval never)", async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), "aas-outside-"));
    const target = path.join(outside, "escape.txt");
    script(mock, [[exec("call_escape", `echo inside > inside.txt && echo x > ${target}`)]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { approvalPolicy: "never" });
    const sandboxPolicy = { type: "workspaceWrite", excludeSlashTmp: true, excludeTmpdirEnvVar: true };
    const turn = await startTurn(server, threadId, text("write outside"), { sandboxPolicy });
    await turnCompleted(server, turn.id);
    expect(serverRequests(server)).toHaveLength(0);
    const done = server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.id === "call_escape");
    expect(done.status).toBe("failed");
    expect(done.aggregatedOutput).toMatch(/Read-only file system/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(path.join(done.cwd, "inside.txt"))).toBe(true);
    expect(toolOutput(mock.requests[1]!, "call_escape")).toMatch(/Read-only file system/);
  });

  it("update_plan (when enabled): turn/plan/updated, and the model is told the plan was updated", async () => {
    const plan = { explanation: "two steps", plan: [{ step: "look", status: "completed" }, { step: "fix", status: "in_progress" }] };
    script(mock, [[{ name: "update_plan", callId: "call_plan", arguments: plan }]]);
    const server = await startTurnServer(mock, { args: ["-c", "tools.update_plan.enabled=true"] });
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("plan it"));
    await turnCompleted(server, turn.id);
    expect((mock.requests[0]!.body.tools as any[]).map((t) => t.name ?? t.type)).toContain("update_plan");
    expect(server.notifications("turn/plan/updated").map((m) => m.params)).toEqual([
      {
        threadId,
        turnId: turn.id,
        explanation: "two steps",
        plan: [
          { step: "look", status: "completed" },
          { step: "fix", status: "inProgress" },
        ],
      },
    ]);
    expect(toolOutput(mock.requests[1]!, "call_plan")).toBe("Plan updated");
    // No item for a plan update, but the call stays in the thread's context.
    mock.enqueue({ type: "sse", events: textResponse() });
    const next = await startTurn(server, threadId, text("next"));
    await turnCompleted(server, next.id);
    expect(toolOutput(mock.requests[2]!, "call_plan")).toBe("Plan updated");
  });

  it("malformed and unknown calls are answered to the model, and the turn goes on", async () => {
    script(mock, [[{ name: "exec_command", callId: "call_bad", arguments: "{not json" }, { name: "browse", callId: "call_unknown", arguments: {} }]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("go"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(toolOutput(mock.requests[1]!, "call_bad")).toMatch(/^failed to parse function arguments/);
    expect(toolOutput(mock.requests[1]!, "call_unknown")).toBe("unsupported call: browse");
  });
});

describe("limits", () => {
  it("turn/interrupt kills a running command: no process is left", async () => {
    const marker = sleepMarker();
    script(mock, [[exec("call_sleep", `sleep ${marker} & sleep ${marker}; echo never`, { yield_time_ms: 30_000 })]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { approvalPolicy: "never" });
    const turn = await startTurn(server, threadId, text("sleep"), { sandboxPolicy: FULL_ACCESS });
    await server.waitForNotification("item/started", (p) => p.item.id === "call_sleep");
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    const pids = pidsWithArg(marker);

    const interrupted = await server.call("turn/interrupt", { threadId, turnId: turn.id });
    expect(interrupted).toEqual({});
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("interrupted");
    expect(await waitUntil(() => pids.every((pid) => !existsSync(`/proc/${pid}`) || pidsWithArg(marker).length === 0))).toBe(true);
    expect(pidsWithArg(marker)).toEqual([]);
    const done = server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.id === "call_sleep");
    expect(done.status).toBe("failed");
    // item/completed comes before turn/completed.
    expect(indexOf(server, (m) => m.method === "item/completed" && m.params.item.id === "call_sleep")).toBeLessThan(
      indexOf(server, (m) => m.method === "turn/completed"),
    );
    // No second model request after the interrupt.
    expect(mock.requests).toHaveLength(1);
  });

  it("a sandboxed command is killed with the interrupt too", async () => {
    const marker = sleepMarker();
    script(mock, [[exec("call_sleep_sb", `sleep ${marker}`, { yield_time_ms: 30_000 })]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("sleep"));
    expect(await waitUntil(() => pidsWithArg(marker).length >= 1)).toBe(true);
    await server.call("turn/interrupt", { threadId, turnId: turn.id });
    await turnCompleted(server, turn.id);
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("the client going away (end of input) leaves no process behind", async () => {
    const marker = sleepMarker();
    script(mock, [[exec("call_orphan", `sleep ${marker} & sleep ${marker}; wait`, { yield_time_ms: 30_000 })]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { approvalPolicy: "never" });
    await startTurn(server, threadId, text("sleep"), { sandboxPolicy: FULL_ACCESS });
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    expect(await server.close()).toEqual({ code: 0, signal: null });
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("server shutdown (SIGTERM) leaves no process behind", async () => {
    const marker = sleepMarker();
    script(mock, [[exec("call_term", `sleep ${marker} & sleep ${marker}; wait`, { yield_time_ms: 30_000 })]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { approvalPolicy: "never" });
    await startTurn(server, threadId, text("sleep"), { sandboxPolicy: FULL_ACCESS });
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    server.kill("SIGTERM");
    await server.exited;
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });
});
