import type { JsonValue } from "../protocol/common.js";
import { ErrorCode, invalidRequest, RpcError } from "../protocol/errors.js";
import type { UserInput } from "../protocol/item.js";
import type { QueuedSubmission } from "../protocol/thread-queue.js";
import type { Turn, TurnStatus } from "../protocol/turn.js";
import type { StoredQueuedSubmission } from "../store/thread-queue.js";
import { acceptsDirectInput, DIRECT_INPUT_TO_V2_SUBAGENT_ERROR } from "./agents/sub-agent.js";
import type { LoadedThread } from "./loaded-thread.js";
import { newId, parseThreadId } from "./thread-id.js";
import type { ThreadManager } from "./thread-manager.js";
import { checkInputLength } from "./turn-input.js";
import type { TurnService } from "./turns.js";

/**
 * The user-message queue (experimental thread/queue/*): submissions wait in
 * the thread store, in order, and each becomes a turn of its own, started
 * the way turn/start starts one, when the thread is free: right away when
 * one is added to an idle loaded thread whose queue was empty, and after
 * every turn that ends other than by an interrupt (a turn/start turn too).
 * An interrupt holds the queue until thread/queue/start or the end of
 * another turn. Threads that are not loaded keep their queue; resumed, they
 * wait for thread/queue/start (or the end of a turn).
 */

const DEFAULT_PAGE = 25;
const MAX_PAGE = 25;

/** What the queue needs from the store. */
export interface QueueStorePort {
  list(threadId: string, offset: number, limit: number): StoredQueuedSubmission[];
  get(threadId: string, id: string): StoredQueuedSubmission | undefined;
  append(item: StoredQueuedSubmission, createdAtMs: number): void;
  update(threadId: string, id: string, input: JsonValue[], metadata: Record<string, string> | null): boolean;
  remove(threadId: string, id: string): boolean;
  reorder(threadId: string, ids: readonly string[]): void;
}

/** A thread the queue may act on: loaded (and not ephemeral), or stored and not archived. */
interface QueueThread {
  id: string;
  loaded: LoadedThread | undefined;
  source: unknown;
}

/** Defers work until the request has been answered (or runs it now when none is waiting). */
export type AfterResponse = (work: () => void) => void;

function toWire(item: StoredQueuedSubmission): QueuedSubmission {
  return {
    id: item.id,
    input: item.input as UserInput[],
    clientUserMessageId: item.clientUserMessageId,
    responsesapiClientMetadata: item.metadata,
  };
}

/** The submission's input with `text_elements` present, as the reference stores and lists it. */
function normalizeInput(input: readonly UserInput[]): UserInput[] {
  return input.map((item) => (item.type === "text" ? { ...item, text_elements: item.text_elements ?? [] } : item));
}

function checkQueueInput(input: readonly UserInput[]): void {
  checkInputLength(input);
  if (input.length === 0) throw invalidRequest("only user input can be added to the user-message queue");
}

/** A Rust `usize` parse of the cursor, with its error texts. */
function parseCursor(cursor: string): number {
  const fail = (detail: string) => invalidRequest(`invalid queue pagination cursor: ${detail}`);
  if (cursor === "") throw fail("cannot parse integer from empty string");
  if (!/^\+?[0-9]+$/.test(cursor) || cursor === "+") throw fail("invalid digit found in string");
  const value = BigInt(cursor);
  if (value > 0xffff_ffff_ffff_ffffn) throw fail("number too large to fit in target type");
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function notFound(id: string): RpcError {
  return invalidRequest(`queued submission not found: ${id}`);
}

export class ThreadQueueService {
  constructor(
    private readonly threads: ThreadManager,
    private readonly turns: TurnService,
    private readonly store: () => QueueStorePort,
  ) {}

  private requireThread(rawId: string): QueueThread {
    const id = parseThreadId(rawId);
    const loaded = this.threads.findLoaded(id);
    if (loaded) {
      if (loaded.ephemeral) throw invalidRequest(`ephemeral thread does not support queued submissions: ${id}`);
      return { id, loaded, source: loaded.record.source };
    }
    const stored = this.threads.store.getThread(id);
    if (!stored) {
      throw new RpcError(ErrorCode.internalError, `failed to read thread: invalid thread-store request: no rollout found for thread id ${id}`);
    }
    if (stored.record.archived) {
      throw invalidRequest(`session ${id} is archived. Run \`codex unarchive ${id}\` to unarchive it first.`);
    }
    return { id, loaded: undefined, source: stored.record.source };
  }

  private changed(thread: QueueThread): void {
    thread.loaded?.emit("thread/queue/changed", { threadId: thread.id });
  }

  /**
   * thread/queue/add: appends the submission; an idle loaded thread starts it
   * at once (its turn runs once `afterResponse` lets it).
   */
  async add(
    params: { threadId: string; clientUserMessageId: string; input: UserInput[]; responsesapiClientMetadata?: Record<string, string> | null },
    originator: string | undefined,
    afterResponse: AfterResponse,
  ): Promise<QueuedSubmission> {
    checkQueueInput(params.input);
    const thread = this.requireThread(params.threadId);
    if (!acceptsDirectInput(thread.source)) throw invalidRequest(DIRECT_INPUT_TO_V2_SUBAGENT_ERROR);
    const item: StoredQueuedSubmission = {
      id: newId(),
      threadId: thread.id,
      clientUserMessageId: params.clientUserMessageId,
      input: normalizeInput(params.input) as JsonValue[],
      metadata: params.responsesapiClientMetadata ?? null,
    };
    const store = this.store();
    store.append(item, Date.now());
    const loaded = thread.loaded;
    // Only into an idle thread's empty, running queue: one held by an interrupt, or
    // still holding what waited while the thread was not loaded, waits for thread/queue/start.
    if (loaded && loaded.activeTurn === undefined && !loaded.queueHeld && store.list(thread.id, 0, 2).length === 1) {
      // Added and taken at once: both changes are told before the answer, the turn runs after it.
      this.changed(thread);
      await this.dispatch(loaded, item, originator, afterResponse);
    } else {
      afterResponse(() => this.changed(thread));
    }
    return toWire(item);
  }

  /** thread/queue/list: offset cursors, pages of 1 to 25 (default 25). */
  list(params: { threadId: string; cursor?: string | null; limit?: number | null }): { data: QueuedSubmission[]; nextCursor: string | null } {
    const thread = this.requireThread(params.threadId);
    const offset = params.cursor == null ? 0 : parseCursor(params.cursor);
    const limit = Math.min(Math.max(params.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
    const rows = this.store().list(thread.id, offset, limit + 1);
    const nextCursor = rows.length > limit ? String(offset + limit) : null;
    return { data: rows.slice(0, limit).map(toWire), nextCursor };
  }

  /** thread/queue/update: new input; non-empty metadata replaces the old, none or empty keeps it. */
  update(
    params: { threadId: string; queuedSubmissionId: string; input: UserInput[]; responsesapiClientMetadata?: Record<string, string> | null },
    afterResponse: AfterResponse,
  ): QueuedSubmission {
    checkQueueInput(params.input);
    const thread = this.requireThread(params.threadId);
    const store = this.store();
    const current = store.get(thread.id, params.queuedSubmissionId);
    if (!current) throw notFound(params.queuedSubmissionId);
    const metadata = params.responsesapiClientMetadata && Object.keys(params.responsesapiClientMetadata).length > 0 ? params.responsesapiClientMetadata : current.metadata;
    const input = normalizeInput(params.input) as JsonValue[];
    if (!store.update(thread.id, current.id, input, metadata)) throw notFound(params.queuedSubmissionId);
    afterResponse(() => this.changed(thread));
    return toWire({ ...current, input, metadata });
  }

  /** thread/queue/delete: false when the submission is not queued (any more). */
  delete(params: { threadId: string; queuedSubmissionId: string }, afterResponse: AfterResponse): boolean {
    const thread = this.requireThread(params.threadId);
    const deleted = this.store().remove(thread.id, params.queuedSubmissionId);
    if (deleted) afterResponse(() => this.changed(thread));
    return deleted;
  }

  /** thread/queue/reorder: the new order must name every queued submission exactly once. */
  reorder(params: { threadId: string; queuedSubmissionIds: string[] }, afterResponse: AfterResponse): void {
    const thread = this.requireThread(params.threadId);
    const store = this.store();
    const current = store.list(thread.id, 0, params.queuedSubmissionIds.length + 1).map((item) => item.id).sort();
    const requested = [...params.queuedSubmissionIds].sort();
    if (current.length !== requested.length || current.some((id, index) => id !== requested[index])) {
      throw invalidRequest("queue reorder must include every queued submission exactly once");
    }
    store.reorder(thread.id, params.queuedSubmissionIds);
    afterResponse(() => this.changed(thread));
  }

  /**
   * thread/queue/start: starts the named submission (or the first) as a turn
   * on an idle loaded thread; the queue runs on by itself afterwards.
   */
  async start(
    params: { threadId: string; queuedSubmissionId?: string | null },
    originator: string | undefined,
    afterResponse: AfterResponse,
  ): Promise<Turn> {
    const thread = this.requireThread(params.threadId);
    const loaded = thread.loaded;
    if (!loaded) throw invalidRequest("resume the thread before starting a queued message");
    const store = this.store();
    let item: StoredQueuedSubmission | undefined;
    if (params.queuedSubmissionId != null) {
      item = store.get(thread.id, params.queuedSubmissionId);
      if (!item) throw notFound(params.queuedSubmissionId);
    } else {
      item = store.list(thread.id, 0, 1)[0];
      if (!item) throw invalidRequest("queue is empty");
    }
    if (loaded.activeTurn !== undefined) throw invalidRequest("thread already has an active or pending turn");
    loaded.queueHeld = false;
    afterResponse(() => this.changed(thread));
    return this.dispatch(loaded, item, originator, afterResponse, false);
  }

  /**
   * A turn of `thread` ended (after its `turn/completed`): the next queued
   * submission starts, unless the turn was interrupted (that holds the queue;
   * any other ending, a turn/start turn's too, lets it run again). The next
   * turn keeps the ending one's originator.
   */
  turnEnded(thread: LoadedThread, status: TurnStatus, originator: string | undefined): void {
    if (thread.ephemeral || this.threads.findLoaded(thread.id) !== thread) return;
    thread.queueHeld = status === "interrupted";
    if (thread.queueHeld || thread.activeTurn !== undefined) return;
    const next = this.store().list(thread.id, 0, 1)[0];
    if (!next) return;
    this.dispatch(thread, next, originator, (run) => run()).catch(() => {
      // A turn that cannot start (the thread went away meanwhile) leaves nothing to report.
    });
  }

  /**
   * Starts `item` as a regular turn through turn/start's path, then takes it
   * off the queue (a turn that cannot start leaves it queued); the turn runs
   * after the change is told.
   */
  private async dispatch(
    thread: LoadedThread,
    item: StoredQueuedSubmission,
    originator: string | undefined,
    begin: AfterResponse,
    tell = true,
  ): Promise<Turn> {
    let run: (() => void) | undefined;
    const turn = await this.turns.startOrMerge(thread, {
      input: item.input as UserInput[],
      clientUserMessageId: item.clientUserMessageId,
      outputSchema: null,
      originator,
      begin: (start) => {
        run = start;
      },
      trigger: "queue",
      clientMetadata: { entries: item.metadata, patch: null },
    });
    this.store().remove(thread.id, item.id);
    if (tell) this.changed({ id: thread.id, loaded: thread, source: thread.record.source });
    if (run) begin(run);
    return turn;
  }
}
