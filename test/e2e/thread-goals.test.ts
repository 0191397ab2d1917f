/**
 * Thread goals through the protocol: thread/goal/set|get|clear with their
 * notifications, the per-turn token and time accounting against the budget,
 * the model's get_goal / create_goal / update_goal tools on the same goal,
 * and the goal surviving kill -9 and a restart.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { runTurn, startThread, startTurnServer, text } from "../helpers/turns.js";
import { script, toolOutput } from "../helpers/tools.js";

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

async function server(codexHome?: string): Promise<ServerProcess> {
  const started = await startTurnServer(mock, { codexHome });
  servers.push(started);
  return started;
}

/** Position of the first received message matching `predicate`. */
function indexOf(s: ServerProcess, predicate: (m: Record<string, any>) => boolean): number {
  return s.received.findIndex((r) => predicate(r.message as Record<string, any>));
}

const goalShape = (threadId: string, extra: Record<string, unknown>) => ({
  threadId,
  tokensUsed: 0,
  timeUsedSeconds: 0,
  createdAt: expect.any(Number),
  updatedAt: expect.any(Number),
  ...extra,
});

describe("thread/goal/set, get, clear", () => {
  it("creates, changes and clears the goal; updated/cleared notifications follow the response", async () => {
    const s = await server();
    const threadId = await startThread(s);
    expect(await s.call("thread/goal/get", { threadId })).toEqual({ goal: null });

    const { goal } = await s.call("thread/goal/set", { threadId, objective: "Ship the release", tokenBudget: 1000 });
    expect(goal).toEqual(goalShape(threadId, { objective: "Ship the release", status: "active", tokenBudget: 1000 }));
    const updated = await s.waitForNotification("thread/goal/updated", (p) => p.threadId === threadId);
    expect(updated).toEqual({ threadId, turnId: null, goal });
    const response = indexOf(s, (m) => m.result?.goal !== undefined);
    expect(response).toBeLessThan(indexOf(s, (m) => m.method === "thread/goal/updated"));
    expect(await s.call("thread/goal/get", { threadId })).toEqual({ goal });

    // Status and budget change in place; the objective and usage stay.
    const paused = await s.call("thread/goal/set", { threadId, status: "paused", tokenBudget: null, origin: "user" });
    expect(paused.goal).toEqual({ ...goal, status: "paused", tokenBudget: null, updatedAt: expect.any(Number) });

    expect(await s.call("thread/goal/clear", { threadId })).toEqual({ cleared: true });
    expect(await s.waitForNotification("thread/goal/cleared", (p) => p.threadId === threadId)).toEqual({ threadId });
    expect(await s.call("thread/goal/clear", { threadId })).toEqual({ cleared: false });
    expect(s.notifications("thread/goal/cleared")).toHaveLength(1);
    expect(await s.call("thread/goal/get", { threadId })).toEqual({ goal: null });
  });

  it("answers bad requests with errors naming the field, and stores nothing", async () => {
    const s = await server();
    const threadId = await startThread(s);
    const noObjective = await s.callError("thread/goal/set", { threadId, status: "active" });
    expect(noObjective.code).toBe(-32600);
    expect(noObjective.message).toMatch(/^objective is required/);
    expect((await s.callError("thread/goal/set", { threadId, objective: "   " })).message).toBe("objective must not be empty");
    expect((await s.callError("thread/goal/set", { threadId, objective: "x", tokenBudget: 0 })).message).toMatch(/^tokenBudget must be a positive/);
    const badStatus = await s.callError("thread/goal/set", { threadId, objective: "x", status: "done" });
    expect(badStatus.message).toContain("status");
    expect(await s.call("thread/goal/get", { threadId })).toEqual({ goal: null });

    const unknown = "019a0000-0000-7000-8000-000000000000";
    expect(await s.callError("thread/goal/get", { threadId: unknown })).toEqual({ code: -32600, message: `thread not found: ${unknown}` });
    expect(await s.callError("thread/goal/set", { threadId: unknown, objective: "x" })).toEqual({ code: -32600, message: `thread not found: ${unknown}` });

    const ephemeral = await startThread(s, { ephemeral: true });
    for (const method of ["thread/goal/set", "thread/goal/get", "thread/goal/clear"]) {
      const error = await s.callError(method, { threadId: ephemeral, objective: "x" });
      expect(error.code).toBe(-32600);
      expect(error.message).toBe(`${method}: threadId ${ephemeral} names an ephemeral thread; goals are stored with the thread and need a durable one`);
    }
    expect(s.notifications("thread/goal/updated")).toEqual([]);
  });
});

describe("goal accounting per turn", () => {
  it("charges each turn's tokens and time; a spent budget makes the goal budgetLimited and the model is told", async () => {
    const s = await server();
    const threadId = await startThread(s);
    await s.call("thread/goal/set", { threadId, objective: "Count to ten", tokenBudget: 40 });

    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["one"], usage: { input: 20, output: 5 } }) });
    const first = await runTurn(s, threadId, text("start"));
    const afterFirst = await s.waitForNotification("thread/goal/updated", (p) => p.turnId === first.turn.id);
    expect(afterFirst.goal).toMatchObject({ status: "active", tokensUsed: 25, timeUsedSeconds: expect.any(Number) });
    // Sent before the turn ends.
    expect(indexOf(s, (m) => m.method === "thread/goal/updated" && m.params.turnId === first.turn.id)).toBeLessThan(
      indexOf(s, (m) => m.method === "turn/completed"),
    );

    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["two"], usage: { input: 20, output: 5 } }) });
    const second = await runTurn(s, threadId, text("go on"));
    const limited = s.notifications("thread/goal/updated").map((m: any) => m.params).filter((p: any) => p.turnId === second.turn.id);
    expect(limited[0].goal).toMatchObject({ status: "budgetLimited", tokensUsed: 50, tokenBudget: 40 });
    expect((await s.call("thread/goal/get", { threadId })).goal).toMatchObject({ status: "budgetLimited", tokensUsed: 50 });

    // The model reads about it in its next request; a goal no longer active is not charged.
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    const third = await runTurn(s, threadId, text("and now?"));
    const input = mock.requests[2]!.body.input as any[];
    const notice = input.findIndex((i) => i.role === "developer" && i.content?.[0]?.text?.startsWith("<goal_budget_exhausted>"));
    expect(notice).toBeGreaterThan(-1);
    expect(input[notice].content[0].text).toContain("50 of 40 tokens");
    expect(notice).toBeLessThan(input.findIndex((i) => i.role === "user" && i.content?.[0]?.text === "and now?"));
    expect(s.notifications("thread/goal/updated").filter((m: any) => m.params.turnId === third.turn.id)).toEqual([]);
    expect((await s.call("thread/goal/get", { threadId })).goal.tokensUsed).toBe(50);
  });
});

describe("the model's goal tools", () => {
  it("are offered, and get_goal / create_goal / update_goal act on the thread's goal", async () => {
    const s = await server();
    const threadId = await startThread(s);
    script(mock, [
      [{ name: "get_goal", callId: "call_get0", arguments: {} }],
      [{ name: "create_goal", callId: "call_create", arguments: { objective: "Write the docs", token_budget: 5000 } }],
      [{ name: "create_goal", callId: "call_again", arguments: { objective: "Another" } }],
      [{ name: "update_goal", callId: "call_bad", arguments: { status: "active" } }],
      [{ name: "update_goal", callId: "call_done", arguments: { status: "complete" } }],
      [{ name: "get_goal", callId: "call_get1", arguments: {} }],
    ]);
    const completed = await runTurn(s, threadId, text("set a goal to write the docs"));
    expect(completed.turn.status).toBe("completed");

    const tools = (mock.requests[0]!.body.tools as any[]).map((t) => t.name ?? t.type);
    expect(tools).toEqual(["exec_command", "write_stdin", "request_user_input", "view_image", "multi_agent_v1", "get_goal", "create_goal", "update_goal", "web_search"]);
    const updateGoal = (mock.requests[0]!.body.tools as any[]).find((t) => t.name === "update_goal");
    expect(updateGoal.parameters.properties.status.enum).toEqual(["complete", "blocked", "paused"]);

    expect(JSON.parse(toolOutput(mock.requests[1]!, "call_get0"))).toEqual({ goal: null });
    expect(JSON.parse(toolOutput(mock.requests[2]!, "call_create")).goal).toMatchObject({ objective: "Write the docs", status: "active", token_budget: 5000 });
    expect(toolOutput(mock.requests[3]!, "call_again")).toMatch(/already has a goal/);
    expect(toolOutput(mock.requests[4]!, "call_bad")).toBe("status must be one of complete, blocked, paused");
    expect(JSON.parse(toolOutput(mock.requests[5]!, "call_done")).goal.status).toBe("complete");
    expect(JSON.parse(toolOutput(mock.requests[6]!, "call_get1")).goal).toMatchObject({ objective: "Write the docs", status: "complete" });

    const statuses = s.notifications("thread/goal/updated").map((m: any) => [m.params.turnId, m.params.goal.status]);
    expect(statuses).toEqual([
      [completed.turn.id, "active"],
      [completed.turn.id, "complete"],
    ]);
    expect((await s.call("thread/goal/get", { threadId })).goal).toMatchObject({ threadId, objective: "Write the docs", status: "complete", tokenBudget: 5000 });
  });

  it("are not offered with features.goals = false", async () => {
    const s = await startTurnServer(mock, { args: ["-c", "features.goals=false"] });
    servers.push(s);
    const threadId = await startThread(s);
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
    await runTurn(s, threadId);
    const tools = (mock.requests[0]!.body.tools as any[]).map((t) => t.name ?? t.type);
    expect(tools).toEqual(["exec_command", "write_stdin", "request_user_input", "view_image", "multi_agent_v1", "web_search"]);
  });

  it("are not offered on an ephemeral thread", async () => {
    const s = await server();
    const threadId = await startThread(s, { ephemeral: true });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
    await runTurn(s, threadId);
    const tools = (mock.requests[0]!.body.tools as any[]).map((t) => t.name ?? t.type);
    expect(tools.filter((name: string) => name.endsWith("_goal"))).toEqual([]);
  });
});

describe("goals across restarts", () => {
  it("a goal set before any turn survives kill -9 and a restart, usage included", async () => {
    const s = await server();
    const threadId = await startThread(s);
    await s.call("thread/goal/set", { threadId, objective: "Persist me", tokenBudget: 500 });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
    await runTurn(s, threadId);
    const { goal } = await s.call("thread/goal/get", { threadId });
    expect(goal.tokensUsed).toBe(15);
    s.kill("SIGKILL");
    await s.exited;

    const again = await server(s.codexHome);
    expect(await again.callError("thread/goal/get", { threadId })).toEqual({ code: -32600, message: `thread not loaded: ${threadId}` });
    await again.call("thread/resume", { threadId });
    expect(await again.call("thread/goal/get", { threadId })).toEqual({ goal });
  });

  it("a goal on a thread without turns survives kill -9 too", async () => {
    const s = await server();
    const threadId = await startThread(s);
    const { goal } = await s.call("thread/goal/set", { threadId, objective: "Before any turn" });
    s.kill("SIGKILL");
    await s.exited;
    const again = await server(s.codexHome);
    await again.call("thread/resume", { threadId });
    expect(await again.call("thread/goal/get", { threadId })).toEqual({ goal });
  });
});
