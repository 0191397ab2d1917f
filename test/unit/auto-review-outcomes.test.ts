import { describe, expect, it } from "vitest";
import { DenialBreaker } from "../../src/core/auto-review/denial-breaker.js";
import type { AutoReviewHost, ReviewSampleRequest } from "../../src/core/auto-review/review-host.js";
import { reviewAction } from "../../src/core/auto-review/review.js";

const ACTION = { type: "command", source: "unifiedExec", command: "rm -rf build", cwd: "/work" } as const;

/** A turn seen through the review port: the notifications it would send, and a reviewer that answers as `answer` does. */
function turnWith(answer: (request: ReviewSampleRequest, signal: AbortSignal) => Promise<string | undefined>) {
  const sent: { method: string; params: any }[] = [];
  const controller = new AbortController();
  const host: AutoReviewHost = {
    threadId: "thread-1",
    turnId: "turn-1",
    signal: controller.signal,
    emit: (method, params) => void sent.push({ method, params }),
    history: () => [],
    reviewModel: () => ({ model: "codex-auto-review", effort: "low" }),
    sample: answer,
    denials: new DenialBreaker(() => null),
    interrupt: () => controller.abort(),
  };
  return { host, sent, controller };
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
}

describe("reviewAction outcomes", () => {
  it("a review past its deadline times out: a warning, then timedOut with the reference's rationale; the agent may retry", async () => {
    const { host, sent } = turnWith((_request, signal) => untilAborted(signal));
    const verdict = await reviewAction(host, ACTION, "call_1", 50);
    expect(verdict).toEqual({
      kind: "timedOut",
      message:
        "The automatic permission approval review did not finish before its deadline. Do not assume the action is unsafe based on the timeout alone. " +
        "You may retry once, or ask the user for guidance or explicit approval.",
    });
    const rationale = "Automatic approval review timed out while evaluating the requested approval.";
    expect(sent.map((s) => s.method)).toEqual(["item/autoApprovalReview/started", "guardianWarning", "item/autoApprovalReview/completed"]);
    expect(sent[1]!.params).toEqual({ threadId: "thread-1", message: rationale });
    expect(sent[2]!.params.review).toEqual({ status: "timedOut", riskLevel: null, userAuthorization: null, rationale });
  });

  it("an interrupted turn aborts the review without a warning", async () => {
    const { host, sent, controller } = turnWith((_request, signal) => untilAborted(signal));
    const pending = reviewAction(host, ACTION, "call_1");
    controller.abort();
    expect((await pending).kind).toBe("aborted");
    expect(sent.map((s) => s.method)).toEqual(["item/autoApprovalReview/started", "item/autoApprovalReview/completed"]);
    expect(sent[1]!.params.review.status).toBe("aborted");
  });

  it("a reviewer error fails closed as a denial that does not count toward interrupting the turn", async () => {
    const { host, sent, controller } = turnWith(async () => {
      throw new Error("stream disconnected");
    });
    for (let i = 0; i < 3; i++) {
      const verdict = await reviewAction(host, ACTION, `call_${i}`);
      expect(verdict.kind).toBe("denied");
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(controller.signal.aborted).toBe(false);
    expect(sent.filter((s) => s.method === "item/autoApprovalReview/completed").map((s) => s.params.review.rationale)).toEqual(
      Array(3).fill("Automatic approval review failed: stream disconnected"),
    );
  });

  it("the request carries the review model, its effort and the assessment schema", async () => {
    let seen: ReviewSampleRequest | undefined;
    const { host } = turnWith(async (request) => {
      seen = request;
      return '{"outcome":"allow"}';
    });
    expect(await reviewAction(host, ACTION, null)).toEqual({ kind: "approved" });
    expect(seen).toMatchObject({ model: "codex-auto-review", effort: "low", outputSchema: { required: ["outcome"] } });
    expect(JSON.stringify(seen!.input)).toContain("rm -rf build");
  });
});
