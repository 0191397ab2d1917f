import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { ServerProcess } from "../helpers/server-process.js";
import { MODEL, startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
import { indexOf, script, serverRequests, exec, toolOutput } from "../helpers/tools.js";

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

const APPROVAL = "item/commandExecution/requestApproval";
/** Untrusted commands in a writable workspace: everything but read-only commands asks. */
const UNTRUSTED = { approvalPolicy: "untrusted", sandbox: "workspace-write" };

function itemOf(server: ServerProcess, id: string) {
  return server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.id === id);
}

async function experimentalServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = new ServerProcess({
    args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", `model="${MODEL}"`],
    env: { MOCK_API_KEY: "mock-key", ...env },
  });
  await server.initialize({ experimentalApi: true });
  return server;
}

describe("item/commandExecution/requestApproval", () => {
  it("accept: item/started → request → answer → serverRequest/resolved → output → item/completed; waitingOnApproval meanwhile", async () => {
    script(mock, [[exec("call_touch", "echo approved > out.txt && echo wrote")]]);
    const server = await startTurnServer(mock);
    const seen: any[] = [];
    server.onServerRequest((method, params) => {
      seen.push({ method, params });
      return { decision: "accept" };
    });
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("write a file"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");

    const [request] = serverRequests(server, APPROVAL);
    expect(request!.id).toBe(0);
    const started = server.notifications("item/started").map((m) => (m.params as any).item).find((i) => i.id === "call_touch");
    expect(request!.params).toEqual({
      threadId,
      turnId: turn.id,
      itemId: "call_touch",
      startedAtMs: expect.any(Number),
      kind: "command",
      environmentId: null,
      command: "/bin/bash -lc 'echo approved > out.txt && echo wrote'",
      cwd: started.cwd,
      commandActions: started.commandActions,
    });
    expect(seen).toHaveLength(1);

    const at = (predicate: (m: Record<string, any>) => boolean) => indexOf(server, predicate);
    const itemStarted = at((m) => m.method === "item/started" && m.params.item.id === "call_touch");
    const waiting = at((m) => m.method === "thread/status/changed" && m.params.status.activeFlags?.includes("waitingOnApproval"));
    const asked = at((m) => m.method === APPROVAL);
    const resolved = at((m) => m.method === "serverRequest/resolved");
    const notWaiting = server.received.findIndex(
      (r, i) => i > asked && r.message.method === "thread/status/changed" && (r.message.params as any).status.activeFlags?.length === 0,
    );
    const delta = at((m) => m.method === "item/commandExecution/outputDelta" && m.params.itemId === "call_touch");
    const itemDone = at((m) => m.method === "item/completed" && m.params.item.id === "call_touch");
    expect(itemStarted).toBeGreaterThan(-1);
    expect(itemStarted).toBeLessThan(waiting);
    expect(waiting).toBeLessThan(asked);
    expect(asked).toBeLessThan(resolved);
    expect(resolved).toBeLessThan(notWaiting);
    expect(resolved).toBeLessThan(delta);
    expect(delta).toBeLessThan(itemDone);
    expect(server.notifications("serverRequest/resolved").map((m) => m.params)).toEqual([{ threadId, requestId: 0 }]);

    expect(itemOf(server, "call_touch")).toMatchObject({ status: "completed", exitCode: 0, aggregatedOutput: "wrote\n" });
    expect(existsSync(path.join(started.cwd, "out.txt"))).toBe(true);
    expect(toolOutput(mock.requests[1]!, "call_touch")).toMatch(/^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\nProcess exited with code 0\n/);
  });

  it("decline: the item ends declined, the model is told, the turn goes on", async () => {
    script(mock, [[exec("call_rm", "echo no > declined.txt")]], "OK, I won't.");
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "decline" }));
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("write"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    const item = itemOf(server, "call_rm");
    expect(item).toMatchObject({ status: "declined", exitCode: null, aggregatedOutput: null });
    expect(existsSync(path.join(item.cwd, "declined.txt"))).toBe(false);
    expect(server.notifications("item/commandExecution/outputDelta")).toHaveLength(0);
    expect(toolOutput(mock.requests[1]!, "call_rm")).toBe(REJECTED_BY_USER);
    expect(completed.turn.items[0]).toMatchObject({ type: "agentMessage", text: "OK, I won't." });
  });

  // Observed on codex-cli 0.169.0: the item completes declined but is not kept in the thread; the next request
  // replays the call with the shell tools' aborted text (seconds since the call began, one decimal).
  it("cancel: the item ends declined and the turn is interrupted; the model later reads that the call was aborted", async () => {
    script(mock, [[exec("call_cancel", "echo x > c.txt")]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { decision: "cancel" };
    });
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("write"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn).toMatchObject({ status: "interrupted", error: null });
    expect(itemOf(server, "call_cancel")).toMatchObject({ status: "declined" });
    expect(mock.requests).toHaveLength(1);
    expect(indexOf(server, (m) => m.method === "serverRequest/resolved")).toBeLessThan(indexOf(server, (m) => m.method === "item/completed" && m.params.item.id === "call_cancel"));
    const statuses = server.notifications("thread/status/changed").map((m) => (m.params as any).status);
    expect(statuses.at(-1)).toEqual({ type: "idle" });
    const read = await server.call("thread/read", { threadId, includeTurns: true });
    expect(read.thread.turns[0].items.map((item: any) => item.type)).toEqual(["userMessage"]);

    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    const next = await startTurn(server, threadId, text("again"));
    await turnCompleted(server, next.id);
    const input = mock.requests[1]!.body.input as any[];
    expect(input.filter((i) => i.call_id === "call_cancel").map((i) => i.type)).toEqual(["function_call", "function_call_output"]);
    const output = toolOutput(mock.requests[1]!, "call_cancel");
    expect(output).toMatch(/^Wall time: \d+\.\d seconds\naborted by user$/);
    expect(Number(/([\d.]+) seconds/.exec(output)![1])).toBeGreaterThanOrEqual(0.6);
    expect(existsSync(path.join(read.thread.cwd, "c.txt"))).toBe(false);
  });

  it("acceptForSession: the same command is not asked about again in the thread; another one is", async () => {
    const cmd = "echo again >> log.txt";
    script(mock, [[exec("call_1", cmd)], [exec("call_2", cmd)], [exec("call_3", "echo other >> log.txt")]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "acceptForSession" }));
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("log"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server, APPROVAL).map((m) => (m.params as any).itemId)).toEqual(["call_1", "call_3"]);
    for (const id of ["call_1", "call_2", "call_3"]) expect(itemOf(server, id).status).toBe("completed");

    // Still remembered in the next turn of the thread.
    script(mock, [[exec("call_4", cmd)]]);
    const next = await startTurn(server, threadId, text("log more"));
    await turnCompleted(server, next.id);
    expect(serverRequests(server, APPROVAL)).toHaveLength(2);
    expect(itemOf(server, "call_4").status).toBe("completed");
  });

  // Observed on codex-cli 0.169.0: the item fails and the model reads the approval request's failure.
  it("a JSON-RPC error answer fails the command (approval request failed)", async () => {
    script(mock, [[exec("call_err", "echo x > e.txt")]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => {
      throw new Error("no UI here");
    });
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("write"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(itemOf(server, "call_err").status).toBe("failed");
    expect(toolOutput(mock.requests[1]!, "call_err")).toBe('exec_command failed: CreateProcess { message: "Rejected(\\"approval request failed\\")" }');
    expect(server.notifications("serverRequest/resolved")).toHaveLength(1);
  });

  it("an answer that is not a valid decision counts as decline", async () => {
    script(mock, [[exec("call_weird", "echo x > w.txt")]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "maybe" }));
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    expect(itemOf(server, "call_weird").status).toBe("declined");
  });

  it("untrusted: known read-only commands run without asking", async () => {
    script(mock, [[exec("call_ls", "ls -la")], [exec("call_pipe", "cat /etc/hostname | wc -l && pwd")], [exec("call_find", "find . -name '*.txt'")]]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "decline" }));
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("look around"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server)).toHaveLength(0);
    for (const id of ["call_ls", "call_pipe", "call_find"]) expect(itemOf(server, id).status).toBe("completed");

    // find with -delete is not read-only.
    mock.reset();
    script(mock, [[exec("call_find_delete", "find . -name '*.txt' -delete")]]);
    const next = await startTurn(server, threadId, text("clean"));
    await turnCompleted(server, next.id);
    expect(serverRequests(server).map((m) => (m.params as any).itemId)).toEqual(["call_find_delete"]);
  });

  it("on-request: a command asking for escalation is approved and runs outside the sandbox; others run sandboxed without asking", async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), "aas-escalate-"));
    const target = path.join(outside, "f.txt");
    script(mock, [
      [exec("call_plain", `echo x > ${target}`)],
      [exec("call_esc", `echo x > ${target}`, { sandbox_permissions: "require_escalated", justification: "Needs to write the shared file." })],
    ]);
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "accept" }));
    const threadId = await startThread(server); // on-request, read-only (the defaults)
    const turn = await startTurn(server, threadId, text("write it"));
    await turnCompleted(server, turn.id);
    const tools = mock.requests[0]!.body.tools as any[];
    expect(tools[0].parameters.properties.sandbox_permissions).toMatchObject({ type: "string" });
    expect(tools[0].parameters.properties.justification).toMatchObject({ type: "string" });
    // The plain attempt ran in the read-only sandbox and failed, without a prompt.
    expect(itemOf(server, "call_plain").status).toBe("failed");
    const requests = serverRequests(server, APPROVAL);
    expect(requests.map((m) => (m.params as any).itemId)).toEqual(["call_esc"]);
    expect((requests[0]!.params as any).reason).toBe("Needs to write the shared file.");
    expect(itemOf(server, "call_esc").status).toBe("completed");
    expect(existsSync(target)).toBe(true);
  });

  it("never: no prompt, even for a call asking for escalation (the escalation parameters are offered in every combination, as the reference does)", async () => {
    script(mock, [[exec("call_never", "echo x > n.txt", { sandbox_permissions: "require_escalated" })]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, { approvalPolicy: "never" });
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server)).toHaveLength(0);
    expect((mock.requests[0]!.body.tools as any[])[0].parameters.properties.sandbox_permissions).toMatchObject({ type: "string" });
    // Read-only sandbox: the write fails and the model sees why.
    expect(itemOf(server, "call_never").status).toBe("failed");
    expect(toolOutput(mock.requests[1]!, "call_never")).toMatch(/Read-only file system/);
  });

  it("experimental connections also get availableDecisions", async () => {
    script(mock, [[exec("call_exp", "echo x > x.txt")]]);
    const server = await experimentalServer();
    server.onServerRequest(() => ({ decision: "accept" }));
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    const [request] = serverRequests(server, APPROVAL);
    expect((request!.params as any).availableDecisions).toEqual(["accept", "acceptForSession", "decline", "cancel"]);
  });

  // Observed on codex-cli 0.169.0: interrupt answer, status idle, turn/completed, then serverRequest/resolved.
  it("turn/interrupt while an approval is pending clears it (serverRequest/resolved) after turn/completed", async () => {
    script(mock, [[exec("call_pending", "echo x > p.txt")]]);
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, UNTRUSTED);
    const turn = await startTurn(server, threadId, text("write"));
    const request = await server.waitFor((m) => m.method === APPROVAL);
    const status = await server.waitForNotification("thread/status/changed", (p) => p.status.activeFlags?.includes("waitingOnApproval"));
    expect(status).toEqual({ threadId, status: { type: "active", activeFlags: ["waitingOnApproval"] } });
    const loaded = await server.call("thread/read", { threadId });
    expect(loaded.thread.status).toEqual({ type: "active", activeFlags: ["waitingOnApproval"] });

    const interrupt = server.request("turn/interrupt", { threadId, turnId: turn.id });
    const completed = await turnCompleted(server, turn.id);
    expect((await interrupt).result).toEqual({});
    expect(completed.turn.status).toBe("interrupted");
    await server.waitFor((m) => m.method === "serverRequest/resolved");
    expect(server.notifications("serverRequest/resolved").map((m) => m.params)).toEqual([{ threadId, requestId: request.id }]);
    const resolved = indexOf(server, (m) => m.method === "serverRequest/resolved");
    const answer = indexOf(server, (m) => !("method" in m) && server.received.find((r) => r.message === m)?.requestMethod === "turn/interrupt");
    const ended = indexOf(server, (m) => m.method === "turn/completed");
    expect(answer).toBeLessThan(ended);
    expect(ended).toBeLessThan(resolved);
    // The status goes from waitingOnApproval straight to idle.
    const statuses = server.notifications("thread/status/changed").map((m) => (m.params as any).status);
    expect(statuses.slice(statuses.findIndex((s) => s.activeFlags?.includes("waitingOnApproval")))).toEqual([
      { type: "active", activeFlags: ["waitingOnApproval"] },
      { type: "idle" },
    ]);
    expect(itemOf(server, "call_pending").status).toBe("declined");
    // A late answer is ignored.
    server.sendRaw(JSON.stringify({ id: request.id, result: { decision: "accept" } }));
    const read = await server.call("thread/read", { threadId });
    expect(read.thread.status).toEqual({ type: "idle" });
    expect(existsSync(path.join(itemOf(server, "call_pending").cwd, "p.txt"))).toBe(false);
  });
});

describe("without a working sandbox (AAS_BWRAP=off)", () => {
  it("sends one configWarning after initialize", async () => {
    const server = new ServerProcess({ env: { AAS_BWRAP: "off" } });
    await server.initialize();
    const warning = await server.waitForNotification("configWarning");
    expect(warning.summary).toMatch(/sandbox/i);
    expect(warning.details).toMatch(/bubblewrap/);
    await server.call("thread/list", {});
    expect(server.notifications("configWarning")).toHaveLength(1);

    const optedOut = new ServerProcess({ env: { AAS_BWRAP: "off" } });
    await optedOut.initialize({ optOutNotificationMethods: ["configWarning"] });
    await optedOut.call("thread/list", {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(optedOut.notifications("configWarning")).toHaveLength(0);
  });

  it("no warning when bubblewrap works", async () => {
    const server = new ServerProcess();
    await server.initialize();
    await server.call("thread/list", {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.notifications("configWarning")).toHaveLength(0);
  });

  it("on-request: commands that need the sandbox ask instead, and run unsandboxed when approved", async () => {
    script(mock, [[exec("call_ls_nosb", "ls")], [exec("call_write_nosb", "echo x > nosb.txt")]]);
    const server = await startTurnServer(mock, { env: { AAS_BWRAP: "off" } });
    server.onServerRequest(() => ({ decision: "accept" }));
    const threadId = await startThread(server);
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    const requests = serverRequests(server, APPROVAL);
    expect(requests.map((m) => (m.params as any).itemId)).toEqual(["call_write_nosb"]);
    expect((requests[0]!.params as any).reason).toMatch(/sandboxing is unavailable/);
    expect(itemOf(server, "call_ls_nosb").status).toBe("completed");
    const item = itemOf(server, "call_write_nosb");
    expect(item.status).toBe("completed");
    expect(existsSync(path.join(item.cwd, "nosb.txt"))).toBe(true);
  });

  it("never: a command that needs the sandbox fails and the model is told", async () => {
    script(mock, [[exec("call_never_nosb", "echo x > nosb.txt")]]);
    const server = await startTurnServer(mock, { env: { AAS_BWRAP: "off" } });
    const threadId = await startThread(server, { approvalPolicy: "never" });
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server)).toHaveLength(0);
    const item = itemOf(server, "call_never_nosb");
    expect(item.status).toBe("failed");
    expect(existsSync(path.join(item.cwd, "nosb.txt"))).toBe(false);
    expect(toolOutput(mock.requests[1]!, "call_never_nosb")).toMatch(/sandbox policy readOnly cannot be enforced: sandboxing disabled by AAS_BWRAP; the command was not run/);
  });
});
