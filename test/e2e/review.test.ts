import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ERROR_BODIES, functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { gitIn, tempRepo, writeIn } from "../helpers/git-repo.js";
import { kinds, runTurn, startTurnServer, text, turnCompleted, turnStream } from "../helpers/turns.js";
import { exec, toolOutput } from "../helpers/tools.js";
import type { ServerProcess } from "../helpers/server-process.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const FINDING = {
  title: "[P1] Subtraction instead of addition",
  body: "`add` now returns `a - b`.\nEvery caller gets the wrong sum.",
  confidence_score: 0.9,
  priority: 1,
  code_location: { absolute_file_path: "/repo/app.js", line_range: { start: 2, end: 2 } },
};
const REVIEW_JSON = JSON.stringify({
  findings: [FINDING],
  overall_correctness: "patch is incorrect",
  overall_explanation: "The change breaks add.",
  overall_confidence_score: 0.8,
});
const RENDERED = [
  "The change breaks add.",
  "",
  "Review comment:",
  "",
  "- [P1] Subtraction instead of addition — /repo/app.js:2-2",
  "  `add` now returns `a - b`.",
  "  Every caller gets the wrong sum.",
].join("\n");

async function startThreadIn(server: ServerProcess, cwd: string): Promise<string> {
  const result = await server.call("thread/start", { cwd });
  return result.thread.id as string;
}

function userTexts(input: any[]): string[] {
  return input.filter((i) => i.type === "message" && i.role === "user").map((i) => i.content.map((c: any) => c.text).join(""));
}

function developerText(input: any[]): string {
  return input.filter((i) => i.type === "message" && i.role === "developer").flatMap((i) => i.content.map((c: any) => c.text)).join("\n");
}

describe("review/start", () => {
  it("reviews uncommitted changes inline: read-only reviewer on its own context, items message by message, the outcome kept in the thread", async () => {
    const repo = tempRepo();
    writeIn(repo, "app.js", "export function add(a, b) {\n  return a - b;\n}\n");
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Hi."] }) });
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [exec("call_diff", "git diff")] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: [REVIEW_JSON.slice(0, 40), REVIEW_JSON.slice(40)] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Fixed."] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThreadIn(server, repo);
    await runTurn(server, threadId, text("say hello"));

    const response = await server.call("review/start", { threadId, target: { type: "uncommittedChanges" } });
    expect(response.reviewThreadId).toBe(threadId);
    const turnId = response.turn.id as string;
    expect(response.turn).toMatchObject({
      status: "inProgress",
      error: null,
      items: [{ type: "userMessage", id: turnId, content: [{ type: "text", text: "current changes", text_elements: [] }] }],
    });
    const completed = await turnCompleted(server, turnId);
    expect(completed.turn.status).toBe("completed");

    const stream = turnStream(server, threadId, turnId);
    // The reviewer's usage is not the thread's (as in the reference): no usage nor rate limits during the review.
    expect(stream.filter((m) => m.method === "thread/tokenUsage/updated" && (m.params as any).turnId === turnId)).toEqual([]);
    const described = stream.map((m): string => {
      const p = m.params as any;
      if (m.method === "item/started" || m.method === "item/completed") return `${m.method}:${p.item.type}`;
      if (m.method === "thread/status/changed") return `status:${p.status.type}`;
      return String(m.method);
    });
    // From this turn's first item on (the stream also holds the earlier turn's); as in the reference, review mode is
    // entered before the thread turns active and the turn starts.
    const ours = described.slice(described.indexOf("item/started:enteredReviewMode"));
    expect(ours.filter((d: string) => !d.startsWith("item/commandExecution/"))).toEqual([
      "item/started:enteredReviewMode",
      "item/completed:enteredReviewMode",
      "status:active",
      "turn/started",
      "item/started:userMessage",
      "item/completed:userMessage",
      "item/started:commandExecution",
      "item/completed:commandExecution",
      "item/started:exitedReviewMode",
      "item/completed:exitedReviewMode",
      "item/started:agentMessage",
      "item/completed:agentMessage",
      "status:idle",
      "turn/completed",
    ]);
    const items = stream.filter((m) => m.method === "item/completed").map((m) => (m.params as any).item);
    expect(items[0]).toEqual({ type: "enteredReviewMode", id: turnId, review: "current changes", startedAtMs: expect.any(Number), completedAtMs: expect.any(Number) });
    expect(items[1].content[0].text).toMatch(/^Review the uncommitted changes/);
    expect(items[2]).toMatchObject({ type: "commandExecution", id: "call_diff", status: "completed", exitCode: 0 });
    expect(items[2].aggregatedOutput).toContain("-  return a + b;");
    expect(items[3]).toEqual({ type: "exitedReviewMode", id: turnId, review: RENDERED, startedAtMs: expect.any(Number), completedAtMs: expect.any(Number) });
    expect(items[4]).toMatchObject({ type: "agentMessage", text: RENDERED });
    expect(completed.turn.items).toEqual([items[4]]);
    // The reviewer's own JSON answer never reaches the client.
    expect(kinds(server, stream)).not.toContain("item/agentMessage/delta");

    // What the reviewer model received: its own instructions, a read-only sandbox, no approvals, the review request; not the thread's history.
    const first = mock.requests[1]!.body;
    const input = first.input as any[];
    expect(developerText(input)).toMatch(/^You are a code reviewer/);
    expect(developerText(input)).toContain("`sandbox_mode` is `read-only`");
    expect(developerText(input)).toContain("The approval policy is never");
    expect(userTexts(input).at(-1)).toMatch(/^Review the uncommitted changes of this repository/);
    expect(JSON.stringify(input)).not.toContain("say hello");
    const toolNames = (first.tools as any[]).map((t) => t.name ?? t.type);
    expect(toolNames).toContain("exec_command");
    expect(toolNames).not.toContain("view_image");
    expect(toolNames).not.toContain("web_search");
    // The reviewer's second request continues its own context with the command's output.
    expect(toolOutput(mock.requests[2]!, "call_diff")).toContain("-  return a + b;");
    expect(JSON.stringify(mock.requests[2]!.body.input)).not.toContain("say hello");

    // The next regular turn sees the thread's history plus the review's outcome, not the reviewer's context.
    await runTurn(server, threadId, text("fix it"));
    const next = mock.requests[3]!.body.input as any[];
    const nextUsers = userTexts(next);
    expect(nextUsers.some((t) => t.includes("say hello"))).toBe(true);
    const results = nextUsers.find((t) => t.includes("<user_action>"))!;
    expect(results).toContain("[P1] Subtraction instead of addition — /repo/app.js:2-2");
    expect(nextUsers.some((t) => t.startsWith("Review the uncommitted changes"))).toBe(false);
    expect(next.some((i) => i.type === "function_call" && i.call_id === "call_diff")).toBe(false);
    const assistant = next.filter((i) => i.type === "message" && i.role === "assistant").map((i) => i.content[0].text);
    expect(assistant).toEqual(["Hi.", RENDERED]);

    // thread/read shows the review turn's items.
    const read = await server.call("thread/read", { threadId, includeTurns: true });
    const reviewTurn = read.thread.turns.find((t: any) => t.id === turnId);
    expect(reviewTurn.items.map((i: any) => i.type)).toEqual(["enteredReviewMode", "userMessage", "commandExecution", "exitedReviewMode", "agentMessage"]);
    await server.close();
  });

  it("runs a detached review of a commit on a new thread announced before the answer", async () => {
    const repo = tempRepo();
    writeIn(repo, "app.js", "export function add(a, b) {\n  return b + a;\n}\n");
    gitIn(repo, "commit", "-q", "-am", "swap operands");
    const sha = gitIn(repo, "rev-parse", "HEAD");
    mock.enqueue({ type: "sse", events: textResponse({ deltas: [JSON.stringify({ findings: [], overall_correctness: "patch is correct", overall_explanation: "Looks fine.", overall_confidence_score: 0.7 })] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThreadIn(server, repo);

    const sent = server.received.length;
    const response = await server.call("review/start", {
      threadId,
      delivery: "detached",
      target: { type: "commit", sha: ` ${sha} `, title: "swap operands" },
    });
    const reviewThreadId = response.reviewThreadId as string;
    expect(reviewThreadId).not.toBe(threadId);
    const after = server.received.slice(sent).map((r) => r.message);
    const startedAt = after.findIndex((m) => m.method === "thread/started" && (m.params as any).thread.id === reviewThreadId);
    const answeredAt = after.findIndex((m) => (m as any).result?.reviewThreadId === reviewThreadId);
    expect(startedAt).toBeGreaterThanOrEqual(0);
    expect(startedAt).toBeLessThan(answeredAt);
    expect((after[startedAt]!.params as any).thread.forkedFromId).toBe(threadId);

    const completed = await turnCompleted(server, response.turn.id);
    expect(completed.threadId).toBe(reviewThreadId);
    const entered = await server.waitForNotification("item/completed", (p) => p.item.type === "enteredReviewMode");
    expect(entered).toMatchObject({ threadId: reviewThreadId, item: { review: `commit ${sha.slice(0, 7)}: swap operands` } });
    const exited = await server.waitForNotification("item/completed", (p) => p.item.type === "exitedReviewMode");
    expect(exited.item.review).toBe("Looks fine.");
    expect(userTexts(mock.requests[0]!.body.input as any[]).at(-1)).toBe(`Review the changes introduced by commit ${sha} ("swap operands"). Report prioritized, actionable findings.`);
    // The original thread ran nothing.
    expect(server.notifications("turn/started").filter((m) => (m.params as any).threadId === threadId)).toEqual([]);
    await server.close();
  });

  it("reviews a branch against its base with the merge base in the request, and custom instructions outside any repository", async () => {
    const repo = tempRepo();
    const base = gitIn(repo, "rev-parse", "HEAD");
    gitIn(repo, "checkout", "-q", "-b", "feature");
    writeIn(repo, "util.js", "export const twice = (x) => x * 3;\n");
    gitIn(repo, "add", "util.js");
    gitIn(repo, "commit", "-q", "-m", "add twice");
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["not json at all"] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["{\"findings\": []}"] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThreadIn(server, repo);

    const review = await server.call("review/start", { threadId, target: { type: "baseBranch", branch: "main" } });
    await turnCompleted(server, review.turn.id);
    expect(review.turn.items[0].content[0].text).toBe("changes against 'main'");
    const prompt = userTexts(mock.requests[0]!.body.input as any[]).at(-1)!;
    expect(prompt).toContain(`Their merge base is commit ${base}: run \`git diff ${base}\``);
    // An answer that is not the expected JSON is shown as the explanation.
    const exited = await server.waitForNotification("item/completed", (p) => p.item.type === "exitedReviewMode" && p.turnId === review.turn.id);
    expect(exited.item.review).toBe("not json at all");

    const plain = mkdtempSync(path.join(os.tmpdir(), "aas-review-plain-"));
    const other = await startThreadIn(server, plain);
    const custom = await server.call("review/start", { threadId: other, target: { type: "custom", instructions: "  Check the error handling.  " } });
    expect(custom.turn.items[0].content[0].text).toBe("Check the error handling.");
    await turnCompleted(server, custom.turn.id);
    expect(userTexts(mock.requests[1]!.body.input as any[]).at(-1)).toBe("Check the error handling.");
    const empty = await server.waitForNotification("item/completed", (p) => p.item.type === "exitedReviewMode" && p.turnId === custom.turn.id);
    expect(empty.item.review).toBe("Reviewer failed to output a response.");
    await server.close();
  });

  it("answers bad targets with clear errors and starts no turn", async () => {
    const server = await startTurnServer(mock);
    const plain = mkdtempSync(path.join(os.tmpdir(), "aas-review-plain-"));
    const outside = await startThreadIn(server, plain);
    const notRepo = await server.callError("review/start", { threadId: outside, target: { type: "uncommittedChanges" } });
    expect(notRepo).toMatchObject({ code: -32600, message: `cannot review uncommitted changes: ${plain} is not inside a git repository` });

    const repo = tempRepo();
    const root = gitIn(repo, "rev-parse", "--show-toplevel");
    const clean = await startThreadIn(server, repo);
    expect(await server.callError("review/start", { threadId: clean, target: { type: "uncommittedChanges" } })).toMatchObject({
      code: -32600,
      message: `there are no uncommitted changes to review in ${root}`,
    });
    expect(await server.callError("review/start", { threadId: clean, target: { type: "baseBranch", branch: "nope" } })).toMatchObject({
      code: -32600,
      message: `base branch 'nope' not found in the repository at ${root}`,
    });
    expect(await server.callError("review/start", { threadId: clean, target: { type: "baseBranch", branch: "main" } })).toMatchObject({
      code: -32600,
      message: `there are no changes against 'main' to review in ${root}`,
    });
    expect(await server.callError("review/start", { threadId: clean, target: { type: "commit", sha: "0123456789abcdef" } })).toMatchObject({
      code: -32600,
      message: `commit 0123456789abcdef not found in the repository at ${root}`,
    });
    expect(await server.callError("review/start", { threadId: clean, target: { type: "baseBranch", branch: "  " } })).toMatchObject({
      code: -32600,
      message: "branch must not be empty",
    });
    expect(await server.callError("review/start", { threadId: clean, target: { type: "custom", instructions: "\n" } })).toMatchObject({
      code: -32600,
      message: "instructions must not be empty",
    });
    expect(await server.callError("review/start", { threadId: clean, target: { type: "sideways" } })).toMatchObject({ code: -32600 });
    expect(server.notifications("turn/started")).toEqual([]);
    expect(mock.requests).toHaveLength(0);
    await server.close();
  });

  it("refuses turn/steer on a review turn, and an interrupt ends it with the interrupted outcome", async () => {
    const repo = tempRepo();
    writeIn(repo, "notes.txt", "draft\n");
    mock.enqueue({ type: "hang" });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Later."] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThreadIn(server, repo);
    const review = await server.call("review/start", { threadId, target: { type: "uncommittedChanges" } });
    const turnId = review.turn.id as string;
    await mock.waitForRequest(0);

    const steer = await server.callError("turn/steer", { threadId, expectedTurnId: turnId, input: text("also this") });
    expect(steer).toMatchObject({ code: -32600, message: "cannot steer a review turn", data: { codexErrorInfo: { activeTurnNotSteerable: { turnKind: "review" } } } });
    const second = await server.callError("review/start", { threadId, target: { type: "custom", instructions: "again" } });
    expect(second.message).toContain("a turn is already running on this thread");

    await server.call("turn/interrupt", { threadId, turnId });
    const completed = await turnCompleted(server, turnId);
    expect(completed.turn.status).toBe("interrupted");
    const exited = await server.waitForNotification("item/completed", (p) => p.item.type === "exitedReviewMode" && p.turnId === turnId);
    expect(exited.item.review).toBe("Reviewer failed to output a response.");
    expect(completed.turn.items).toEqual([expect.objectContaining({ type: "agentMessage", text: "Review was interrupted. Please re-run /review and wait for it to complete." })]);

    // The thread remembers that the review did not finish.
    await runTurn(server, threadId, text("ok"));
    const users = userTexts(mock.requests[1]!.body.input as any[]);
    expect(users.some((t) => t.includes("<user_action>") && t.includes("interrupted"))).toBe(true);
    await server.close();
  });

  it("leaves review mode when the reviewer's request fails", async () => {
    const repo = tempRepo();
    writeIn(repo, "notes.txt", "draft\n");
    mock.enqueue({ type: "error", status: 400, body: ERROR_BODIES.contextLength });
    const server = await startTurnServer(mock);
    const threadId = await startThreadIn(server, repo);
    const review = await server.call("review/start", { threadId, target: { type: "uncommittedChanges" } });
    const completed = await turnCompleted(server, review.turn.id);
    expect(completed.turn.status).toBe("failed");
    const stream = turnStream(server, threadId, review.turn.id);
    const types = stream.filter((m) => m.method === "item/completed").map((m) => (m.params as any).item.type);
    expect(types).toEqual(["enteredReviewMode", "userMessage", "exitedReviewMode", "agentMessage"]);
    expect(kinds(server, stream).indexOf("error")).toBeGreaterThan(kinds(server, stream).lastIndexOf("item/completed"));
    await server.close();
  });
});
