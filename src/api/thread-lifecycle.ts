import { isFeatureEnabled } from "../config/features.js";
import type { LoadedThread } from "../core/loaded-thread.js";
import type { ThreadManager } from "../core/thread-manager.js";
import {
  deleteThread,
  forkThread,
  renameThread,
  resumeThread,
  setArchived,
  startThread,
  updateGitInfo,
  updateReadState,
} from "../core/thread-operations.js";
import { parseThreadId } from "../core/thread-id.js";
import { replayThreadRequests } from "../core/thread-requests.js";
import { resolveSettings } from "../core/thread-settings.js";
import { validateDynamicTools } from "../core/tools/dynamic-tools.js";
import { collaborationModeOf } from "../core/thread-settings-notice.js";
import { protocolThread, protocolThreadFromStore } from "../core/wire-shapes.js";
import { prepareFirstTurnsPage } from "../core/first-turns-page.js";
import type { ResultOf } from "../protocol/registry.js";
import type { HandlerTable, RequestContext } from "./context.js";
import { backwardsCursors, hydrationNotice, listTurns } from "./thread-read.js";

type SessionResponse = ResultOf<"thread/start">;

/** What thread/start, thread/resume and thread/fork answer about the thread and its settings. */
function sessionResponse(threads: ThreadManager, thread: LoadedThread, includeTurns: boolean): SessionResponse {
  const settings = thread.record.settings;
  return {
    thread: protocolThread(threads, thread, { includeTurns }),
    model: settings.model,
    modelProvider: settings.modelProvider,
    serviceTier: settings.serviceTier,
    disabledPluginIds: [],
    cwd: settings.cwd,
    runtimeWorkspaceRoots: thread.runtimeWorkspaceRoots,
    instructionSources: threads.instructionsOf(thread).sources,
    approvalPolicy: settings.approvalPolicy,
    approvalsReviewer: settings.approvalsReviewer,
    sandbox: settings.sandboxPolicy,
    activePermissionProfile: null,
    reasoningEffort: settings.reasoningEffort,
    multiAgentMode: "explicitRequestOnly",
  };
}

/**
 * Subscribes the connection that created `thread`, and tells every connection
 * once the response is out; `thread/started` never carries turns (a fork's
 * history is read through the response or thread/turns/list).
 */
function announceNewThread(ctx: RequestContext, thread: LoadedThread, includeTurns: boolean): SessionResponse {
  const { threads, broadcast } = ctx.services;
  threads.subscribe(thread, ctx.connection);
  const response = sessionResponse(threads, thread, includeTurns);
  ctx.afterResponse(() => broadcast("thread/started", { thread: { ...response.thread, turns: [] } }));
  prefetchForFirstTurn(ctx, thread);
  return response;
}

/**
 * Once the answer is out: the skills of the thread's cwd and its stored model
 * context load (not inside its first turn), and the first page of turns a
 * client asks for next is prepared.
 */
function prefetchForFirstTurn(ctx: RequestContext, thread: LoadedThread): void {
  const { skills, threads } = ctx.services;
  const cwd = thread.record.settings.cwd;
  ctx.afterResponse(() => {
    skills.prefetch(cwd);
    threads.prefetchModelContext(thread);
    setImmediate(() => {
      try {
        prepareFirstTurnsPage(threads, thread);
      } catch {
        // Only a head start: thread/turns/list reads the page itself.
      }
    });
  });
}

/** Requested settings the managed requirements replaced: a configWarning now, a thread warning after the response. */
function announceRequirementWarnings(ctx: RequestContext, threadId: string, warnings: readonly string[]): void {
  for (const message of warnings) {
    ctx.connection.notify("configWarning", { summary: message, details: null });
    ctx.afterResponse(() => ctx.connection.notify("warning", { threadId, message }));
  }
}

/** `thread/tokenUsage/updated` for a thread with stored usage (after resume and fork), naming its last turn. */
function replayTokenUsage(ctx: RequestContext, thread: LoadedThread): void {
  const { threads } = ctx.services;
  const usage = thread.record.tokenUsage;
  if (!usage || !threads.isMaterialized(thread)) return;
  const lastTurn = threads.historyOf(thread).pageTurns(thread.id, { after: null, direction: "desc", limit: 1 })[0];
  if (!lastTurn) return;
  const connection = ctx.connection;
  ctx.afterResponse(() => connection.notify("thread/tokenUsage/updated", { threadId: thread.id, turnId: lastTurn.id, tokenUsage: usage }));
}

/**
 * The thread's goal, after every thread/resume answer: `thread/goal/updated` when it has one,
 * `thread/goal/cleared` when not, so a client never keeps a stale goal (goals on; durable threads only).
 */
function replayGoal(ctx: RequestContext, thread: LoadedThread): void {
  if (!isFeatureEnabled(ctx.services.config, "goals", ctx.services.runtimeFeatures) || thread.ephemeral) return;
  const connection = ctx.connection;
  ctx.afterResponse(() => {
    const goal = thread.goal;
    if (goal) connection.notify("thread/goal/updated", { threadId: thread.id, turnId: null, goal });
    else connection.notify("thread/goal/cleared", { threadId: thread.id });
  });
}

/** thread/resume's experimental `initialTurnsPage`: the first `thread/turns/list` page, in the same response. */
function initialTurnsPage(threads: ThreadManager, threadId: string, request: unknown): ResultOf<"thread/turns/list"> | null {
  if (request === null || typeof request !== "object" || Array.isArray(request)) return null;
  const { limit, sortDirection, itemsView } = request as Record<string, unknown>;
  return listTurns(threads, {
    threadId,
    limit: typeof limit === "number" && Number.isInteger(limit) && limit >= 0 ? limit : null,
    sortDirection: sortDirection === "asc" || sortDirection === "desc" ? sortDirection : null,
    itemsView: itemsView === "notLoaded" || itemsView === "summary" || itemsView === "full" ? itemsView : null,
  });
}

type ThreadLifecycleMethods =
  | "thread/start"
  | "thread/resume"
  | "thread/fork"
  | "thread/archive"
  | "thread/unarchive"
  | "thread/delete"
  | "thread/unsubscribe"
  | "thread/name/set"
  | "thread/metadata/update"
  | "thread/readState/update";

/** Creating, loading and changing threads; notifications they cause follow the response. */
export const threadLifecycleHandlers: Pick<HandlerTable, ThreadLifecycleMethods> = {
  "thread/start"(params, ctx) {
    const { threads, config } = ctx.services;
    const warnings: string[] = [];
    const dynamicTools = params.dynamicTools ?? [];
    validateDynamicTools(dynamicTools);
    const settings = resolveSettings(config, null, params, warnings);
    if (dynamicTools.length > 0) settings.dynamicTools = dynamicTools;
    const thread = startThread(threads, {
      settings,
      originator: ctx.connection.clientInfo?.name ?? null,
      threadSource: params.threadSource,
      ephemeral: params.ephemeral === true,
      historyMode: params.historyMode ?? "paginated",
      runtimeWorkspaceRoots: params.runtimeWorkspaceRoots,
      environments: params.environments,
    });
    announceRequirementWarnings(ctx, thread.id, warnings);
    return announceNewThread(ctx, thread, false);
  },

  "thread/resume"(params, ctx) {
    const { threads, config } = ctx.services;
    const connection = ctx.connection;
    const id = parseThreadId(params.threadId);
    const loadedBefore = threads.findLoaded(id) !== undefined;
    const thread = resumeThread(
      threads,
      id,
      (current) => resolveSettings(config, current, params, [], !loadedBefore),
      params.runtimeWorkspaceRoots,
      Boolean(params.cwd),
    );
    threads.subscribe(thread, connection);
    // Approvals still waiting for an answer go to the new subscriber too (same ids), after the response.
    ctx.afterResponse(() => replayThreadRequests(thread, connection));

    const excludeTurns = params.excludeTurns === true;
    const materialized = threads.isMaterialized(thread);
    if (!excludeTurns && materialized && thread.historyMode === "paginated") hydrationNotice(connection, "excludeTurns");
    const { turnsBackwardsCursor, itemsBackwardsCursor } =
      excludeTurns && materialized
        ? backwardsCursors(threads.historyOf(thread), id)
        : { turnsBackwardsCursor: null, itemsBackwardsCursor: null };
    const response = {
      ...sessionResponse(threads, thread, !excludeTurns && materialized),
      collaborationMode: collaborationModeOf(thread),
      initialTurnsPage: materialized ? initialTurnsPage(threads, id, params.initialTurnsPage) : null,
      turnsBackwardsCursor,
      itemsBackwardsCursor,
    };
    if (!loadedBefore) {
      // Loaded from the store: the thread went from notLoaded to idle (before the answer, as the reference sends it),
      // and its stored usage is replayed; a resume of a loaded thread replays neither.
      ctx.services.broadcast("thread/status/changed", { threadId: id, status: thread.status() });
      replayTokenUsage(ctx, thread);
    }
    replayGoal(ctx, thread);
    prefetchForFirstTurn(ctx, thread);
    return response;
  },

  "thread/fork"(params, ctx) {
    const { threads, config } = ctx.services;
    const { thread, copiedTurns } = forkThread(threads, parseThreadId(params.threadId), (source) => resolveSettings(config, source, params), {
      lastTurnId: params.lastTurnId,
      beforeTurnId: params.beforeTurnId,
      originator: ctx.connection.clientInfo?.name ?? null,
      threadSource: params.threadSource,
      ephemeral: params.ephemeral === true,
      runtimeWorkspaceRoots: params.runtimeWorkspaceRoots,
    });
    const includeTurns = params.excludeTurns !== true && copiedTurns > 0;
    if (includeTurns) hydrationNotice(ctx.connection, "excludeTurns");
    // The fork's usage goes out before its thread/started, as the reference orders them.
    replayTokenUsage(ctx, thread);
    return announceNewThread(ctx, thread, includeTurns);
  },

  async "thread/archive"(params, { services, afterResponse }) {
    const id = await setArchived(services.threads, params.threadId, true);
    afterResponse(() => services.broadcast("thread/archived", { threadId: id }));
    return {};
  },

  async "thread/unarchive"(params, { services, afterResponse }) {
    const threads = services.threads;
    const id = await setArchived(threads, params.threadId, false);
    const loaded = threads.findLoaded(id);
    // Not loaded, the unarchived thread has no environments yet (null, as the reference answers).
    const thread = loaded ? protocolThread(threads, loaded) : { ...protocolThreadFromStore(threads, threads.store.getThread(id)!), environments: null };
    afterResponse(() => services.broadcast("thread/unarchived", { threadId: id }));
    return { thread };
  },

  async "thread/delete"(params, { services, afterResponse }) {
    const id = await deleteThread(services.threads, params.threadId);
    afterResponse(() => services.broadcast("thread/deleted", { threadId: id }));
    return {};
  },

  "thread/unsubscribe"(params, { services, connection }) {
    const threads = services.threads;
    const thread = threads.findLoaded(parseThreadId(params.threadId));
    if (!thread) return { status: "notLoaded" };
    return { status: threads.unsubscribe(thread, connection) ? "unsubscribed" : "notSubscribed" };
  },

  "thread/name/set"(params, { services, afterResponse }) {
    const id = parseThreadId(params.threadId);
    const name = renameThread(services.threads, id, params.name);
    afterResponse(() =>
      services.broadcast("thread/name/updated", name === null ? { threadId: id } : { threadId: id, threadName: name }),
    );
    return {};
  },

  "thread/metadata/update"(params, { services }) {
    const thread = updateGitInfo(services.threads, parseThreadId(params.threadId), params.gitInfo);
    return { thread: protocolThread(services.threads, thread) };
  },

  "thread/readState/update"(params, { services }) {
    const id = parseThreadId(params.threadId);
    const { readState, changed } = updateReadState(services.threads, id, params.expectedRevision, params.operation.type === "read");
    // Sent before the response, as the reference does.
    if (changed) services.broadcast("thread/readState/changed", { threadId: id, readState });
    return { readState };
  },
};
