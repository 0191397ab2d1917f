import { DEFAULT_MODE_TEXT } from "./default-mode-text.js";
import { PLAN_MODE_TEXT } from "./plan-mode-text.js";

export type ModeKind = "plan" | "default";

/** The collaboration mode in force for a turn (`turn/start.collaborationMode`, sticky across turns). */
export interface CollaborationModeSetting {
  mode: ModeKind;
  /** `settings.developer_instructions`: replaces the built-in mode text when non-null. */
  developerInstructions: string | null;
}

/** A model catalog's `model_messages.collaboration_modes`: replaces the built-in texts. */
export interface CatalogCollaborationModes {
  default?: string | null;
  plan?: string | null;
}

export const COLLABORATION_MODE_OPEN_TAG = "<collaboration_mode>";
export const COLLABORATION_MODE_CLOSE_TAG = "</collaboration_mode>";

export function collaborationModeText(setting: CollaborationModeSetting, catalog?: CatalogCollaborationModes | null): string {
  if (setting.developerInstructions !== null) return setting.developerInstructions;
  if (setting.mode === "plan") return catalog?.plan ?? PLAN_MODE_TEXT;
  return catalog?.default ?? DEFAULT_MODE_TEXT;
}

export function collaborationModeBlock(setting: CollaborationModeSetting, catalog?: CatalogCollaborationModes | null): string {
  return `${COLLABORATION_MODE_OPEN_TAG}${collaborationModeText(setting, catalog)}${COLLABORATION_MODE_CLOSE_TAG}`;
}

/**
 * The mode whose text the model sees: the client's, else Default when the
 * catalog carries a Default-mode text (the reference sends it even when the
 * client sends no mode), else none.
 */
export function effectiveCollaborationMode(
  setting: CollaborationModeSetting | null,
  catalog?: CatalogCollaborationModes | null,
): CollaborationModeSetting | null {
  if (setting) return setting;
  return catalog?.default ? { mode: "default", developerInstructions: null } : null;
}
