// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { WindowsSandboxSetupMode } from "./WindowsSandboxSetupMode";

export type WindowsSandboxSetupStartParams = {
  mode: WindowsSandboxSetupMode;
  cwd?: AbsolutePathBuf | null;
};
