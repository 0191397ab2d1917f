// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ApprovalsReviewer } from "./ApprovalsReviewer";
import type { AskForApproval } from "./AskForApproval";
import type { DynamicToolSpec } from "./DynamicToolSpec";
import type { JsonValue } from "./JsonValue";
import type { MultiAgentMode } from "./MultiAgentMode";
import type { Personality } from "./Personality";
import type { SandboxMode } from "./SandboxMode";
import type { ThreadHistoryMode } from "./ThreadHistoryMode";

export type ThreadStartParams = {
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
  serviceName?: string | null;
  personality?: Personality | null;
  ephemeral?: boolean | null;
  sessionStartSource?: "startup" | "clear" | null;
  threadSource?: string | null;
  allowProviderModelFallback?: boolean;
  daybreakEnabled?: boolean | null;
  dynamicTools?: Array<DynamicToolSpec> | null;
  environments?: Array<JsonValue> | null;
  experimentalRawEvents?: boolean;
  historyMode?: ThreadHistoryMode | null;
  mockExperimentalField?: string | null;
  multiAgentMode?: MultiAgentMode | null;
  projectId?: string | null;
  selectedCapabilityRoots?: Array<JsonValue> | null;
};
