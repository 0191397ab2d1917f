// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ApprovalsReviewer } from "./ApprovalsReviewer";
import type { AskForApproval } from "./AskForApproval";
import type { JsonValue } from "./JsonValue";
import type { Personality } from "./Personality";
import type { SandboxMode } from "./SandboxMode";

export type ThreadResumeParams = {
  threadId: string;
  model?: string | null;
  modelProvider?: string | null;
  serviceTier?: string | null;
  cwd?: string | null;
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
  sandbox?: SandboxMode | null;
  config?: { [key: string]: JsonValue } | null;
  baseInstructions?: string | null;
  developerInstructions?: string | null;
  permissions?: string | null;
  runtimeWorkspaceRoots?: Array<string> | null;
  personality?: Personality | null;
  excludeTurns?: boolean;
  history?: Array<JsonValue> | null;
  initialTurnsPage?: JsonValue | null;
  path?: string | null;
};
