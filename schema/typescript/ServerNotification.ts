// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AccountLoginCompletedNotification } from "./AccountLoginCompletedNotification";
import type { AccountRateLimitsUpdatedNotification } from "./AccountRateLimitsUpdatedNotification";
import type { AccountUpdatedNotification } from "./AccountUpdatedNotification";
import type { AgentMessageDeltaNotification } from "./AgentMessageDeltaNotification";
import type { CommandExecOutputDeltaNotification } from "./CommandExecOutputDeltaNotification";
import type { CommandExecutionOutputDeltaNotification } from "./CommandExecutionOutputDeltaNotification";
import type { ConfigWarningNotification } from "./ConfigWarningNotification";
import type { ContextCompactedNotification } from "./ContextCompactedNotification";
import type { DeprecationNoticeNotification } from "./DeprecationNoticeNotification";
import type { ErrorNotification } from "./ErrorNotification";
import type { ItemCompletedNotification } from "./ItemCompletedNotification";
import type { ItemStartedNotification } from "./ItemStartedNotification";
import type { ReasoningSummaryPartAddedNotification } from "./ReasoningSummaryPartAddedNotification";
import type { ReasoningSummaryTextDeltaNotification } from "./ReasoningSummaryTextDeltaNotification";
import type { ReasoningTextDeltaNotification } from "./ReasoningTextDeltaNotification";
import type { ServerRequestResolvedNotification } from "./ServerRequestResolvedNotification";
import type { ThreadArchivedNotification } from "./ThreadArchivedNotification";
import type { ThreadClosedNotification } from "./ThreadClosedNotification";
import type { ThreadDeletedNotification } from "./ThreadDeletedNotification";
import type { ThreadNameUpdatedNotification } from "./ThreadNameUpdatedNotification";
import type { ThreadReadStateChangedNotification } from "./ThreadReadStateChangedNotification";
import type { ThreadSettingsUpdatedNotification } from "./ThreadSettingsUpdatedNotification";
import type { ThreadStartedNotification } from "./ThreadStartedNotification";
import type { ThreadStatusChangedNotification } from "./ThreadStatusChangedNotification";
import type { ThreadTokenUsageUpdatedNotification } from "./ThreadTokenUsageUpdatedNotification";
import type { ThreadUnarchivedNotification } from "./ThreadUnarchivedNotification";
import type { TurnCompletedNotification } from "./TurnCompletedNotification";
import type { TurnDiffUpdatedNotification } from "./TurnDiffUpdatedNotification";
import type { TurnPlanUpdatedNotification } from "./TurnPlanUpdatedNotification";
import type { TurnStartedNotification } from "./TurnStartedNotification";
import type { WarningNotification } from "./WarningNotification";

/**
 * Notification sent from the server to the client.
 */
export type ServerNotification =
  | { "method": "account/updated", params: AccountUpdatedNotification }
  | { "method": "account/login/completed", params: AccountLoginCompletedNotification }
  | { "method": "account/rateLimits/updated", params: AccountRateLimitsUpdatedNotification }
  | { "method": "error", params: ErrorNotification }
  | { "method": "thread/started", params: ThreadStartedNotification }
  | { "method": "thread/status/changed", params: ThreadStatusChangedNotification }
  | { "method": "thread/archived", params: ThreadArchivedNotification }
  | { "method": "thread/unarchived", params: ThreadUnarchivedNotification }
  | { "method": "thread/deleted", params: ThreadDeletedNotification }
  | { "method": "thread/closed", params: ThreadClosedNotification }
  | { "method": "thread/name/updated", params: ThreadNameUpdatedNotification }
  | { "method": "thread/tokenUsage/updated", params: ThreadTokenUsageUpdatedNotification }
  | { "method": "thread/compacted", params: ContextCompactedNotification }
  | { "method": "thread/readState/changed", params: ThreadReadStateChangedNotification }
  | { "method": "thread/settings/updated", params: ThreadSettingsUpdatedNotification }
  | { "method": "turn/started", params: TurnStartedNotification }
  | { "method": "turn/completed", params: TurnCompletedNotification }
  | { "method": "turn/diff/updated", params: TurnDiffUpdatedNotification }
  | { "method": "turn/plan/updated", params: TurnPlanUpdatedNotification }
  | { "method": "item/started", params: ItemStartedNotification }
  | { "method": "item/completed", params: ItemCompletedNotification }
  | { "method": "item/agentMessage/delta", params: AgentMessageDeltaNotification }
  | { "method": "item/commandExecution/outputDelta", params: CommandExecutionOutputDeltaNotification }
  | { "method": "command/exec/outputDelta", params: CommandExecOutputDeltaNotification }
  | { "method": "item/reasoning/summaryTextDelta", params: ReasoningSummaryTextDeltaNotification }
  | { "method": "item/reasoning/summaryPartAdded", params: ReasoningSummaryPartAddedNotification }
  | { "method": "item/reasoning/textDelta", params: ReasoningTextDeltaNotification }
  | { "method": "serverRequest/resolved", params: ServerRequestResolvedNotification }
  | { "method": "configWarning", params: ConfigWarningNotification }
  | { "method": "warning", params: WarningNotification }
  | { "method": "deprecationNotice", params: DeprecationNoticeNotification };
