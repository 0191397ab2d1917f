import { parseCollaborationMode, publishSettingsIfChanged, setCollaborationMode, settingsSnapshot } from "../core/thread-settings-notice.js";
import { checkImageUrls, checkInputLength, checkNotEmpty } from "../core/turn-input.js";
import { isFinishing, notSteerableError, steerTurn } from "../core/turns.js";
import type { TurnStartParams } from "../protocol/turn.js";
import type { LoadedThread } from "../core/loaded-thread.js";
import { parseThreadId } from "../core/thread-id.js";
import type { ThreadManager } from "../core/thread-manager.js";
import type { HandlerTable } from "./context.js";
import { invalidRequest } from "../protocol/errors.js";
import type { ThreadSettings } from "../store/types.js";
import { enforcePatchRequirements } from "../core/thread-settings.js";
import { settingsOverridePatch } from "../core/settings-update.js";
import { acceptsDirectInput, DIRECT_INPUT_TO_V2_SUBAGENT_ERROR } from "../core/agents/sub-agent.js";

function archivedError(threadId: string) {
  return invalidRequest(`thread ${threadId} is archived; unarchive it before starting a turn`);
}

/** The loaded thread a turn starts on; an archived thread (unloaded by thread/archive) is named as such. */
function threadForTurn(threads: ThreadManager, threadId: string): LoadedThread {
  try {
    return threads.getLoaded(threadId);
  } catch (error) {
    const stored = threads.store.getThread(parseThreadId(threadId));
    if (stored?.record.archived) throw archivedError(stored.record.id);
    throw error;
  }
}

/** turn/start overrides that become the thread's defaults (`outputSchema` is per turn). */
function settingsPatch(params: TurnStartParams): Partial<ThreadSettings> | undefined {
  const patch = settingsOverridePatch(params, { nullServiceTierClears: false });
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export const turnHandlers: Pick<HandlerTable, "turn/start" | "turn/steer" | "turn/interrupt" | "thread/compact/start"> = {
  async "turn/start"(params, { services, connection, afterResponse }) {
    const threads = services.threads;
    const thread = threadForTurn(threads, params.threadId);
    if (thread.record.archived) throw archivedError(thread.id);
    if (!acceptsDirectInput(thread.record.source)) throw invalidRequest(DIRECT_INPUT_TO_V2_SUBAGENT_ERROR);
    if (params.toolOutput) {
      if (params.input.length > 0) throw invalidRequest("`toolOutput` cannot be combined with nonempty `input`");
      if (params.toolOutput.name === "") throw invalidRequest("`toolOutput.name` must not be empty");
      throw invalidRequest("`toolOutput` is not supported by this server");
    }
    checkNotEmpty(params.input);
    checkInputLength(params.input);
    checkImageUrls(params.input);
    const before = settingsSnapshot(thread);
    const patch = settingsPatch(params);
    if (patch) {
      for (const message of enforcePatchRequirements(patch, services.config)) {
        afterResponse(() => connection.notify("warning", { threadId: thread.id, message }));
      }
      threads.updateSettings(thread, patch);
    }
    const mode = parseCollaborationMode(params.collaborationMode);
    if (mode) setCollaborationMode(thread, mode);
    publishSettingsIfChanged(thread, before);
    const turn = await services.turns.startOrMerge(thread, {
      input: params.input,
      clientUserMessageId: params.clientUserMessageId ?? null,
      outputSchema: params.outputSchema ?? null,
      originator: connection.clientInfo?.name,
      // The turn runs once the turn/start response is out, as in the reference.
      begin: afterResponse,
      clientMetadata: { entries: params.responsesapiClientMetadata ?? null, patch: params.responsesapiClientMetadataPatch ?? null },
    });
    return { turn };
  },

  "turn/steer"(params, { services }) {
    const thread = services.threads.getLoaded(params.threadId);
    if (!acceptsDirectInput(thread.record.source)) throw invalidRequest(DIRECT_INPUT_TO_V2_SUBAGENT_ERROR);
    if (params.expectedTurnId === "") throw invalidRequest("expectedTurnId must not be empty");
    checkInputLength(params.input);
    checkNotEmpty(params.input);
    checkImageUrls(params.input);
    const active = thread.activeTurn;
    if (!active || isFinishing(active)) throw invalidRequest("no active turn to steer");
    if (active.turnId !== params.expectedTurnId) {
      throw invalidRequest(`expected active turn id \`${params.expectedTurnId}\` but found \`${active.turnId}\``);
    }
    if (active.kind !== "regular") throw notSteerableError(active.kind);
    steerTurn(active, params.input, params.clientUserMessageId ?? null);
    return { turnId: active.turnId };
  },

  async "turn/interrupt"(params, { services }) {
    const thread = services.threads.getLoaded(params.threadId);
    const active = thread.activeTurn;
    if (!active || isFinishing(active)) throw invalidRequest("no active turn to interrupt");
    if (active.turnId !== params.turnId) {
      throw invalidRequest(`expected active turn id ${params.turnId} but found ${active.turnId}`);
    }
    // Answered only once the turn has stopped, before its turn/completed.
    await active.interrupt();
    return {};
  },

  async "thread/compact/start"(params, { services, connection, afterResponse }) {
    const thread = threadForTurn(services.threads, params.threadId);
    if (thread.record.archived) throw archivedError(thread.id);
    await services.turns.startCompaction(thread, connection.clientInfo?.name, afterResponse);
    return {};
  },
};
