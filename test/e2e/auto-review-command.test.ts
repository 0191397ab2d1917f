import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted } from "../helpers/turns.js";
import { exec, indexOf, serverRequests, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** A thread whose escalation requests go to the automatic reviewer. */
const AUTO_REVIEW = { approvalPolicy: "on-request", sandbox: "workspace-write", approvalsReviewer: "auto_review" };

/** One escalated command, the reviewer's answer, then the agent's final message. */
function scriptReviewedCommand(callId: string, cmd: string, reviewerAnswer: string, finalText = "Done."): void {
  mock.enqueue({
    type: "sse",
    events: functionCallResponse({ calls: [exec(callId, cmd, { sandbox_permissions: "require_escalated", justification: "needs to write outside" })] }),
  });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: [reviewerAnswer] }) });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: [finalText] }) });
}

function notificationsOf(server: ServerProcess, method: string): any[] {
  return server.notifications(method).map((m) => m.params as any);
}

function methodIndex(server: ServerProcess, method: string, predicate: (params: any) => boolean = () => true): number {
  return indexOf(server, (m) => m.method === method && predicate(m.params));
}

describe("automatic approval review of commands", () => {
  it("approved: the command runs without asking the client; started → warning → completed, then the command's output", async () => {
    scriptReviewedCommand("call_ok", "echo reviewed > reviewed.txt && echo wrote", '{"outcome":"allow"}');
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, AUTO_REVIEW);
    const turn = await startTurn(server, threadId, text("write the file"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(serverRequests(server)).toHaveLength(0);

    const [started] = notificationsOf(server, "item/autoApprovalReview/started");
    const itemStarted = notificationsOf(server, "item/started").find((p) => p.item.id === "call_ok").item;
    const action = { type: "command", source: "unifiedExec", command: itemStarted.command, cwd: itemStarted.cwd };
    expect(started).toEqual({
      threadId,
      turnId: turn.id,
      reviewId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      startedAtMs: expect.any(Number),
      targetItemId: "call_ok",
      review: { status: "inProgress", riskLevel: null, userAuthorization: null, rationale: null },
      action,
    });
    expect(itemStarted).toMatchObject({ source: "agent", status: "inProgress", commandActions: [{ type: "unknown", command: itemStarted.command }] });
    const rationale = "Auto-review returned a low-risk allow decision.";
    expect(notificationsOf(server, "guardianWarning")).toEqual([
      { threadId, message: `Automatic approval review approved (risk: low, authorization: unknown): ${rationale}` },
    ]);
    expect(notificationsOf(server, "item/autoApprovalReview/completed")).toEqual([
      {
        threadId,
        turnId: turn.id,
        reviewId: started.reviewId,
        startedAtMs: started.startedAtMs,
        completedAtMs: expect.any(Number),
        targetItemId: "call_ok",
        decisionSource: "agent",
        review: { status: "approved", riskLevel: "low", userAuthorization: "unknown", rationale },
        action,
      },
    ]);

    const itemStartedAt = methodIndex(server, "item/started", (p) => p.item.id === "call_ok");
    const reviewStartedAt = methodIndex(server, "item/autoApprovalReview/started");
    const warningAt = methodIndex(server, "guardianWarning");
    const reviewDoneAt = methodIndex(server, "item/autoApprovalReview/completed");
    const outputAt = methodIndex(server, "item/commandExecution/outputDelta");
    const itemDoneAt = methodIndex(server, "item/completed", (p) => p.item.id === "call_ok");
    expect(itemStartedAt).toBeLessThan(reviewStartedAt);
    expect(reviewStartedAt).toBeLessThan(warningAt);
    expect(warningAt).toBeLessThan(reviewDoneAt);
    expect(reviewDoneAt).toBeLessThan(outputAt);
    expect(outputAt).toBeLessThan(itemDoneAt);
    expect(notificationsOf(server, "item/started").filter((p) => p.item.id === "call_ok")).toHaveLength(1);

    const done = notificationsOf(server, "item/completed").find((p) => p.item.id === "call_ok").item;
    expect(done).toMatchObject({ status: "completed", exitCode: 0, aggregatedOutput: "wrote\n" });
    expect(existsSync(path.join(itemStarted.cwd, "reviewed.txt"))).toBe(true);

    // The review is its own request: the review model at low effort, structured output, the action in the prompt.
    expect(mock.requests).toHaveLength(3);
    const review = mock.requests[1]!.body as any;
    expect(review.model).toBe("codex-auto-review");
    expect(review.reasoning).toMatchObject({ effort: "low" });
    expect(review.text.format).toMatchObject({ type: "json_schema", strict: true, schema: { required: ["outcome"] } });
    expect(review.tools ?? []).toEqual([]);
    expect(mock.requests[1]!.headers["x-openai-subagent"]).toBe("guardian");
    expect(mock.requests[0]!.headers["x-openai-subagent"]).toBeUndefined();
    const prompt = JSON.stringify(review.input);
    expect(prompt).toContain("echo reviewed > reviewed.txt");
    expect(prompt).toContain("write the file");
    expect(toolOutput(mock.requests[2]!, "call_ok")).toMatch(/Process exited with code 0\n/);
  });

  it("denied: the command does not run, its item ends declined and the model reads the reference's denial", async () => {
    const verdict = { risk_level: "high", user_authorization: "low", outcome: "deny", rationale: 'Deletes "data" outside the project.' };
    scriptReviewedCommand("call_no", "echo denied > denied.txt", JSON.stringify(verdict), "I will not do that.");
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, AUTO_REVIEW);
    const turn = await startTurn(server, threadId, text("write"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(serverRequests(server)).toHaveLength(0);

    const [done] = notificationsOf(server, "item/autoApprovalReview/completed");
    expect(done.review).toEqual({ status: "denied", riskLevel: "high", userAuthorization: "low", rationale: verdict.rationale });
    expect(notificationsOf(server, "guardianWarning").map((p) => p.message)).toEqual([
      `Automatic approval review denied (risk: high, authorization: low): ${verdict.rationale}`,
    ]);
    const item = notificationsOf(server, "item/completed").find((p) => p.item.id === "call_no").item;
    expect(item).toMatchObject({ status: "declined", exitCode: null, aggregatedOutput: null, source: "agent" });
    expect(existsSync(path.join(item.cwd, "denied.txt"))).toBe(false);
    expect(server.notifications("item/commandExecution/outputDelta")).toHaveLength(0);
    expect(methodIndex(server, "item/autoApprovalReview/completed")).toBeLessThan(methodIndex(server, "item/completed", (p) => p.item.id === "call_no"));

    // Rust's Debug formatting twice over, as the reference prints a rejected CreateProcess.
    const denial =
      "This action was rejected due to unacceptable risk.\\\\nReason: Deletes \\\\\\\"data\\\\\\\" outside the project.\\\\n" +
      "The agent must not attempt to achieve the same outcome via workaround, indirect execution, or policy circumvention. " +
      "Proceed only with a materially safer alternative, or if the user explicitly approves the action after being informed of the risk. " +
      "Otherwise, stop and request user input.";
    expect(toolOutput(mock.requests[2]!, "call_no")).toBe(`exec_command failed: CreateProcess { message: "Rejected(\\"${denial}\\")" }`);
  });

  it("an unreadable answer fails closed: the command is refused as a review failure", async () => {
    scriptReviewedCommand("call_bad", "echo x > bad.txt", "looks fine to me");
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, AUTO_REVIEW);
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    const [done] = notificationsOf(server, "item/autoApprovalReview/completed");
    expect(done.review).toMatchObject({ status: "denied", riskLevel: "high", userAuthorization: "unknown" });
    expect(done.review.rationale).toMatch(/^Automatic approval review failed: /);
    expect(toolOutput(mock.requests[2]!, "call_bad")).toContain("automatic approval review could not be completed");
    const item = notificationsOf(server, "item/completed").find((p) => p.item.id === "call_bad").item;
    expect(existsSync(path.join(item.cwd, "bad.txt"))).toBe(false);
  });

  it("three denials in a row interrupt the turn, after the third command's item completes", async () => {
    const deny = '{"outcome":"deny","rationale":"No."}';
    for (const id of ["call_1", "call_2", "call_3"]) {
      mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [exec(id, `echo ${id} > ${id}.txt`, { sandbox_permissions: "require_escalated" })] }) });
      mock.enqueue({ type: "sse", events: textResponse({ deltas: [deny] }) });
    }
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["never reached"] }) });
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, AUTO_REVIEW);
    const turn = await startTurn(server, threadId, text("write three files"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("interrupted");
    const tripped = "Automatic approval review rejected too many approval requests for this turn (3 consecutive, 3 in the last 50 reviews); interrupting the turn.";
    expect(notificationsOf(server, "guardianWarning").map((p) => p.message)).toEqual([
      "Automatic approval review denied (risk: high, authorization: unknown): No.",
      "Automatic approval review denied (risk: high, authorization: unknown): No.",
      "Automatic approval review denied (risk: high, authorization: unknown): No.",
      tripped,
    ]);
    const thirdDone = methodIndex(server, "item/completed", (p) => p.item.id === "call_3");
    const trippedAt = methodIndex(server, "guardianWarning", (p) => p.message === tripped);
    expect(thirdDone).toBeGreaterThan(-1);
    expect(thirdDone).toBeLessThan(trippedAt);
    expect(trippedAt).toBeLessThan(methodIndex(server, "turn/completed"));
    expect(mock.requests).toHaveLength(6);
  });

  it("the reviewer sees the user's override of an earlier denial, but no other developer message", async () => {
    const server = await startTurnServer(mock);
    const threadId = await startThread(server, AUTO_REVIEW);
    const action = { type: "command", source: "unified_exec", command: "rm -rf build", cwd: "/tmp" };
    await server.call("thread/approveGuardianDeniedAction", { threadId, event: { id: "review-9", status: "denied", action } });
    scriptReviewedCommand("call_again", "echo again", '{"outcome":"allow"}');
    const turn = await startTurn(server, threadId, text("retry it"));
    await turnCompleted(server, turn.id);
    const prompt = (mock.requests[1]!.body as any).input[1].content[0].text as string;
    expect(prompt).toContain("[developer] The user explicitly approved an action that the automatic approval review had denied (review review-9).");
    expect(prompt).toContain("[user] retry it");
    expect(prompt).not.toContain("<permissions instructions>");
    expect(prompt.match(/\[developer\]/g)).toHaveLength(1);
  });

  it("the user reviewer and the untrusted policy still ask the client", async () => {
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [exec("call_user", "echo hi > u.txt")] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
    const server = await startTurnServer(mock);
    server.onServerRequest(() => ({ decision: "decline" }));
    const threadId = await startThread(server, { approvalPolicy: "untrusted", sandbox: "workspace-write", approvalsReviewer: "auto_review" });
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);
    expect(serverRequests(server, "item/commandExecution/requestApproval")).toHaveLength(1);
    expect(server.notifications("item/autoApprovalReview/started")).toHaveLength(0);
    expect(mock.requests).toHaveLength(2);
  });
});
