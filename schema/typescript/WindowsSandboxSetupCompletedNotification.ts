// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { WindowsSandboxSetupMode } from "./WindowsSandboxSetupMode";

export type WindowsSandboxSetupCompletedNotification = {
  mode: WindowsSandboxSetupMode;
  success: boolean;
  error: string | null;
};
