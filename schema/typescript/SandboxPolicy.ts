// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { NetworkAccess } from "./NetworkAccess";

export type SandboxPolicy = {
  type: "dangerFullAccess";
} | {
  type: "readOnly";
  networkAccess?: boolean;
} | {
  type: "externalSandbox";
  networkAccess?: NetworkAccess;
} | {
  type: "workspaceWrite";
  writableRoots?: Array<string>;
  networkAccess?: boolean;
  excludeTmpdirEnvVar?: boolean;
  excludeSlashTmp?: boolean;
};
