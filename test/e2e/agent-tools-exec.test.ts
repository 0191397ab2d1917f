import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer, type RecordedRequest } from "../helpers/mock-responses.js";
import { pidsWithArg, sleepMarker, waitUntil } from "../helpers/process-scan.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
import { exec, execOutputPattern, FULL_ACCESS, script, serverRequests, toolOutput, writeStdin } from "../helpers/tools.js";

/** The reference's text for a declined command (codex-cli 0.169.0). */
const REJECTED_BY_USER = 'exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }';

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** The session id an exec_command output names (`Process running with session ID N`). */
function sessionIdIn(request: RecordedRequest, callId: string): number {
  const match = /Process running with session ID (\d+)/.exec(toolOutput(request, callId) ?? "");
  if (!match) throw new Error(`no running session in the output of ${callId}: ${toolOutput(request, callId)}`);
  return Number(match[1]);
}

describe("exec_command and write_stdin", () => {
  it("a command's output goes back in the reference's exact format; one commandExecution item with its process id", async () => {
    script(mock, [[exec("call_ls", "printf 'a\\nb\\n'; echo oops >&2; exit 3")]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("list"));
    await turnCompleted(server, turn.id);
    const output = toolOutput(mock.requests[1]!, "call_ls");
    expect(output).toMatch(execOutputPattern("Process exited with code 3", "a\nb\noops\n"));
    expect(output).toContain("\nOriginal token count: 3\n"); // ⌈9 bytes / 4⌉
    const items = server.notifications("item/completed").map((m) => (m.params as any).item).filter((i) => i.type === "commandExecution");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: "call_ls",
      source: "unifiedExecStartup",
      status: "failed",
      exitCode: 3,
      processId: expect.stringMatching(/^\d+$/),
      aggregatedOutput: "a\nb\noops\n",
    });
  });

  it("a PTY command waiting for input yields a session; write_stdin answers it and the item completes then", async () => {
    // The short sleep keeps the terminal open until its last output is read: on Linux the pty master can report EIO
    // (the end) before the kernel has handed over what the child wrote just before exiting, under load.
    mock.enqueue({
      type: "sse",
      events: functionCallResponse({ calls: [exec("call_ask", "read -r name; echo \"hi $name\"; sleep 0.2", { tty: true, yield_time_ms: 500 })] }),
    });
    mock.enqueue((request) => ({
      type: "sse",
      events: functionCallResponse({ calls: [writeStdin("call_answer", sessionIdIn(request, "call_ask"), "bob\n", { yield_time_ms: 2_000 })] }),
    }));
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { approvalPolicy: "never" });
    const turn = await startTurn(server, threadId, text("ask"), { sandboxPolicy: FULL_ACCESS });
    await turnCompleted(server, turn.id);

    const first = toolOutput(mock.requests[1]!, "call_ask");
    const sessionId = sessionIdIn(mock.requests[1]!, "call_ask");
    expect(first).toMatch(execOutputPattern(`Process running with session ID ${sessionId}`, ""));
    // The terminal echoes the input and ends lines with \r\n.
    expect(toolOutput(mock.requests[2]!, "call_answer")).toMatch(execOutputPattern("Process exited with code 0", "bob\r\nhi bob\r\n"));

    const started = server.notifications("item/started").map((m) => (m.params as any).item).find((i) => i.id === "call_ask");
    expect(started).toMatchObject({ processId: String(sessionId), status: "inProgress", command: "/bin/bash -lc 'read -r name; echo \"hi $name\"; sleep 0.2'" });
    expect(server.notifications("item/commandExecution/terminalInteraction").map((m) => m.params)).toEqual([
      { threadId, turnId: turn.id, itemId: "call_ask", processId: String(sessionId), stdin: "bob\n" },
    ]);
    const done = server.notifications("item/completed").map((m) => (m.params as any).item).filter((i) => i.id === "call_ask");
    expect(done).toEqual([expect.objectContaining({ status: "completed", exitCode: 0, processId: String(sessionId) })]);
    // It completed during write_stdin, after the exec_command call had returned.
    const deltas = server.notifications("item/commandExecution/outputDelta").map((m) => (m.params as any).delta).join("");
    expect(deltas).toContain("hi bob");
  });

  it("a PTY command that never exits: exec_command yields with its session; turn/interrupt kills it", async () => {
    const marker = sleepMarker();
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [exec("call_forever", `sleep ${marker}`, { tty: true, yield_time_ms: 300 })] }) });
    mock.enqueue({ type: "hang" });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { approvalPolicy: "never" });
    const turn = await startTurn(server, threadId, text("run forever"), { sandboxPolicy: FULL_ACCESS });
    await mock.waitForRequest(1);
    expect(toolOutput(mock.requests[1]!, "call_forever")).toMatch(/\nProcess running with session ID \d+\n/);
    expect(pidsWithArg(marker)).toHaveLength(1);
    await server.call("turn/interrupt", { threadId, turnId: turn.id });
    expect((await turnCompleted(server, turn.id)).turn.status).toBe("interrupted");
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("a slow command on pipes: exec_command returns running with no output, an empty write_stdin polls until it exits", async () => {
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [exec("call_slow", "sleep 1.5; echo late", { yield_time_ms: 300 })] }) });
    mock.enqueue((request) => ({
      type: "sse",
      events: functionCallResponse({ calls: [writeStdin("call_poll", sessionIdIn(request, "call_slow"), "", { yield_time_ms: 10_000 })] }),
    }));
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("wait"));
    await turnCompleted(server, turn.id);
    const sessionId = sessionIdIn(mock.requests[1]!, "call_slow");
    expect(toolOutput(mock.requests[1]!, "call_slow")).toMatch(execOutputPattern(`Process running with session ID ${sessionId}`, ""));
    expect(toolOutput(mock.requests[2]!, "call_poll")).toMatch(execOutputPattern("Process exited with code 0", "late\n"));
    // As in the reference, an empty write (a poll) is no terminal interaction.
    expect(server.notifications("item/commandExecution/terminalInteraction")).toEqual([]);
  });

  it("bad input gets the reference's texts and the turn goes on: unknown tool, unknown custom tool, bad JSON, unknown session, a function call to the absent apply_patch", async () => {
    script(mock, [
      [
        { name: "shell", callId: "call_shell", arguments: { command: ["ls"] } },
        { kind: "custom", name: "frobnicate", callId: "call_custom", input: "x" },
        { name: "exec_command", callId: "call_json", arguments: "{not json" },
        { name: "exec_command", callId: "call_nocmd", arguments: {} },
        writeStdin("call_nosession", 999999, ""),
        { name: "apply_patch", callId: "call_fn_patch", arguments: { input: "*** Begin Patch\n*** End Patch" } },
      ],
    ]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("go"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    const request = mock.requests[1]!;
    expect(toolOutput(request, "call_shell")).toBe("unsupported call: shell");
    expect(toolOutput(request, "call_custom")).toBe("unsupported custom tool call: frobnicate");
    expect((request.body.input as any[]).find((i) => i.call_id === "call_custom" && i.type === "custom_tool_call_output")).toBeDefined();
    expect(toolOutput(request, "call_json")).toMatch(/^failed to parse function arguments: /);
    expect(toolOutput(request, "call_nocmd")).toBe("failed to parse function arguments: missing field `cmd`");
    expect(toolOutput(request, "call_nosession")).toBe("write_stdin failed: Unknown process id 999999");
    // The fallback model has no apply_patch tool: a function call of that name is not offered.
    expect(toolOutput(request, "call_fn_patch")).toBe("unsupported call: apply_patch");
    expect(server.notifications("item/started").filter((m) => (m.params as any).item.type === "commandExecution")).toHaveLength(0);
  });

  it("parallel calls run concurrently and their outputs go back in call order", async () => {
    script(mock, [[exec("call_slow", "sleep 1; echo first"), exec("call_fast", "echo second"), exec("call_mid", "sleep 0.3; echo third")]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    const started = Date.now();
    const turn = await startTurn(server, threadId, text("three at once"));
    await turnCompleted(server, turn.id);
    const input = mock.requests[1]!.body.input as any[];
    const outputs = input.filter((i) => i.type === "function_call_output").map((i) => i.call_id);
    expect(outputs).toEqual(["call_slow", "call_fast", "call_mid"]);
    expect(toolOutput(mock.requests[1]!, "call_fast")).toMatch(execOutputPattern("Process exited with code 0", "second\n"));
    // Concurrent: the fast ones completed before the slow one.
    const completions = server.notifications("item/completed").map((m) => (m.params as any).item.id).filter((id: string) => id.startsWith("call_"));
    expect(completions).toEqual(["call_fast", "call_mid", "call_slow"]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("approvals: untrusted asks before starting the command; decline is told to the model and nothing runs", async () => {
    script(mock, [[exec("call_ok", "echo yes > ok.txt"), exec("call_no", "echo no > no.txt")]]);
    const server = await startTurnServer(mock);
    server.onServerRequest((_method, params) => ({ decision: (params as any).itemId === "call_ok" ? "accept" : "decline" }));
    const threadId = await startThread(server, { approvalPolicy: "untrusted", sandbox: "workspace-write" });
    const turn = await startTurn(server, threadId, text("write two files"));
    await turnCompleted(server, turn.id);
    const asked = serverRequests(server, "item/commandExecution/requestApproval").map((m) => m.params as any);
    expect(asked.map((p) => [p.itemId, p.command]).sort()).toEqual([
      ["call_no", "/bin/bash -lc 'echo no > no.txt'"],
      ["call_ok", "/bin/bash -lc 'echo yes > ok.txt'"],
    ]);
    expect(toolOutput(mock.requests[1]!, "call_ok")).toMatch(execOutputPattern("Process exited with code 0", ""));
    expect(toolOutput(mock.requests[1]!, "call_no")).toBe(REJECTED_BY_USER);
    const items = server.notifications("item/completed").map((m) => (m.params as any).item);
    expect(items.find((i) => i.id === "call_ok")).toMatchObject({ status: "completed", source: "unifiedExecStartup" });
    expect(items.find((i) => i.id === "call_no")).toMatchObject({ status: "declined" });
  });
});
