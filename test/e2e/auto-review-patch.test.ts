import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startTurn, startTurnServer, text, turnCompleted, workdir } from "../helpers/turns.js";
import { applyPatch, indexOf, patchText, serverRequests, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** Read-only + on-request: every patch would ask; the automatic reviewer answers instead. */
async function reviewedThread(server: ServerProcess, cwd: string): Promise<string> {
  return (await server.call("thread/start", { cwd, approvalPolicy: "on-request", approvalsReviewer: "auto_review" })).thread.id;
}

function notificationsOf(server: ServerProcess, method: string): any[] {
  return server.notifications(method).map((m) => m.params as any);
}

describe("automatic approval review of patches", () => {
  it("approved: applied without asking; the fileChange item starts only after the review", async () => {
    const cwd = workdir();
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [applyPatch("call_add", patchText("*** Add File: notes.txt", "+remember"))] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ['{"risk_level":"low","user_authorization":"high","outcome":"allow","rationale":"Asked for."}'] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
    const server = await startTurnServer(mock);
    const threadId = await reviewedThread(server, cwd);
    const turn = await startTurn(server, threadId, text("take a note"));
    await turnCompleted(server, turn.id);

    expect(serverRequests(server)).toHaveLength(0);
    const action = { type: "applyPatch", cwd, files: [path.join(cwd, "notes.txt")] };
    expect(notificationsOf(server, "item/autoApprovalReview/started")).toEqual([
      expect.objectContaining({ threadId, turnId: turn.id, targetItemId: "call_add", action }),
    ]);
    expect(notificationsOf(server, "item/autoApprovalReview/completed")).toEqual([
      expect.objectContaining({ targetItemId: "call_add", action, review: { status: "approved", riskLevel: "low", userAuthorization: "high", rationale: "Asked for." } }),
    ]);
    const reviewDone = indexOf(server, (m) => m.method === "item/autoApprovalReview/completed");
    const itemStarted = indexOf(server, (m) => m.method === "item/started" && m.params.item.id === "call_add");
    expect(reviewDone).toBeLessThan(itemStarted);
    expect(readFileSync(path.join(cwd, "notes.txt"), "utf8")).toBe("remember\n");
    expect(toolOutput(mock.requests[2]!, "call_add")).toMatch(/Success\. Updated the following files:\nA notes\.txt\n$/);
  });

  it("denied: nothing is written, no fileChange item, and the model reads the denial as the tool's answer", async () => {
    const cwd = workdir();
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [applyPatch("call_no", patchText("*** Add File: nope.txt", "+x"))] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ['{"outcome":"deny","rationale":"Not requested."}'] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["OK."] }) });
    const server = await startTurnServer(mock);
    const threadId = await reviewedThread(server, cwd);
    const turn = await startTurn(server, threadId, text("write"));
    await turnCompleted(server, turn.id);

    expect(existsSync(path.join(cwd, "nope.txt"))).toBe(false);
    expect(notificationsOf(server, "item/started").filter((p) => p.item.id === "call_no")).toHaveLength(0);
    expect(notificationsOf(server, "item/autoApprovalReview/completed")[0].review).toEqual({
      status: "denied",
      riskLevel: "high",
      userAuthorization: "unknown",
      rationale: "Not requested.",
    });
    expect(toolOutput(mock.requests[2]!, "call_no")).toBe(
      "This action was rejected due to unacceptable risk.\nReason: Not requested.\n" +
        "The agent must not attempt to achieve the same outcome via workaround, indirect execution, or policy circumvention. " +
        "Proceed only with a materially safer alternative, or if the user explicitly approves the action after being informed of the risk. " +
        "Otherwise, stop and request user input.",
    );
  });

  it("interrupted during the review: the review ends aborted and nothing is written", async () => {
    const cwd = workdir();
    mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [applyPatch("call_wait", patchText("*** Add File: later.txt", "+x"))] }) });
    mock.enqueue({ type: "hang" });
    const server = await startTurnServer(mock);
    const threadId = await reviewedThread(server, cwd);
    const turn = await startTurn(server, threadId, text("write"));
    await server.waitForNotification("item/autoApprovalReview/started");
    await server.call("turn/interrupt", { threadId, turnId: turn.id });
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("interrupted");
    const [done] = notificationsOf(server, "item/autoApprovalReview/completed");
    expect(done.review).toEqual({ status: "aborted", riskLevel: null, userAuthorization: null, rationale: null });
    expect(notificationsOf(server, "guardianWarning")).toHaveLength(0);
    expect(existsSync(path.join(cwd, "later.txt"))).toBe(false);
  });
});
