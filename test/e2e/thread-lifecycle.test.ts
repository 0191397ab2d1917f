/**
 * Lifecycle details clients depend on: thread/resume's collaboration mode and
 * backwards cursors (honoured for paging back), the idle status of a thread
 * resumed from disk, thread/fork's announcements, archive/delete unloading
 * first, git metadata, and which notifications go to whom.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { runTurn, startThread, startTurnServer, text } from "../helpers/turns.js";
import { indexOf } from "../helpers/tools.js";
import { gitIn } from "../helpers/git-repo.js";

let mock: MockResponsesServer;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  mock.defaultReply = () => ({ type: "sse", events: textResponse({ usage: { input: 10, output: 5 } }) });
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function server(options: { codexHome?: string; capabilities?: Record<string, unknown> } = {}): Promise<ServerProcess> {
  const started = await startTurnServer(mock, { codexHome: options.codexHome, capabilities: options.capabilities ?? null });
  servers.push(started);
  return started;
}

describe("thread/resume", () => {
  it("returns the collaboration mode and backwards cursors that page back through the history", async () => {
    const s = await server();
    const threadId = await startThread(s);
    const turnIds: string[] = [];
    for (const word of ["one", "two", "three"]) turnIds.push((await runTurn(s, threadId, text(word))).turn.id);

    const resumed = await s.call("thread/resume", { threadId, excludeTurns: true });
    expect(resumed.collaborationMode).toEqual({
      mode: "default",
      settings: { model: resumed.model, reasoning_effort: resumed.reasoningEffort, developer_instructions: null },
    });
    expect(resumed.thread.turns).toEqual([]);
    expect(typeof resumed.turnsBackwardsCursor).toBe("string");
    expect(typeof resumed.itemsBackwardsCursor).toBe("string");

    // The first page back includes the turn the cursor names (the latest), then goes on from there.
    const first = await s.call("thread/turns/list", { threadId, cursor: resumed.turnsBackwardsCursor, sortDirection: "desc", limit: 2 });
    expect(first.data.map((t: any) => t.id)).toEqual([turnIds[2], turnIds[1]]);
    const second = await s.call("thread/turns/list", { threadId, cursor: first.nextCursor, sortDirection: "desc", limit: 2 });
    expect(second.data.map((t: any) => t.id)).toEqual([turnIds[0]]);
    expect(second.nextCursor).toBeNull();

    const items = await s.call("thread/items/list", { threadId, cursor: resumed.itemsBackwardsCursor, sortDirection: "desc", limit: 1 });
    expect(items.data).toHaveLength(1);
    expect(items.data[0].turnId).toBe(turnIds[2]);
    expect(items.data[0].item.type).toBe("agentMessage");
    const older = await s.call("thread/items/list", { threadId, cursor: items.nextCursor, sortDirection: "desc", limit: 1 });
    expect(older.data[0]).toMatchObject({ turnId: turnIds[2], item: { type: "userMessage" } });
  });

  it("a thread resumed from disk goes from notLoaded to idle before the answer, then its token usage and goal (checked against the reference)", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const first = await server({ codexHome });
    const threadId = await startThread(first);
    const { turn } = await runTurn(first, threadId);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const second = await server({ codexHome });
    await second.call("thread/resume", { threadId });
    await second.waitForNotification("thread/goal/cleared", (p) => p.threadId === threadId);
    const status = second.notifications("thread/status/changed");
    expect(status.map((m) => m.params)).toEqual([{ threadId, status: { type: "idle" } }]);
    const usage = second.notifications("thread/tokenUsage/updated").map((m) => m.params as any);
    expect(usage.map((p) => [p.threadId, p.turnId])).toEqual([[threadId, turn.id]]);
    // The order the reference sends them in: idle, the answer, the usage, the goal.
    const answer = indexOf(second, (m) => m.result?.thread?.id === threadId);
    expect(indexOf(second, (m) => m.method === "thread/status/changed")).toBeLessThan(answer);
    expect(answer).toBeLessThan(indexOf(second, (m) => m.method === "thread/tokenUsage/updated"));
    expect(indexOf(second, (m) => m.method === "thread/tokenUsage/updated")).toBeLessThan(indexOf(second, (m) => m.method === "thread/goal/cleared"));

    // Resuming a thread that is already loaded: no status change, no usage replay, the goal again (now set).
    await second.call("thread/goal/set", { threadId, objective: "ship it", status: "paused" });
    await second.waitForNotification("thread/goal/updated");
    const before = second.received.length;
    await second.call("thread/resume", { threadId, excludeTurns: true });
    const replay = await second.waitForNotification("thread/goal/updated", (p) => p.turnId === null && second.notifications("thread/goal/updated").length === 2);
    expect(replay.goal).toMatchObject({ threadId, objective: "ship it", status: "paused" });
    const after = second.received.slice(before).map((r) => r.message.method ?? r.requestMethod);
    expect(after).toEqual(["thread/resume", "thread/goal/updated"]);
  });
});

describe("thread/fork", () => {
  it("announces the fork without turns, lists it with its source, and replays the token usage", async () => {
    const s = await server();
    const threadId = await startThread(s);
    const { turn } = await runTurn(s, threadId, text("fork me"));
    const forked = await s.call("thread/fork", { threadId });
    const forkId = forked.thread.id;
    expect(forked.thread.forkedFromId).toBe(threadId);
    expect(forked.thread.turns).toHaveLength(1);

    const started = await s.waitForNotification("thread/started", (p) => p.thread.id === forkId);
    expect(started.thread.turns).toEqual([]);
    expect(started.thread.forkedFromId).toBe(threadId);
    const usage = await s.waitForNotification("thread/tokenUsage/updated", (p) => p.threadId === forkId);
    expect(usage.turnId).toBe(turn.id);
    expect(usage.tokenUsage.total.totalTokens).toBe(15);
    // As the reference orders them: the answer, the fork's usage, then thread/started.
    const answer = indexOf(s, (m) => m.result?.thread?.id === forkId);
    const usageAt = indexOf(s, (m) => m.method === "thread/tokenUsage/updated" && m.params.threadId === forkId);
    expect(answer).toBeLessThan(usageAt);
    expect(usageAt).toBeLessThan(indexOf(s, (m) => m.method === "thread/started" && m.params.thread.id === forkId));

    // Listed as the reference lists it: a row without its fork source (thread/read names it).
    const listed = await s.call("thread/list", {});
    const fork = listed.data.find((t: any) => t.id === forkId);
    expect(fork).toMatchObject({ forkedFromId: null, preview: "fork me", turns: [] });
    expect(listed.data.map((t: any) => t.id).sort()).toEqual([threadId, forkId].sort());
    expect((await s.call("thread/read", { threadId: forkId })).thread.forkedFromId).toBe(threadId);
  });

  it("keeps injected items that follow the last turn", async () => {
    const s = await server();
    const threadId = await startThread(s);
    await runTurn(s, threadId, text("first"));
    const note = { type: "message", role: "user", content: [{ type: "input_text", text: "remember the injected note" }] };
    await s.call("thread/inject_items", { threadId, items: [note] });
    const forked = await s.call("thread/fork", { threadId });
    await runTurn(s, forked.thread.id, text("after fork"));
    const body = mock.requests.at(-1)!.body;
    expect(JSON.stringify(body.input)).toContain("remember the injected note");
  });
});

describe("archive, unarchive, delete", () => {
  it("archive unloads the thread first; unarchive returns it notLoaded", async () => {
    const s = await server();
    const threadId = await startThread(s);
    await runTurn(s, threadId);
    await s.call("thread/archive", { threadId });
    await s.waitForNotification("thread/archived", (p) => p.threadId === threadId);
    const unloaded = indexOf(s, (m) => m.method === "thread/status/changed" && m.params.status.type === "notLoaded");
    expect(unloaded).toBeGreaterThan(-1);
    expect(unloaded).toBeLessThan(indexOf(s, (m) => m.method === "thread/archived"));
    expect((await s.call("thread/loaded/list", {})).data).toEqual([]);

    const { thread } = await s.call("thread/unarchive", { threadId });
    expect(thread.status).toEqual({ type: "notLoaded" });
    expect(thread.environments).toBeNull();
    expect((await s.call("thread/loaded/list", {})).data).toEqual([]);
  });

  it("delete unloads the thread first", async () => {
    const s = await server();
    const threadId = await startThread(s);
    await runTurn(s, threadId);
    await s.call("thread/delete", { threadId });
    await s.waitForNotification("thread/deleted", (p) => p.threadId === threadId);
    const unloaded = indexOf(s, (m) => m.method === "thread/status/changed" && m.params.status.type === "notLoaded");
    expect(unloaded).toBeGreaterThan(-1);
    expect(unloaded).toBeLessThan(indexOf(s, (m) => m.method === "thread/deleted"));
  });
});

describe("gitInfo", () => {
  it("is null in a repository without commits, and names the commit once there is one", async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), "aas-git-"));
    gitIn(repo, "init", "-q", "-b", "main");
    const s = await server();
    const empty = await s.call("thread/start", { cwd: repo });
    expect(empty.thread.gitInfo).toBeNull();

    writeFileSync(path.join(repo, "a.txt"), "a\n");
    gitIn(repo, "add", "a.txt");
    gitIn(repo, "commit", "-q", "-m", "first");
    const sha = gitIn(repo, "rev-parse", "HEAD");
    const committed = await s.call("thread/start", { cwd: repo });
    expect(committed.thread.gitInfo).toEqual({ sha, branch: "main", originUrl: null });
  });

  it("is null outside a repository", async () => {
    const s = await server();
    const { thread } = await s.call("thread/start", { cwd: mkdtempSync(path.join(os.tmpdir(), "aas-nogit-")) });
    expect(thread.gitInfo).toBeNull();
  });
});

describe("who is told what", () => {
  it("thread/settings/updated only when a setting actually changed", async () => {
    const s = await server();
    const threadId = await startThread(s);
    await runTurn(s, threadId, text("same settings"));
    expect(s.notifications("thread/settings/updated")).toHaveLength(0);
    await runTurn(s, threadId, text("again"), { approvalPolicy: "never" });
    await runTurn(s, threadId, text("same again"), { approvalPolicy: "never" });
    const updates = s.notifications("thread/settings/updated");
    expect(updates).toHaveLength(1);
    expect((updates[0]!.params as any).threadSettings.approvalPolicy).toBe("never");
  });

  it("thread/readState/changed goes only to clients with experimentalApi", async () => {
    const s = await server();
    const threadId = await startThread(s);
    await runTurn(s, threadId);
    await runTurn(s, threadId);
    expect(s.notifications("thread/readState/changed")).toEqual([]);

    // The same turns for an experimental client do bring it.
    const experimental = await server({ capabilities: { experimentalApi: true } });
    const experimentalThread = await startThread(experimental);
    await runTurn(experimental, experimentalThread);
    await experimental.waitForNotification("thread/readState/changed", (p: any) => p.threadId === experimentalThread);
  });
});
