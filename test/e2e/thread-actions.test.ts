/**
 * Actions on a loaded thread besides turn/start, through the protocol:
 * thread/shellCommand (the user's `!cmd`), thread/revert, thread/items/read,
 * thread/settings/update and turn/settings/update, the thread's background
 * terminals, and the errors bad input gets (nothing stored is touched).
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { ServerProcess } from "../helpers/server-process.js";
import { MODEL, runTurn, startTurn, startTurnServer, text, turnCompleted, workdir } from "../helpers/turns.js";
import { exec, script } from "../helpers/tools.js";
import { waitUntil } from "../helpers/process-scan.js";

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

async function server(): Promise<ServerProcess> {
  const started = await startTurnServer(mock);
  servers.push(started);
  return started;
}

/** A server whose client opted into the experimental API. */
async function experimentalServer(): Promise<ServerProcess> {
  const s = new ServerProcess({
    args: ["app-server", ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", `model="${MODEL}"`],
    env: { MOCK_API_KEY: "mock-key", HOME: mkdtempSync(path.join(os.tmpdir(), "aas-home-")) },
  });
  servers.push(s);
  await s.initialize({ experimentalApi: true });
  return s;
}

async function newThread(s: ServerProcess, params: Record<string, unknown> = {}): Promise<{ id: string; cwd: string }> {
  const cwd = workdir();
  const { thread } = await s.call("thread/start", { cwd, ...params });
  return { id: thread.id, cwd };
}

function userTexts(body: any): string[] {
  return (body.input as any[])
    .filter((i) => i.type === "message" && i.role === "user")
    .flatMap((i) => i.content.map((c: any) => c.text as string));
}

describe("thread/shellCommand", () => {
  it("runs in the thread's cwd as its own turn, streams a userShell commandExecution and enters the model context", async () => {
    const s = await server();
    // A read-only sandbox does not apply: the user's own command runs with full access, as in the reference.
    const { id: threadId, cwd } = await newThread(s, { sandbox: "read-only" });
    expect(await s.call("thread/shellCommand", { threadId, command: "  echo hi && pwd && echo made > made.txt  " })).toEqual({});

    const started = await s.waitForNotification("turn/started", (p) => p.threadId === threadId);
    const itemStarted = await s.waitForNotification("item/started", (p) => p.item.type === "commandExecution");
    expect(itemStarted.turnId).toBe(started.turn.id);
    expect(itemStarted.item).toMatchObject({ source: "userShell", status: "inProgress", cwd, processId: null });
    expect(itemStarted.item.command).toContain("echo hi && pwd");
    const completed = await s.waitForNotification("item/completed", (p) => p.item.type === "commandExecution");
    expect(completed.item).toMatchObject({ source: "userShell", status: "completed", exitCode: 0, aggregatedOutput: `hi\n${cwd}\n` });
    const deltas = s.notifications("item/commandExecution/outputDelta").map((m: any) => m.params.delta).join("");
    expect(deltas).toBe(`hi\n${cwd}\n`);
    const ended = await turnCompleted(s, started.turn.id);
    expect(ended.turn.status).toBe("completed");
    expect(readFileSync(path.join(cwd, "made.txt"), "utf8")).toBe("made\n");
    expect(mock.requests).toHaveLength(0);

    // The next turn's request carries the command and its result as the reference records it.
    mock.enqueue({ type: "sse", events: textResponse() });
    await runTurn(s, threadId, text("what did I run?"));
    const record = userTexts(mock.requests[0]!.body).find((t) => t.startsWith("<user_shell_command>"));
    expect(record).toMatch(
      new RegExp(`^<user_shell_command>\\n<command>\\necho hi && pwd && echo made > made.txt\\n</command>\\n<result>\\nExit code: 0\\nDuration: \\d+\\.\\d{4} seconds\\nOutput:\\nhi\\n${cwd.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n\\n</result>\\n</user_shell_command>$`),
    );

    // Stored with the thread: thread/read shows the command in its own turn.
    const { thread } = await s.call("thread/read", { threadId, includeTurns: true });
    expect(thread.turns[0].items.map((i: any) => [i.type, i.source])).toEqual([["commandExecution", "userShell"]]);
  });

  it("joins a running turn: the item streams under that turn's id and no second turn starts", async () => {
    const s = await server();
    const { id: threadId } = await newThread(s);
    mock.enqueue({ type: "sse", events: textResponse(), firstDelayMs: 1500 });
    mock.enqueue({ type: "sse", events: textResponse() });
    const turn = await startTurn(s, threadId, text("take your time"));
    await s.waitForNotification("turn/started", (p) => p.turn.id === turn.id);
    await s.call("thread/shellCommand", { threadId, command: "echo aux" });
    const done = await s.waitForNotification("item/completed", (p) => p.item.type === "commandExecution");
    expect(done.turnId).toBe(turn.id);
    expect(done.item).toMatchObject({ source: "userShell", aggregatedOutput: "aux\n" });
    await turnCompleted(s, turn.id);
    expect(s.notifications("turn/started")).toHaveLength(1);
    await runTurn(s, threadId, text("next"));
    expect(userTexts(mock.requests.at(-1)!.body).some((t) => t.includes("<command>\necho aux\n</command>"))).toBe(true);
  });

  it("an interrupt of its turn kills the command: the item fails as aborted and the turn ends interrupted", async () => {
    const s = await server();
    const { id: threadId, cwd } = await newThread(s);
    await s.call("thread/shellCommand", { threadId, command: "sleep 30; echo late > late.txt" });
    const started = await s.waitForNotification("turn/started", (p) => p.threadId === threadId);
    await s.waitForNotification("item/started", (p) => p.item.type === "commandExecution");
    await s.call("turn/interrupt", { threadId, turnId: started.turn.id });
    const done = await s.waitForNotification("item/completed", (p) => p.item.type === "commandExecution");
    expect(done.item).toMatchObject({ status: "failed", exitCode: -1, aggregatedOutput: "command aborted by user" });
    const ended = await turnCompleted(s, started.turn.id);
    expect(ended.turn.status).toBe("interrupted");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(path.join(cwd, "late.txt"))).toBe(false);
  });

  it("times out, and refuses bad input with the reference's texts", async () => {
    const s = await server();
    const { id: threadId } = await newThread(s);
    await s.call("thread/shellCommand", { threadId, command: "sleep 5", timeoutMs: 200 });
    const done = await s.waitForNotification("item/completed", (p) => p.item.type === "commandExecution", 5_000);
    expect(done.item.status).toBe("failed");
    expect(done.item.exitCode).not.toBe(0);

    const empty = await s.callError("thread/shellCommand", { threadId, command: "   " });
    expect(empty).toMatchObject({ code: -32600, message: "command must not be empty" });
    const negative = await s.callError("thread/shellCommand", { threadId, command: "ls", timeoutMs: -1 });
    expect(negative).toMatchObject({ code: -32600, message: "thread/shellCommand timeoutMs must be non-negative, got -1" });
    const unknown = "00000000-0000-7000-8000-000000000000";
    expect(await s.callError("thread/shellCommand", { threadId: unknown, command: "ls" })).toMatchObject({
      code: -32600,
      message: `thread not found: ${unknown}`,
    });
  });
});

describe("thread/revert", () => {
  it("drops the turn and every later one from the history the model sees; files stay", async () => {
    mock.defaultReply = () => ({ type: "sse", events: textResponse() });
    const s = await server();
    const { id: threadId, cwd } = await newThread(s);
    const ids: string[] = [];
    for (const word of ["one", "two", "three"]) ids.push((await runTurn(s, threadId, text(`turn ${word}`))).turn.id);
    await s.call("thread/shellCommand", { threadId, command: "echo kept > kept.txt" });
    await s.waitForNotification("turn/completed", (p) => p.threadId === threadId && !ids.includes(p.turn.id));

    const reverted = await s.call("thread/revert", { threadId, beforeTurnId: ids[1] });
    expect(reverted.thread.id).toBe(threadId);
    expect(reverted.thread.turns).toEqual([]);
    expect(await s.waitForNotification("thread/reverted", (p) => p.threadId === threadId)).toEqual({ threadId });
    const page = await s.call("thread/turns/list", { threadId, cursor: reverted.turnsBackwardsCursor, sortDirection: "desc" });
    expect(page.data.map((t: any) => t.id)).toEqual([ids[0]]);
    const items = await s.call("thread/items/list", { threadId, cursor: reverted.itemsBackwardsCursor, sortDirection: "desc", limit: 1 });
    expect(items.data[0].turnId).toBe(ids[0]);
    expect(existsSync(path.join(cwd, "kept.txt"))).toBe(true);

    const before = mock.requests.length;
    await runTurn(s, threadId, text("turn four"));
    const texts = userTexts(mock.requests[before]!.body);
    expect(texts).toContain("turn one");
    expect(texts).not.toContain("turn two");
    expect(texts).not.toContain("turn three");
    expect(texts.some((t) => t.includes("kept.txt"))).toBe(false);
  });

  it("interrupts a running turn first, and the shorter history survives a restart", async () => {
    mock.defaultReply = () => ({ type: "sse", events: textResponse() });
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const first = await startTurnServer(mock, { codexHome });
    servers.push(first);
    const { id: threadId } = await newThread(first);
    const kept = (await runTurn(first, threadId, text("keep"))).turn.id;
    mock.enqueue({ type: "sse", events: textResponse(), firstDelayMs: 5_000 });
    const running = await startTurn(first, threadId, text("running"));
    await first.waitForNotification("turn/started", (p) => p.turn.id === running.id);
    await first.call("thread/revert", { threadId, beforeTurnId: running.id });
    expect((await turnCompleted(first, running.id)).turn.status).toBe("interrupted");
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const second = await startTurnServer(mock, { codexHome });
    servers.push(second);
    const page = await second.call("thread/turns/list", { threadId });
    expect(page.data.map((t: any) => t.id)).toEqual([kept]);
  });

  it("refuses a turn that is not in the thread, an ephemeral thread and an unknown thread; nothing changes", async () => {
    mock.defaultReply = () => ({ type: "sse", events: textResponse() });
    const s = await server();
    const { id: threadId } = await newThread(s);
    await runTurn(s, threadId, text("only turn"));
    const missing = "019a0000-0000-7000-8000-000000000000";
    const past = await s.callError("thread/revert", { threadId, beforeTurnId: missing });
    expect(past).toMatchObject({ code: -32600, message: `beforeTurnId '${missing}' was not found in the source thread` });
    expect((await s.call("thread/turns/list", { threadId })).data).toHaveLength(1);
    expect(s.notifications("thread/reverted")).toEqual([]);

    const ephemeral = await newThread(s, { ephemeral: true });
    await runTurn(s, ephemeral.id, text("hi"));
    const refused = await s.callError("thread/revert", { threadId: ephemeral.id, beforeTurnId: missing });
    expect(refused).toMatchObject({ code: -32600, message: "ephemeral threads do not support thread/revert" });

    const noSuch = await s.callError("thread/revert", { threadId: missing, beforeTurnId: missing });
    expect(noSuch).toMatchObject({ code: -32600, message: `thread not found: ${missing}` });
    const noParam = await s.callError("thread/revert", { threadId });
    expect(noParam.code).toBe(-32600);
    expect(noParam.message).toContain("beforeTurnId");
  });
});

describe("thread/items/read", () => {
  it("returns the named items of a turn in stored order (experimental)", async () => {
    mock.defaultReply = () => ({ type: "sse", events: textResponse() });
    const s = await experimentalServer();
    const { id: threadId } = await newThread(s);
    const { turn } = await runTurn(s, threadId, text("read me"));
    const listed = await s.call("thread/items/list", { threadId, turnId: turn.id });
    const [user, agent] = listed.data.map((e: any) => e.item.id);
    const read = await s.call("thread/items/read", { threadId, turnId: turn.id, itemIds: [agent, user, "nope"] });
    expect(read.data.map((e: any) => e.item.id)).toEqual([user, agent]);
    expect(read.data[0]).toMatchObject({ turnId: turn.id, item: { type: "userMessage" } });
    const badTurn = await s.callError("thread/items/read", { threadId, turnId: "nope", itemIds: [user] });
    expect(badTurn.message).toBe(`turn not found in thread ${threadId}: nope`);
    expect((await s.callError("thread/items/read", { threadId, turnId: turn.id, itemIds: [] })).message).toContain("itemIds");
  });
});

describe("thread/settings/update and turn/settings/update", () => {
  it("change later turns' settings; thread/settings/updated only when something changed", async () => {
    mock.defaultReply = () => ({ type: "sse", events: textResponse() });
    const s = await experimentalServer();
    const { id: threadId } = await newThread(s);
    expect(await s.call("thread/settings/update", { threadId, model: "gpt-other", approvalPolicy: "never" })).toEqual({});
    const updated = await s.waitForNotification("thread/settings/updated", (p) => p.threadId === threadId);
    expect(updated.threadSettings).toMatchObject({ model: "gpt-other", approvalPolicy: "never" });
    await s.call("thread/settings/update", { threadId, model: "gpt-other" });
    expect(s.notifications("thread/settings/updated")).toHaveLength(1);
    await runTurn(s, threadId);
    expect(mock.requests.at(-1)!.body.model).toBe("gpt-other");

    expect(await s.call("turn/settings/update", { threadId, turnId: "no-such-turn", model: "x" })).toEqual({ status: "targetUnavailable" });
    mock.enqueue({ type: "sse", events: textResponse(), firstDelayMs: 800 });
    const turn = await startTurn(s, threadId, text("slow"));
    expect(await s.call("turn/settings/update", { threadId, turnId: turn.id, effort: "high" })).toEqual({ status: "applied" });
    await turnCompleted(s, turn.id);
    const unknownField = await s.callError("turn/settings/update", { threadId, turnId: turn.id, cwd: "/tmp" });
    expect(unknownField.code).toBe(-32600);
  });

  it("require the experimental capability", async () => {
    const s = await server();
    const { id: threadId } = await newThread(s);
    const refused = await s.callError("thread/settings/update", { threadId, model: "x" });
    expect(refused).toMatchObject({ code: -32600, message: "thread/settings/update requires experimentalApi capability" });
  });
});

describe("thread/backgroundTerminals", () => {
  it("lists the thread's running exec sessions and terminates them", async () => {
    const s = await experimentalServer();
    const { id: threadId, cwd } = await newThread(s, { sandbox: "danger-full-access", approvalPolicy: "never" });
    script(mock, [[exec("call-bg", "sleep 30", { yield_time_ms: 250 })]]);
    await runTurn(s, threadId, text("start something"));
    const listed = await s.call("thread/backgroundTerminals/list", { threadId });
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ itemId: "call-bg", cwd, osPid: expect.any(Number) });
    expect(listed.data[0].command).toContain("sleep 30");
    expect(listed.nextCursor).toBeNull();

    const terminated = await s.call("thread/backgroundTerminals/terminate", { threadId, processId: listed.data[0].processId });
    expect(terminated).toEqual({ terminated: true });
    const osPid: number = listed.data[0].osPid;
    const alive = () => {
      try {
        process.kill(osPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(await waitUntil(() => !alive(), 5_000)).toBe(true);
    expect((await s.call("thread/backgroundTerminals/list", { threadId })).data).toEqual([]);
    expect(await s.call("thread/backgroundTerminals/terminate", { threadId, processId: listed.data[0].processId })).toEqual({ terminated: false });
    expect(await s.call("thread/backgroundTerminals/clean", { threadId })).toEqual({});
  });
});
