// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CommandAction } from "./CommandAction";
import type { CommandExecutionApprovalDecision } from "./CommandExecutionApprovalDecision";
import type { CommandExecutionApprovalKind } from "./CommandExecutionApprovalKind";
import type { JsonValue } from "./JsonValue";
import type { NetworkApprovalContext } from "./NetworkApprovalContext";
import type { NetworkPolicyAmendment } from "./NetworkPolicyAmendment";

export type CommandExecutionRequestApprovalParams = {
  threadId: string;
  turnId: string;
  itemId: string;
  startedAtMs: number;
  kind?: CommandExecutionApprovalKind;
  approvalId?: string | null;
  environmentId?: string | null;
  reason?: string | null;
  networkApprovalContext?: NetworkApprovalContext | null;
  command?: string | null;
  cwd?: string | null;
  commandActions?: Array<CommandAction> | null;
  additionalPermissions?: JsonValue | null;
  proposedExecpolicyAmendment?: Array<string> | null;
  proposedNetworkPolicyAmendments?: Array<NetworkPolicyAmendment> | null;
  availableDecisions?: Array<CommandExecutionApprovalDecision> | null;
};
