import { revertThread } from "../core/revert.js";
import { updateThreadSettings, updateTurnSettings } from "../core/settings-update.js";
import { checkShellCommand, runUserShellCommand } from "../core/shell-command.js";
import { historyFor } from "../core/thread-operations.js";
import { parseThreadId } from "../core/thread-id.js";
import { TurnRunner } from "../core/turn-runner.js";
import { protocolThread } from "../core/wire-shapes.js";
import { invalidRequest } from "../protocol/errors.js";
import type { HandlerTable } from "./context.js";
import { backwardsCursors } from "./thread-read.js";

const MAX_ITEM_IDS = 100;

type ThreadActionMethods =
  | "thread/shellCommand"
  | "thread/revert"
  | "thread/items/read"
  | "thread/settings/update"
  | "turn/settings/update"
  | "thread/backgroundTerminals/list"
  | "thread/backgroundTerminals/terminate"
  | "thread/backgroundTerminals/clean";

/** Actions on a loaded thread besides turn/start: user shell commands, revert, settings, stored items, background terminals. */
export const threadActionHandlers: Pick<HandlerTable, ThreadActionMethods> = {
  async "thread/shellCommand"(params, { services, connection, afterResponse }) {
    const { command, timeoutMs } = checkShellCommand(params.command, params.timeoutMs);
    const thread = services.threads.getLoaded(params.threadId);
    const body = (turn: TurnRunner) => runUserShellCommand(turn, command, timeoutMs, services.config.values);
    // Its own turn when none runs; otherwise it joins the running turn (items under its id, record in its context).
    const started = await services.turns.startWithBody(thread, body, connection.clientInfo?.name, afterResponse);
    const active = thread.activeTurn;
    if (!started && active instanceof TurnRunner) {
      afterResponse(() => {
        body(active).catch((error: unknown) => services.logger.error({ err: error, threadId: thread.id }, "user shell command failed"));
      });
    }
    return {};
  },

  async "thread/revert"(params, { services, afterResponse }) {
    const threads = services.threads;
    const thread = threads.getLoaded(params.threadId);
    await revertThread(threads, thread, params.beforeTurnId);
    afterResponse(() => services.broadcast("thread/reverted", { threadId: thread.id }));
    return { thread: protocolThread(threads, thread), ...backwardsCursors(threads.historyOf(thread), thread.id) };
  },

  "thread/items/read"(params, { services }) {
    const id = parseThreadId(params.threadId);
    if (params.itemIds.length === 0 || params.itemIds.length > MAX_ITEM_IDS) {
      throw invalidRequest(`itemIds must contain between 1 and ${MAX_ITEM_IDS} ids, got ${params.itemIds.length}`);
    }
    const history = historyFor(services.threads, id, "thread/items/read");
    if (!history.getTurn(id, params.turnId)) throw invalidRequest(`turn not found in thread ${id}: ${params.turnId}`);
    const wanted = new Set(params.itemIds);
    const data = history
      .itemsOfTurns(id, [params.turnId])
      .filter((row) => wanted.has(row.item.id))
      .map((row) => ({ turnId: row.turnId, item: row.item, startedAtMs: row.startedAtMs, completedAtMs: row.completedAtMs }));
    return { data };
  },

  "thread/settings/update"(params, { services, connection, afterResponse }) {
    const thread = services.threads.getLoaded(params.threadId);
    for (const message of updateThreadSettings(services.threads, thread, params, services.config)) {
      afterResponse(() => connection.notify("warning", { threadId: thread.id, message }));
    }
    return {};
  },

  "turn/settings/update"(params, { services }) {
    const thread = services.threads.getLoaded(params.threadId);
    return { status: updateTurnSettings(thread, params.turnId, params) ? "applied" : "targetUnavailable" };
  },

  "thread/backgroundTerminals/list"(params, { services }) {
    const thread = services.threads.getLoaded(params.threadId);
    const all = thread.execSessions.running();
    const start = params.cursor ? Number.parseInt(params.cursor, 10) : 0;
    if (!Number.isInteger(start) || start < 0) throw invalidRequest(`invalid cursor: ${params.cursor}`);
    const end = params.limit ? start + params.limit : all.length;
    const data = all.slice(start, end).map((entry) => ({
      command: entry.command,
      cwd: entry.cwd,
      itemId: entry.itemId,
      processId: String(entry.processId),
      osPid: entry.pid,
      cpuPercent: null,
      rssKb: null,
    }));
    return { data, nextCursor: end < all.length ? String(end) : null };
  },

  async "thread/backgroundTerminals/terminate"(params, { services }) {
    const thread = services.threads.getLoaded(params.threadId);
    const processId = Number(params.processId);
    const running = thread.execSessions.running().some((entry) => entry.processId === processId);
    if (running) await thread.execSessions.terminate(processId);
    return { terminated: running };
  },

  async "thread/backgroundTerminals/clean"(params, { services }) {
    const thread = services.threads.getLoaded(params.threadId);
    await thread.execSessions.closeAll();
    return {};
  },
};
