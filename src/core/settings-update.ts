import path from "node:path";
import type { LoadedConfig } from "../config/load.js";
import { invalidRequest } from "../protocol/errors.js";
import type { ThreadSettingsUpdateParams } from "../protocol/thread-actions.js";
import type { ThreadSettings } from "../store/types.js";
import type { LoadedThread } from "./loaded-thread.js";
import type { ThreadManager } from "./thread-manager.js";
import { parseCollaborationMode, publishSettingsIfChanged, setCollaborationMode, settingsSnapshot } from "./thread-settings-notice.js";
import { enforcePatchRequirements } from "./thread-settings.js";
import { TurnRunner } from "./turn-runner.js";

/**
 * thread/settings/update: the settings later turns of the thread run with,
 * changed without starting a turn; `thread/settings/updated` follows only
 * when something actually changed. turn/settings/update: model, effort,
 * summary and service tier for the running turn's later requests only.
 */

/** The settings fields that turn/start and thread/settings/update both take. */
export type SettingsOverrides = Pick<
  ThreadSettingsUpdateParams,
  "model" | "effort" | "summary" | "cwd" | "approvalPolicy" | "approvalsReviewer" | "sandboxPolicy" | "serviceTier"
> & { collaborationMode?: unknown };

/**
 * The thread settings a request's overrides change (absent and null fields
 * leave a setting as it is). The experimental collaboration mode takes
 * precedence over model and effort. `nullServiceTierClears`: an explicit
 * null service tier clears it (thread/settings/update) instead of being
 * ignored (turn/start).
 */
export function settingsOverridePatch(params: SettingsOverrides, options: { nullServiceTierClears: boolean }): Partial<ThreadSettings> {
  const patch: Partial<ThreadSettings> = {};
  if (params.model != null) patch.model = params.model;
  if (params.effort != null) patch.reasoningEffort = params.effort;
  if (params.summary != null) patch.reasoningSummary = params.summary;
  if (params.cwd != null) patch.cwd = path.resolve(process.cwd(), params.cwd);
  if (params.approvalPolicy != null) patch.approvalPolicy = params.approvalPolicy;
  if (params.approvalsReviewer != null) patch.approvalsReviewer = params.approvalsReviewer;
  if (params.sandboxPolicy != null) patch.sandboxPolicy = params.sandboxPolicy;
  if (params.serviceTier !== undefined && (params.serviceTier !== null || options.nullServiceTierClears)) patch.serviceTier = params.serviceTier;
  const mode = parseCollaborationMode(params.collaborationMode);
  if (mode) {
    patch.model = mode.settings.model;
    if (mode.settings.reasoning_effort !== null) patch.reasoningEffort = mode.settings.reasoning_effort;
  }
  return patch;
}

/**
 * Applies `params` to the thread's settings; an approval policy or sandbox
 * the managed requirements forbid becomes an allowed one, as on turn/start.
 * Returns the warnings for what was replaced.
 */
export function updateThreadSettings(threads: ThreadManager, thread: LoadedThread, params: ThreadSettingsUpdateParams, config: LoadedConfig): string[] {
  if (params.permissions != null && params.sandboxPolicy != null) {
    throw invalidRequest("`permissions` cannot be combined with `sandboxPolicy`");
  }
  const before = settingsSnapshot(thread);
  const patch = settingsOverridePatch(params, { nullServiceTierClears: true });
  const warnings = enforcePatchRequirements(patch, config);
  const mode = parseCollaborationMode(params.collaborationMode);
  const changed = Object.entries(patch).some(
    ([key, value]) => JSON.stringify(value) !== JSON.stringify(thread.record.settings[key as keyof ThreadSettings]),
  );
  if (changed) threads.updateSettings(thread, patch);
  if (params.cwd != null && params.cwd !== "") thread.runtimeWorkspaceRoots = [patch.cwd!];
  if (mode) setCollaborationMode(thread, mode);
  publishSettingsIfChanged(thread, before);
  return warnings;
}

export interface TurnSettingsPatch {
  model?: string | null;
  effort?: string | null;
  summary?: ThreadSettings["reasoningSummary"] | null;
  serviceTier?: string | null;
  approvalsReviewer?: unknown;
  environments?: unknown;
}

/** Applies `patch` to the running turn `turnId`; false when no such turn runs (`targetUnavailable`). */
export function updateTurnSettings(thread: LoadedThread, turnId: string, patch: TurnSettingsPatch): boolean {
  // Refused rather than silently ignored (the reference's rule for what a server does not support).
  if (patch.approvalsReviewer != null) throw invalidRequest("turn/settings/update.approvalsReviewer is not supported by this server");
  if (patch.environments != null) throw invalidRequest("turn/settings/update.environments is not supported by this server");
  const active = thread.activeTurn;
  if (!(active instanceof TurnRunner) || active.turnId !== turnId || active.finishing) return false;
  if (patch.model != null) active.turnSettings.model = patch.model;
  if (patch.effort != null) active.turnSettings.reasoningEffort = patch.effort;
  if (patch.summary != null) active.turnSettings.reasoningSummary = patch.summary;
  if (patch.serviceTier !== undefined) active.turnSettings.serviceTier = patch.serviceTier;
  return true;
}
