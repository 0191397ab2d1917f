// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ModeKind } from "./ModeKind";
import type { Settings } from "./Settings";

export type CollaborationMode = {
  mode: ModeKind;
  settings: Settings;
};
