import type { CollaborationMode, ThreadSettingsWire } from "../protocol/thread.js";
import type { LoadedThread } from "./loaded-thread.js";

/**
 * `thread/settings/updated`: the settings future turns of a thread run with,
 * sent to the thread's subscribers when a turn/start changes them (as the
 * reference does, before the turn/start response). The collaboration mode a
 * client selected (experimental `turn/start.collaborationMode`) is kept in
 * on the loaded thread; it is reported here and its `settings.model` /
 * `settings.reasoning_effort` take precedence over `model` / `effort`.
 */

/** A client-sent collaboration mode, or null when absent or not of the reference's shape. */
export function parseCollaborationMode(value: unknown): CollaborationMode | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const { mode, settings } = value as { mode?: unknown; settings?: unknown };
  if (mode !== "plan" && mode !== "default") return null;
  if (settings === null || typeof settings !== "object" || Array.isArray(settings)) return null;
  const { model, reasoning_effort: effort, developer_instructions: instructions } = settings as Record<string, unknown>;
  if (typeof model !== "string") return null;
  return {
    mode,
    settings: {
      model,
      reasoning_effort: typeof effort === "string" && effort !== "" ? effort : null,
      developer_instructions: typeof instructions === "string" ? instructions : null,
    },
  };
}

export function setCollaborationMode(thread: LoadedThread, mode: CollaborationMode): void {
  thread.collaborationMode = mode;
}

/** The thread's collaboration mode: the one a client selected, else `default` with the thread's model. */
export function collaborationModeOf(thread: LoadedThread): CollaborationMode {
  const settings = thread.record.settings;
  const selected = thread.collaborationMode;
  if (selected) return { mode: selected.mode, settings: { ...selected.settings, model: settings.model } };
  return { mode: "default", settings: { model: settings.model, reasoning_effort: settings.reasoningEffort, developer_instructions: null } };
}

export function threadSettingsOf(thread: LoadedThread): ThreadSettingsWire {
  const settings = thread.record.settings;
  const roots = thread.runtimeWorkspaceRoots;
  return {
    disabledPluginIds: [],
    cwd: settings.cwd,
    environments: thread.environments != null ? [] : [{ environmentId: "local", cwd: settings.cwd, runtimeWorkspaceRoots: roots }],
    approvalPolicy: settings.approvalPolicy,
    approvalsReviewer: settings.approvalsReviewer,
    sandboxPolicy: settings.sandboxPolicy,
    activePermissionProfile: null,
    model: settings.model,
    modelProvider: settings.modelProvider,
    serviceTier: settings.serviceTier,
    effort: settings.reasoningEffort,
    summary: (settings.reasoningSummary as ThreadSettingsWire["summary"]) ?? null,
    collaborationMode: collaborationModeOf(thread),
    multiAgentMode: "explicitRequestOnly",
    personality: null,
  };
}

/** A comparable snapshot: the settings plus whether a collaboration mode was selected. */
export function settingsSnapshot(thread: LoadedThread): string {
  return JSON.stringify([thread.collaborationMode !== undefined, threadSettingsOf(thread)]);
}

/** Sends `thread/settings/updated` to the thread's subscribers when the snapshot changed since `before`. */
export function publishSettingsIfChanged(thread: LoadedThread, before: string): void {
  if (settingsSnapshot(thread) === before) return;
  thread.emit("thread/settings/updated", { threadId: thread.id, threadSettings: threadSettingsOf(thread) });
}
