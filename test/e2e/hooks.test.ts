import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { exec, FULL_ACCESS, script, tmpDir, toolOutput } from "../helpers/tools.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted, workdir } from "../helpers/turns.js";

let mock: MockResponsesServer;
let server: ServerProcess | undefined;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `$CODEX_HOME/hooks.json` with PreToolUse handlers for `Bash`. */
function writeHooks(codexHome: string, handlers: Array<Record<string, unknown>>): string {
  const file = path.join(codexHome, "hooks.json");
  writeFileSync(file, JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: handlers }] } }, null, 2));
  return file;
}

/** Trusts every hook `hooks/list` shows for `cwd` at its current hash, as a client does through config writes. */
async function trustAll(codexHome: string, cwd: string, baseConfig = ""): Promise<any[]> {
  const listed = await server!.call("hooks/list", { cwds: [cwd] });
  const hooks = listed.data[0].hooks as any[];
  const state = hooks.map((hook) => `[hooks.state.${JSON.stringify(hook.key)}]\ntrusted_hash = ${JSON.stringify(hook.currentHash)}\n`).join("\n");
  writeFileSync(path.join(codexHome, "config.toml"), `${baseConfig}\n${state}`);
  return hooks;
}

function hookNotifications(method: "hook/started" | "hook/completed"): any[] {
  return server!.notifications(method).map((m) => m.params as any);
}

describe("hooks", () => {
  it("hooks/list shows a hooks.json hook with its key, hash and trust; a trusted PreToolUse hook blocks the tool call", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const cwd = workdir();
    const seen = path.join(tmpDir("aas-hooks-out-"), "stdin.json");
    const command = `cat > ${seen}; echo "no files here" >&2; exit 2`;
    const hooksFile = writeHooks(codexHome, [{ type: "command", command, timeout: 30, statusMessage: "Checking" }]);
    server = await startTurnServer(mock, { codexHome });

    const before = await server.call("hooks/list", { cwds: [cwd] });
    expect(before.data).toHaveLength(1);
    expect(before.data[0]).toMatchObject({ cwd, warnings: [], errors: [] });
    const [hook] = before.data[0].hooks;
    expect(hook).toEqual({
      key: `${hooksFile}:pre_tool_use:0:0`,
      eventName: "preToolUse",
      handlerType: "command",
      command,
      async: false,
      matcher: "Bash",
      timeoutSec: 30,
      statusMessage: "Checking",
      sourcePath: hooksFile,
      source: "user",
      pluginId: null,
      environmentId: null,
      additionalContextLimit: null,
      displayOrder: 0,
      enabled: true,
      isManaged: false,
      currentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      trustStatus: "untrusted",
    });
    await trustAll(codexHome, cwd);
    const after = await server.call("hooks/list", { cwds: [cwd] });
    expect(after.data[0].hooks[0].trustStatus).toBe("trusted");

    const marker = path.join(cwd, "created-by-tool");
    script(mock, [[exec("call_touch", `touch ${marker}`)]]);
    const threadId = await startThread(server, { cwd });
    const turn = await startTurn(server, threadId, text("touch it"), { sandboxPolicy: FULL_ACCESS });
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");

    expect(existsSync(marker)).toBe(false);
    expect(toolOutput(mock.requests[1]!, "call_touch")).toBe("Command blocked by PreToolUse hook: no files here");
    const input = JSON.parse(readFileSync(seen, "utf8"));
    expect(input).toMatchObject({
      session_id: threadId,
      turn_id: turn.id,
      cwd,
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: `touch ${marker}` },
      tool_use_id: "call_touch",
    });
    const [started] = hookNotifications("hook/started");
    expect(started).toMatchObject({
      threadId,
      turnId: turn.id,
      run: { eventName: "preToolUse", status: "running", sourcePath: hooksFile, statusMessage: "Checking", scope: "turn", entries: [] },
    });
    const [done] = hookNotifications("hook/completed");
    expect(done.run).toMatchObject({
      id: started.run.id,
      status: "blocked",
      entries: [{ kind: "feedback", text: "no files here" }],
      durationMs: expect.any(Number),
    });
    expect(started.run.id).toContain("call_touch");
  });

  it("an untrusted or modified hook never runs, and the tool call goes ahead", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const cwd = workdir();
    const hookMarker = path.join(tmpDir("aas-hooks-out-"), "hook-ran");
    writeHooks(codexHome, [{ type: "command", command: `touch ${hookMarker}; exit 2` }]);
    server = await startTurnServer(mock, { codexHome });

    const toolMarker = path.join(cwd, "created-by-tool");
    script(mock, [[exec("call_touch", `touch ${toolMarker}`)]]);
    const threadId = await startThread(server, { cwd });
    const turn = await startTurn(server, threadId, text("touch it"), { sandboxPolicy: FULL_ACCESS });
    expect((await turnCompleted(server, turn.id)).turn.status).toBe("completed");
    expect(existsSync(toolMarker)).toBe(true);
    expect(existsSync(hookMarker)).toBe(false);
    expect(hookNotifications("hook/started")).toEqual([]);

    // Trusted, then edited: the hash no longer matches, so it is "modified" and still does not run.
    await trustAll(codexHome, cwd);
    writeHooks(codexHome, [{ type: "command", command: `touch ${hookMarker}; exit 2`, timeout: 5 }]);
    const listed = await server.call("hooks/list", { cwds: [cwd] });
    expect(listed.data[0].hooks[0].trustStatus).toBe("modified");
    script(mock, [[exec("call_again", `rm ${toolMarker}`)]]);
    const again = await startTurn(server, threadId, text("again"), { sandboxPolicy: FULL_ACCESS });
    expect((await turnCompleted(server, again.id)).turn.status).toBe("completed");
    expect(existsSync(toolMarker)).toBe(false);
    expect(existsSync(hookMarker)).toBe(false);
    expect(hookNotifications("hook/started")).toEqual([]);
  });

  it("trust recorded through config/batchWrite (hooks.state upsert, as the TUI writes it): the hook runs only from then on", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const cwd = workdir();
    const hookMarker = path.join(tmpDir("aas-hooks-out-"), "hook-ran");
    writeHooks(codexHome, [{ type: "command", command: `touch ${hookMarker}; echo "not with this hook" >&2; exit 2` }]);
    const configFile = path.join(codexHome, "config.toml");
    writeFileSync(configFile, "# mine\nmodel_reasoning_effort = \"low\"\n");
    server = await startTurnServer(mock, { codexHome });

    const toolMarker = path.join(cwd, "created-by-tool");
    script(mock, [[exec("call_touch", `touch ${toolMarker}`)]]);
    const threadId = await startThread(server, { cwd });
    const first = await startTurn(server, threadId, text("touch it"), { sandboxPolicy: FULL_ACCESS });
    expect((await turnCompleted(server, first.id)).turn.status).toBe("completed");
    expect(existsSync(toolMarker)).toBe(true);
    expect(existsSync(hookMarker)).toBe(false);
    expect(hookNotifications("hook/started")).toEqual([]);

    const [hook] = (await server.call("hooks/list", { cwds: [cwd] })).data[0].hooks;
    expect(hook.trustStatus).toBe("untrusted");
    const written = await server.call("config/batchWrite", {
      edits: [{ keyPath: "hooks.state", value: { [hook.key]: { trusted_hash: hook.currentHash } }, mergeStrategy: "upsert" }],
      reloadUserConfig: true,
    });
    expect(written.status).toBe("ok");
    const config = readFileSync(configFile, "utf8");
    expect(config.startsWith("# mine\nmodel_reasoning_effort = \"low\"\n")).toBe(true);
    expect(parseToml(config)).toEqual({ model_reasoning_effort: "low", hooks: { state: { [hook.key]: { trusted_hash: hook.currentHash } } } });
    expect((await server.call("hooks/list", { cwds: [cwd] })).data[0].hooks[0].trustStatus).toBe("trusted");

    const blockedTool = path.join(cwd, "blocked-by-hook");
    script(mock, [[exec("call_blocked", `touch ${blockedTool}`)]]);
    const second = await startTurn(server, threadId, text("touch another"), { sandboxPolicy: FULL_ACCESS });
    expect((await turnCompleted(server, second.id)).turn.status).toBe("completed");
    expect(existsSync(hookMarker)).toBe(true);
    expect(existsSync(blockedTool)).toBe(false);
    expect(hookNotifications("hook/completed").map((n) => [n.turnId, n.run.eventName, n.run.status])).toEqual([[second.id, "preToolUse", "blocked"]]);
  });

  it("SessionStart hooks run once, before a thread's first turn, with their context before the prompt", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const cwd = workdir();
    const seen = path.join(tmpDir("aas-hooks-out-"), "session-start.json");
    const command = `cat >> ${seen}; echo "Project codeword: heron."`;
    const hooksFile = path.join(codexHome, "hooks.json");
    writeFileSync(hooksFile, JSON.stringify({ hooks: { SessionStart: [{ matcher: "startup", hooks: [{ type: "command", command }] }] } }));
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["again"] }) });
    server = await startTurnServer(mock, { codexHome });
    const [hook] = await trustAll(codexHome, cwd);
    expect(hook).toMatchObject({ key: `${hooksFile}:session_start:0:0`, eventName: "sessionStart", matcher: "startup" });

    const threadId = await startThread(server, { cwd });
    const turn = await startTurn(server, threadId, text("hello"));
    expect((await turnCompleted(server, turn.id)).turn.status).toBe("completed");
    const input = JSON.parse(readFileSync(seen, "utf8"));
    expect(input).toMatchObject({ session_id: threadId, cwd, hook_event_name: "SessionStart", source: "startup", transcript_path: null });
    expect(input).not.toHaveProperty("turn_id");
    const body = mock.requests[0]!.body.input as any[];
    const context = body.findIndex((item) => item.role === "developer" && item.content[0]?.text === "Project codeword: heron.");
    const prompt = body.findIndex((item) => item.role === "user" && item.content[0]?.text === "hello");
    expect(context).toBeGreaterThan(-1);
    expect(context).toBeLessThan(prompt);
    const [started] = hookNotifications("hook/started");
    expect(started).toMatchObject({ threadId, turnId: turn.id, run: { eventName: "sessionStart", scope: "thread", status: "running" } });
    const [done] = hookNotifications("hook/completed");
    expect(done.run).toMatchObject({ id: started.run.id, status: "completed", entries: [{ kind: "context", text: "Project codeword: heron." }] });

    // Not again for the thread's next turn.
    const next = await startTurn(server, threadId, text("more"));
    expect((await turnCompleted(server, next.id)).turn.status).toBe("completed");
    expect(hookNotifications("hook/started")).toHaveLength(1);
    expect(readFileSync(seen, "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("a Stop hook that blocks sends the model back to work with its reason as a hookPrompt; the next answer ends the turn", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const cwd = workdir();
    const out = tmpDir("aas-hooks-out-");
    const seen = path.join(out, "stop-inputs.jsonl");
    const flag = path.join(out, "blocked-once");
    const command = `cat >> ${seen}; echo >> ${seen}; if [ -e ${flag} ]; then exit 0; fi; touch ${flag}; echo "Run the tests first." >&2; exit 2`;
    const hooksFile = path.join(codexHome, "hooks.json");
    writeFileSync(hooksFile, JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: "command", command }] }] } }));
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["All done."] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Tests pass; done."] }) });
    server = await startTurnServer(mock, { codexHome });
    await trustAll(codexHome, cwd);

    const threadId = await startThread(server, { cwd });
    const turn = await startTurn(server, threadId, text("finish the work"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(mock.requests).toHaveLength(2);

    const runs = hookNotifications("hook/completed").map((n) => n.run);
    expect(runs.map((run) => [run.eventName, run.status])).toEqual([
      ["stop", "blocked"],
      ["stop", "completed"],
    ]);
    expect(runs[0].entries).toEqual([{ kind: "feedback", text: "Run the tests first." }]);
    const runId = runs[0].id;
    expect(runId).toBe(`stop:0:${hooksFile}`);

    const prompt = server.notifications("item/completed").map((m) => (m.params as any).item).find((item) => item.type === "hookPrompt");
    expect(prompt).toMatchObject({ type: "hookPrompt", fragments: [{ text: "Run the tests first.", hookRunId: runId }] });
    const second = mock.requests[1]!.body.input as any[];
    expect(second.at(-1)).toMatchObject({
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: `<hook_prompt hook_run_id="${runId}">Run the tests first.</hook_prompt>` }],
    });

    const inputs = readFileSync(seen, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(inputs).toMatchObject([
      { hook_event_name: "Stop", session_id: threadId, turn_id: turn.id, stop_hook_active: false, last_assistant_message: "All done." },
      { hook_event_name: "Stop", stop_hook_active: true, last_assistant_message: "Tests pass; done." },
    ]);
  });

  it("a hook that hangs past its timeout or exits non-zero is reported as failed, and the tool still runs", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const cwd = workdir();
    const hooksFile = writeHooks(codexHome, [
      { type: "command", command: "sleep 30", timeout: 1 },
      { type: "command", command: "echo broken >&2; exit 1" },
    ]);
    server = await startTurnServer(mock, { codexHome });
    await trustAll(codexHome, cwd);

    const marker = path.join(cwd, "created-by-tool");
    script(mock, [[exec("call_touch", `touch ${marker}`)]]);
    const threadId = await startThread(server, { cwd });
    const startedAt = Date.now();
    const turn = await startTurn(server, threadId, text("touch it"), { sandboxPolicy: FULL_ACCESS });
    expect((await turnCompleted(server, turn.id, 20_000)).turn.status).toBe("completed");
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(existsSync(marker)).toBe(true);
    const completed = hookNotifications("hook/completed").map((n) => n.run);
    expect(completed).toHaveLength(2);
    const byOrder = completed.sort((a, b) => a.displayOrder - b.displayOrder);
    expect(byOrder[0]).toMatchObject({ status: "failed", sourcePath: hooksFile, entries: [{ kind: "error", text: "hook timed out after 1s" }] });
    expect(byOrder[1]).toMatchObject({ status: "failed", entries: [{ kind: "error", text: "hook exited with code 1" }] });
  }, 30_000);

  it("a hooks.json that does not parse is a warning naming the file, not an error for the request", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const file = path.join(codexHome, "hooks.json");
    writeFileSync(file, "{ not json");
    server = await startTurnServer(mock, { codexHome });
    const cwd = workdir();
    const listed = await server.call("hooks/list", { cwds: [cwd] });
    expect(listed.data[0].hooks).toEqual([]);
    expect(listed.data[0].warnings).toEqual([expect.stringContaining(`failed to parse hooks config ${file}:`)]);
  });

  it("UserPromptSubmit hooks from [hooks] in config.toml add context after the prompt, or stop the turn before the model is asked", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const cwd = workdir();
    const flag = path.join(tmpDir("aas-hooks-out-"), "block");
    const command = `if [ -e ${flag} ]; then echo "not today" >&2; exit 2; fi; echo "The user prefers short answers."`;
    const hooksToml = `[[hooks.UserPromptSubmit]]\n[[hooks.UserPromptSubmit.hooks]]\ntype = "command"\ncommand = ${JSON.stringify(command)}\n`;
    const configFile = path.join(codexHome, "config.toml");
    writeFileSync(configFile, hooksToml);
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    server = await startTurnServer(mock, { codexHome });
    const [hook] = await trustAll(codexHome, cwd, hooksToml);
    expect(hook).toMatchObject({ key: `${configFile}:user_prompt_submit:0:0`, sourcePath: configFile, eventName: "userPromptSubmit", matcher: null });

    const threadId = await startThread(server, { cwd });
    const turn = await startTurn(server, threadId, text("hello"));
    expect((await turnCompleted(server, turn.id)).turn.status).toBe("completed");
    const input = mock.requests[0]!.body.input as any[];
    const prompt = input.findIndex((item) => item.role === "user" && item.content[0]?.text === "hello");
    expect(input[prompt + 1]).toEqual({ type: "message", role: "developer", content: [{ type: "input_text", text: "The user prefers short answers." }] });
    const [done] = hookNotifications("hook/completed");
    expect(done.run).toMatchObject({ eventName: "userPromptSubmit", status: "completed", entries: [{ kind: "context", text: "The user prefers short answers." }] });

    writeFileSync(flag, "");
    const stopped = await startTurn(server, threadId, text("and now?"));
    expect((await turnCompleted(server, stopped.id)).turn.status).toBe("completed");
    expect(mock.requests).toHaveLength(1);
    const blocked = hookNotifications("hook/completed").at(-1);
    expect(blocked).toMatchObject({ turnId: stopped.id, run: { status: "blocked", entries: [{ kind: "feedback", text: "not today" }] } });
  });

  it("a PostToolUse hook sees the tool's output and can replace what the model gets, with context after it", async () => {
    const codexHome = tmpDir("aas-hooks-home-");
    const cwd = workdir();
    const seen = path.join(tmpDir("aas-hooks-out-"), "stdin.json");
    const answer = JSON.stringify({
      decision: "block",
      reason: "Output withheld by policy.",
      hookSpecificOutput: { hookEventName: "PostToolUse", additionalContext: "Do not retry this command." },
    });
    writeFileSync(
      path.join(codexHome, "hooks.json"),
      JSON.stringify({ hooks: { PostToolUse: [{ matcher: "^Ba.h$", hooks: [{ type: "command", command: `cat > ${seen}; echo '${answer}'` }] }] } }),
    );
    server = await startTurnServer(mock, { codexHome });
    await trustAll(codexHome, cwd);
    script(mock, [[exec("call_echo", "echo secret-value")]]);
    const threadId = await startThread(server, { cwd });
    const turn = await startTurn(server, threadId, text("echo it"), { sandboxPolicy: FULL_ACCESS });
    expect((await turnCompleted(server, turn.id)).turn.status).toBe("completed");

    const input = JSON.parse(readFileSync(seen, "utf8"));
    expect(input).toMatchObject({ hook_event_name: "PostToolUse", tool_name: "Bash", tool_use_id: "call_echo" });
    expect(String(input.tool_response)).toContain("secret-value");
    const request = mock.requests[1]!.body.input as any[];
    expect(toolOutput(mock.requests[1]!, "call_echo")).toBe("Output withheld by policy.");
    const output = request.findIndex((item) => item.type === "function_call_output" && item.call_id === "call_echo");
    expect(request[output + 1]).toEqual({ type: "message", role: "developer", content: [{ type: "input_text", text: "Do not retry this command." }] });
    const [done] = hookNotifications("hook/completed");
    expect(done.run).toMatchObject({
      eventName: "postToolUse",
      status: "blocked",
      entries: [
        { kind: "context", text: "Do not retry this command." },
        { kind: "feedback", text: "Output withheld by policy." },
      ],
    });
  });
});
