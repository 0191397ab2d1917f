import { planReview } from "../core/review/review-target.js";
import { forkThread } from "../core/thread-operations.js";
import { protocolThread } from "../core/wire-shapes.js";
import type { LoadedThread } from "../core/loaded-thread.js";
import type { Turn } from "../protocol/turn.js";
import type { HandlerTable, RequestContext } from "./context.js";

/** The response's turn: in progress, carrying the review's label as a synthesized user message (id: the turn's). */
function reviewTurn(turnId: string, hint: string): Turn {
  return {
    id: turnId,
    rootTurnId: turnId,
    items: [
      {
        type: "userMessage",
        id: turnId,
        clientId: null,
        content: [{ type: "text", text: hint, text_elements: [] }],
        startedAtMs: null,
        completedAtMs: null,
      },
    ],
    itemsView: "summary",
    status: "inProgress",
    error: null,
    startedAt: null,
    completedAt: null,
    durationMs: null,
  };
}

/**
 * Detached delivery: a fork of the thread (a running turn snapshotted as
 * interrupted) that the caller is subscribed to, announced with
 * `thread/started` before the answer, as the reference's detached reviews were.
 */
function detachedReviewThread(parent: LoadedThread, ctx: RequestContext): LoadedThread {
  const { threads, broadcast } = ctx.services;
  const { thread } = forkThread(threads, parent.id, (settings) => ({ ...settings }), {
    lastTurnId: null,
    beforeTurnId: null,
    originator: ctx.connection.clientInfo?.name ?? null,
    threadSource: null,
    ephemeral: parent.ephemeral,
    runtimeWorkspaceRoots: parent.runtimeWorkspaceRoots,
  });
  threads.subscribe(thread, ctx.connection);
  broadcast("thread/started", { thread: protocolThread(threads, thread) });
  return thread;
}

export const reviewHandlers: Pick<HandlerTable, "review/start"> = {
  async "review/start"(params, ctx) {
    const { services, connection, afterResponse } = ctx;
    const parent = services.threads.getLoaded(params.threadId);
    const plan = await planReview(params.target, parent.record.settings.cwd);
    const thread = params.delivery === "detached" ? detachedReviewThread(parent, ctx) : parent;
    // The review runs once the answer is out, as turn/start's turn does.
    const runner = await services.turns.startReview(thread, plan, connection.clientInfo?.name, afterResponse);
    return { turn: reviewTurn(runner.turnId, plan.hint), reviewThreadId: thread.id };
  },
};
