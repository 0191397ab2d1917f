// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ApprovalsReviewer } from "./ApprovalsReviewer";
import type { AskForApproval } from "./AskForApproval";
import type { JsonValue } from "./JsonValue";
import type { SandboxMode } from "./SandboxMode";

export type ThreadForkParams = {
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
  lastTurnId?: string | null;
  ephemeral?: boolean;
  threadSource?: string | null;
  excludeTurns?: boolean;
  attachToSource?: boolean;
  beforeTurnId?: string | null;
  deferGoalContinuation?: boolean;
  experimentalDisablePredictionMcp?: boolean;
  experimentalPredictionMode?: boolean;
  path?: string | null;
};
