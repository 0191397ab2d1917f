import type { z, ZodTypeAny } from "zod";
import { ConfigWarningNotification, DeprecationNoticeNotification, WarningNotification } from "./notices.js";
import { RemoteControlStatusChangedNotification, RemoteControlStatusReadResponse } from "./remote-control.js";
import * as elicitation from "./thread-elicitation.js";
import {
  CommandExecutionRequestApprovalParams,
  CommandExecutionRequestApprovalResponse,
  FileChangeRequestApprovalParams,
  FileChangeRequestApprovalResponse,
  ServerRequestResolvedNotification,
} from "./approvals.js";
import { InitializeParams, InitializeResponse } from "./initialize.js";
import * as threadActions from "./thread-actions.js";
import * as threadSections from "./thread-sections.js";
import * as threadAttachments from "./thread-attachments.js";
import * as threadQueue from "./thread-queue.js";
import * as windowsSandbox from "./windows-sandbox.js";
import * as apps from "./apps.js";
import * as gatewayOAuth from "./gateway-oauth.js";
import * as guardian from "./guardian.js";
import * as processes from "./process.js";
import * as diagnostics from "./diagnostics.js";
import * as threadSearch from "./thread-search.js";
import { FeedbackSaveParams, FeedbackSaveResponse, FeedbackUploadParams, FeedbackUploadResponse } from "./feedback.js";
import { ReviewStartParams, ReviewStartResponse } from "./review.js";
import {
  ThreadGoalClearParams,
  ThreadGoalClearResponse,
  ThreadGoalClearedNotification,
  ThreadGoalGetParams,
  ThreadGoalGetResponse,
  ThreadGoalSetParams,
  ThreadGoalSetResponse,
  ThreadGoalUpdatedNotification,
  ThreadInjectItemsParams,
  ThreadInjectItemsResponse,
} from "./goal.js";
import {
  AgentMessageDeltaNotification,
  PlanDeltaNotification,
  CommandExecutionOutputDeltaNotification,
  ItemCompletedNotification,
  TerminalInteractionNotification,
  ItemStartedNotification,
  ReasoningSummaryPartAddedNotification,
  ReasoningSummaryTextDeltaNotification,
  ReasoningTextDeltaNotification,
} from "./item.js";
import {
  ContextCompactedNotification,
  ThreadArchivedNotification,
  ThreadClosedNotification,
  ThreadDeletedNotification,
  ThreadNameUpdatedNotification,
  ThreadReadStateChangedNotification,
  ThreadSettingsUpdatedNotification,
  ThreadStartedNotification,
  ThreadStatusChangedNotification,
  ThreadUnarchivedNotification,
} from "./thread.js";
import {
  ErrorNotification,
  ThreadTokenUsageUpdatedNotification,
  TurnCompletedNotification,
  TurnDiffUpdatedNotification,
  TurnModerationMetadataNotification,
  TurnInterruptParams,
  TurnInterruptResponse,
  TurnPlanUpdatedNotification,
  TurnStartedNotification,
  TurnStartParams,
  TurnStartResponse,
  TurnSteerParams,
  TurnSteerResponse,
} from "./turn.js";
import {
  FsChangedNotification,
  FsCopyParams,
  FsCopyResponse,
  FsCreateDirectoryParams,
  FsCreateDirectoryResponse,
  FsGetMetadataParams,
  FsGetMetadataResponse,
  FsReadDirectoryParams,
  FsReadDirectoryResponse,
  FsReadFileParams,
  FsReadFileResponse,
  FsRemoveParams,
  FsRemoveResponse,
  FsUnwatchParams,
  FsUnwatchResponse,
  FsWatchParams,
  FsWatchResponse,
  FsWriteFileParams,
  FsWriteFileResponse,
} from "./fs.js";
import {
  FuzzyFileSearchParams,
  FuzzyFileSearchResponse,
  FuzzyFileSearchSessionCompletedNotification,
  FuzzyFileSearchSessionStartParams,
  FuzzyFileSearchSessionStartResponse,
  FuzzyFileSearchSessionStopParams,
  FuzzyFileSearchSessionStopResponse,
  FuzzyFileSearchSessionUpdateParams,
  FuzzyFileSearchSessionUpdateResponse,
  FuzzyFileSearchSessionUpdatedNotification,
} from "./fuzzy-file-search.js";
import {
  ExternalAgentConfigDetectParams,
  ExternalAgentConfigDetectResponse,
  ExternalAgentConfigImportCompletedNotification,
  ExternalAgentConfigImportHistoriesReadResponse,
  ExternalAgentConfigImportHistoryRecordParams,
  ExternalAgentConfigImportHistoryRecordResponse,
  ExternalAgentConfigImportParams,
  ExternalAgentConfigImportProgressNotification,
  ExternalAgentConfigImportResponse,
} from "./external-agent.js";
import { MockExperimentalMethodParams, MockExperimentalMethodResponse } from "./mock.js";
import {
  CommandExecOutputDeltaNotification,
  CommandExecParams,
  CommandExecResizeParams,
  CommandExecResizeResponse,
  CommandExecResponse,
  CommandExecTerminateParams,
  CommandExecTerminateResponse,
  CommandExecWriteParams,
  CommandExecWriteResponse,
} from "./command-exec.js";
import {
  ThreadArchiveParams,
  ThreadArchiveResponse,
  ThreadCompactStartParams,
  ThreadCompactStartResponse,
  ThreadDeleteParams,
  ThreadDeleteResponse,
  ThreadForkParams,
  ThreadForkResponse,
  ThreadItemsListParams,
  ThreadItemsListResponse,
  ThreadListParams,
  ThreadListResponse,
  ThreadLoadedListParams,
  ThreadLoadedListResponse,
  ThreadMetadataUpdateParams,
  ThreadMetadataUpdateResponse,
  ThreadReadParams,
  ThreadReadResponse,
  ThreadReadStateUpdateParams,
  ThreadReadStateUpdateResponse,
  ThreadResumeParams,
  ThreadResumeResponse,
  ThreadSetNameParams,
  ThreadSetNameResponse,
  ThreadStartParams,
  ThreadStartResponse,
  ThreadTurnsListParams,
  ThreadTurnsListResponse,
  ThreadUnarchiveParams,
  ThreadUnarchiveResponse,
  ThreadUnsubscribeParams,
  ThreadUnsubscribeResponse,
} from "./thread.js";
import {
  AccountLoginCompletedNotification,
  AccountRateLimitsUpdatedNotification,
  AccountUpdatedNotification,
  CancelLoginAccountParams,
  CancelLoginAccountResponse,
  ChatgptAuthTokensRefreshParams,
  ChatgptAuthTokensRefreshResponse,
  ConsumeAccountRateLimitResetCreditParams,
  ConsumeAccountRateLimitResetCreditResponse,
  GetAccountParams,
  GetAccountRateLimitsParams,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  LoginAccountParams,
  LoginAccountResponse,
  LogoutAccountResponse,
  GetAccountTokenUsageParams,
  GetAccountTokenUsageResponse,
  GetWorkspaceMessagesResponse,
  GetAccountSecuritySetupResponse,
  SendAddCreditsNudgeEmailParams,
  SendAddCreditsNudgeEmailResponse,
  AccountSessionsListParams,
  AccountSessionsResponse,
  AccountSessionsSwitchParams,
  AccountSessionsSwitchResponse,
} from "./account.js";
import {
  ModelProviderCapabilitiesReadParams,
  ModelProviderCapabilitiesReadResponse,
  ModelProviderConfigWriteParams,
  ModelProviderConfigWriteResponse,
  ModelProviderListParams,
  ModelProviderListResponse,
  PermissionProfileListParams,
  PermissionProfileListResponse,
} from "./model-provider.js";
import {
  ConfigBatchWriteParams,
  ConfigReadParams,
  ConfigReadResponse,
  ConfigRequirementsReadResponse,
  ConfigValueWriteParams,
  ConfigWriteResponse,
} from "./config.js";
import {
  ModelListParams,
  ModelListResponse,
  ModelReroutedNotification,
  ModelSafetyBufferingUpdatedNotification,
  ModelVerificationNotification,
} from "./model.js";
import {
  AppsInstalledParams,
  AppsInstalledResponse,
  AppsListParams,
  AppsListResponse,
  BedrockCheckGovCloudRequirementsParams,
  BedrockCheckGovCloudRequirementsResponse,
  CollaborationModeListParams,
  CollaborationModeListResponse,
  ExperimentalFeatureEnablementSetParams,
  ExperimentalFeatureEnablementSetResponse,
  ExperimentalFeatureListParams,
  ExperimentalFeatureListResponse,
  HooksListParams,
  HooksListResponse,
  HookStartedNotification,
  HookCompletedNotification,
  SkillsExtraRootsSetParams,
  SkillsExtraRootsSetResponse,
  SkillsConfigWriteParams,
  SkillsConfigWriteResponse,
  SkillsChangedNotification,
  ListMcpServerStatusParams,
  ListMcpServerStatusResponse,
  McpServerRefreshResponse,
  SkillsListParams,
  SkillsListResponse,
} from "./extensions.js";
import * as plugins from "./plugins.js";
import { ToolRequestUserInputParams, ToolRequestUserInputResponse } from "./user-input.js";
import { DynamicToolCallParams, DynamicToolCallResponse } from "./dynamic-tools.js";
import {
  McpResourceReadParams,
  McpResourceReadResponse,
  McpServerElicitationRequestParams,
  McpServerElicitationRequestResponse,
  McpServerEventStreamNotification,
  McpServerEventStreamStartParams,
  McpServerEventStreamStartResponse,
  McpServerEventStreamStopParams,
  McpServerEventStreamStopResponse,
  McpServerOauthLoginCompletedNotification,
  McpServerOauthLoginParams,
  McpServerOauthLoginResponse,
  McpServerStatusUpdatedNotification,
  McpServerToolCallParams,
  McpServerToolCallResponse,
  McpToolCallProgressNotification,
} from "./mcp.js";

/**
 * The single list of protocol methods. Dispatch, parameter validation,
 * experimental gating and the generated JSON Schema / TypeScript fixtures all
 * read these tables; nothing else enumerates methods.
 */

export interface RequestSpec {
  /** Params schema; `null` when the method takes no params (`params` omitted or null). */
  readonly params: ZodTypeAny | null;
  /** Params may be omitted or `null`; they are then parsed as `{}`. */
  readonly paramsOptional?: boolean;
  readonly result: ZodTypeAny;
  /** Only available to connections that set `capabilities.experimentalApi`. */
  readonly experimental?: boolean;
}

export interface NotificationSpec {
  /** Params schema; `null` when the notification carries no params. */
  readonly params: ZodTypeAny | null;
  readonly experimental?: boolean;
}

function request<const S extends RequestSpec>(spec: S): S {
  return spec;
}
function notification<const S extends NotificationSpec>(spec: S): S {
  return spec;
}

/** Client → server requests. */
export const clientRequests = {
  initialize: request({ params: InitializeParams, result: InitializeResponse }),
  "account/read": request({ params: GetAccountParams, result: GetAccountResponse }),
  "account/login/start": request({ params: LoginAccountParams, result: LoginAccountResponse }),
  "account/login/cancel": request({ params: CancelLoginAccountParams, result: CancelLoginAccountResponse }),
  "account/logout": request({ params: null, result: LogoutAccountResponse }),
  "account/rateLimits/read": request({
    params: GetAccountRateLimitsParams,
    paramsOptional: true,
    result: GetAccountRateLimitsResponse,
  }),
  "account/rateLimitResetCredit/consume": request({
    params: ConsumeAccountRateLimitResetCreditParams,
    result: ConsumeAccountRateLimitResetCreditResponse,
  }),
  "account/usage/read": request({
    params: GetAccountTokenUsageParams,
    paramsOptional: true,
    result: GetAccountTokenUsageResponse,
  }),
  "account/workspaceMessages/read": request({ params: null, result: GetWorkspaceMessagesResponse }),
  "account/securitySetup/read": request({ params: null, result: GetAccountSecuritySetupResponse }),
  "account/sendAddCreditsNudgeEmail": request({
    params: SendAddCreditsNudgeEmailParams,
    result: SendAddCreditsNudgeEmailResponse,
  }),
  "accountSession/list": request({ params: AccountSessionsListParams, result: AccountSessionsResponse, experimental: true }),
  "accountSession/switch": request({
    params: AccountSessionsSwitchParams,
    result: AccountSessionsSwitchResponse,
    experimental: true,
  }),
  "thread/start": request({ params: ThreadStartParams, result: ThreadStartResponse }),
  "thread/resume": request({ params: ThreadResumeParams, result: ThreadResumeResponse }),
  "thread/fork": request({ params: ThreadForkParams, result: ThreadForkResponse }),
  "thread/archive": request({ params: ThreadArchiveParams, result: ThreadArchiveResponse }),
  "thread/unarchive": request({ params: ThreadUnarchiveParams, result: ThreadUnarchiveResponse }),
  "thread/delete": request({ params: ThreadDeleteParams, result: ThreadDeleteResponse }),
  "thread/unsubscribe": request({ params: ThreadUnsubscribeParams, result: ThreadUnsubscribeResponse }),
  "thread/increment_elicitation": request({
    params: elicitation.ThreadIncrementElicitationParams,
    result: elicitation.ThreadIncrementElicitationResponse,
    experimental: true,
  }),
  "thread/decrement_elicitation": request({
    params: elicitation.ThreadDecrementElicitationParams,
    result: elicitation.ThreadDecrementElicitationResponse,
    experimental: true,
  }),
  "thread/name/set": request({ params: ThreadSetNameParams, result: ThreadSetNameResponse }),
  "thread/metadata/update": request({ params: ThreadMetadataUpdateParams, result: ThreadMetadataUpdateResponse }),
  "thread/list": request({ params: ThreadListParams, result: ThreadListResponse }),
  "thread/loaded/list": request({ params: ThreadLoadedListParams, result: ThreadLoadedListResponse }),
  "thread/read": request({ params: ThreadReadParams, result: ThreadReadResponse }),
  "thread/readState/update": request({
    params: ThreadReadStateUpdateParams,
    result: ThreadReadStateUpdateResponse,
    experimental: true,
  }),
  "thread/search": request({ params: threadSearch.ThreadSearchParams, result: threadSearch.ThreadSearchResponse, experimental: true }),
  "thread/searchOccurrences": request({
    params: threadSearch.ThreadSearchOccurrencesParams,
    result: threadSearch.ThreadSearchOccurrencesResponse,
    experimental: true,
  }),
  "thread/turns/list": request({ params: ThreadTurnsListParams, result: ThreadTurnsListResponse }),
  "thread/items/list": request({ params: ThreadItemsListParams, result: ThreadItemsListResponse }),
  "thread/compact/start": request({ params: ThreadCompactStartParams, result: ThreadCompactStartResponse }),
  "thread/goal/set": request({ params: ThreadGoalSetParams, result: ThreadGoalSetResponse }),
  "thread/goal/get": request({ params: ThreadGoalGetParams, result: ThreadGoalGetResponse }),
  "thread/goal/clear": request({ params: ThreadGoalClearParams, result: ThreadGoalClearResponse }),
  "thread/queue/add": request({ params: threadQueue.ThreadQueueAddParams, result: threadQueue.ThreadQueueAddResponse, experimental: true }),
  "thread/queue/list": request({ params: threadQueue.ThreadQueueListParams, result: threadQueue.ThreadQueueListResponse, experimental: true }),
  "thread/queue/update": request({ params: threadQueue.ThreadQueueUpdateParams, result: threadQueue.ThreadQueueUpdateResponse, experimental: true }),
  "thread/queue/delete": request({ params: threadQueue.ThreadQueueDeleteParams, result: threadQueue.ThreadQueueDeleteResponse, experimental: true }),
  "thread/queue/reorder": request({ params: threadQueue.ThreadQueueReorderParams, result: threadQueue.ThreadQueueReorderResponse, experimental: true }),
  "thread/queue/start": request({ params: threadQueue.ThreadQueueStartParams, result: threadQueue.ThreadQueueStartResponse, experimental: true }),
  // Sections, attachments and the other niche methods of the reference's stable surface.
  "threadSection/list": request({ params: threadSections.ThreadSectionListParams, result: threadSections.ThreadSectionListResponse }),
  "threadSection/create": request({
    params: threadSections.ThreadSectionCreateParams,
    result: threadSections.ThreadSectionCreateResponse,
  }),
  "threadSection/update": request({
    params: threadSections.ThreadSectionUpdateParams,
    result: threadSections.ThreadSectionUpdateResponse,
  }),
  "threadSection/delete": request({
    params: threadSections.ThreadSectionDeleteParams,
    result: threadSections.ThreadSectionDeleteResponse,
  }),
  "thread/section/move": request({ params: threadSections.ThreadSectionMoveParams, result: threadSections.ThreadSectionMoveResponse }),
  "thread/attachment/add": request({
    params: threadAttachments.ThreadAttachmentAddParams,
    result: threadAttachments.ThreadAttachmentAddResponse,
  }),
  "thread/attachment/list": request({
    params: threadAttachments.ThreadAttachmentListParams,
    result: threadAttachments.ThreadAttachmentListResponse,
  }),
  "thread/attachment/remove": request({
    params: threadAttachments.ThreadAttachmentRemoveParams,
    result: threadAttachments.ThreadAttachmentRemoveResponse,
  }),
  "thread/attachmentOwner/list": request({
    params: threadAttachments.ThreadAttachmentOwnerListParams,
    result: threadAttachments.ThreadAttachmentOwnerListResponse,
  }),
  "thread/approveGuardianDeniedAction": request({
    params: guardian.ThreadApproveGuardianDeniedActionParams,
    result: guardian.ThreadApproveGuardianDeniedActionResponse,
  }),
  "windowsSandbox/readiness": request({ params: null, result: windowsSandbox.WindowsSandboxReadinessResponse }),
  "windowsSandbox/setupStart": request({
    params: windowsSandbox.WindowsSandboxSetupStartParams,
    result: windowsSandbox.WindowsSandboxSetupStartResponse,
  }),
  "app/read": request({ params: apps.AppsReadParams, result: apps.AppsReadResponse }),
  "account/gatewayOAuth/read": request({
    params: gatewayOAuth.GatewayOAuthReadParams,
    paramsOptional: true,
    result: gatewayOAuth.GatewayOAuthReadResponse,
  }),
  "account/gatewayOAuth/login": request({
    params: gatewayOAuth.GatewayOAuthLoginParams,
    paramsOptional: true,
    result: gatewayOAuth.GatewayOAuthLoginResponse,
  }),
  "account/gatewayOAuth/cancel": request({ params: null, result: gatewayOAuth.GatewayOAuthCancelResponse }),
  "remoteControl/status/read": request({ params: null, result: RemoteControlStatusReadResponse, experimental: true }),
  "thread/inject_items": request({ params: ThreadInjectItemsParams, result: ThreadInjectItemsResponse }),
  "thread/shellCommand": request({ params: threadActions.ThreadShellCommandParams, result: threadActions.ThreadShellCommandResponse }),
  "thread/revert": request({ params: threadActions.ThreadRevertParams, result: threadActions.ThreadRevertResponse }),
  "thread/items/read": request({
    params: threadActions.ThreadItemsReadParams,
    result: threadActions.ThreadItemsReadResponse,
    experimental: true,
  }),
  "thread/settings/update": request({
    params: threadActions.ThreadSettingsUpdateParams,
    result: threadActions.ThreadSettingsUpdateResponse,
    experimental: true,
  }),
  "turn/settings/update": request({
    params: threadActions.TurnSettingsUpdateParams,
    result: threadActions.TurnSettingsUpdateResponse,
    experimental: true,
  }),
  "thread/backgroundTerminals/list": request({
    params: threadActions.ThreadBackgroundTerminalsListParams,
    result: threadActions.ThreadBackgroundTerminalsListResponse,
    experimental: true,
  }),
  "thread/backgroundTerminals/terminate": request({
    params: threadActions.ThreadBackgroundTerminalsTerminateParams,
    result: threadActions.ThreadBackgroundTerminalsTerminateResponse,
    experimental: true,
  }),
  "thread/backgroundTerminals/clean": request({
    params: threadActions.ThreadBackgroundTerminalsCleanParams,
    result: threadActions.ThreadBackgroundTerminalsCleanResponse,
    experimental: true,
  }),
  "turn/start": request({ params: TurnStartParams, result: TurnStartResponse }),
  "turn/steer": request({ params: TurnSteerParams, result: TurnSteerResponse }),
  "turn/interrupt": request({ params: TurnInterruptParams, result: TurnInterruptResponse }),
  "review/start": request({ params: ReviewStartParams, result: ReviewStartResponse }),
  "feedback/upload": request({ params: FeedbackUploadParams, result: FeedbackUploadResponse }),
  "feedback/save": request({ params: FeedbackSaveParams, result: FeedbackSaveResponse }),
  "command/exec": request({ params: CommandExecParams, result: CommandExecResponse }),
  "command/exec/write": request({ params: CommandExecWriteParams, result: CommandExecWriteResponse }),
  "command/exec/terminate": request({ params: CommandExecTerminateParams, result: CommandExecTerminateResponse }),
  "command/exec/resize": request({ params: CommandExecResizeParams, result: CommandExecResizeResponse }),
  "server/diagnostics": request({
    params: diagnostics.ServerDiagnosticsParams,
    result: diagnostics.ServerDiagnosticsResponse,
    experimental: true,
  }),
  "process/spawn": request({ params: processes.ProcessSpawnParams, result: processes.ProcessSpawnResponse, experimental: true }),
  "process/writeStdin": request({
    params: processes.ProcessWriteStdinParams,
    result: processes.ProcessWriteStdinResponse,
    experimental: true,
  }),
  "process/kill": request({ params: processes.ProcessKillParams, result: processes.ProcessKillResponse, experimental: true }),
  "process/resizePty": request({
    params: processes.ProcessResizePtyParams,
    result: processes.ProcessResizePtyResponse,
    experimental: true,
  }),
  "fs/readFile": request({ params: FsReadFileParams, result: FsReadFileResponse }),
  "fs/writeFile": request({ params: FsWriteFileParams, result: FsWriteFileResponse }),
  "fs/createDirectory": request({ params: FsCreateDirectoryParams, result: FsCreateDirectoryResponse }),
  "fs/getMetadata": request({ params: FsGetMetadataParams, result: FsGetMetadataResponse }),
  "fs/readDirectory": request({ params: FsReadDirectoryParams, result: FsReadDirectoryResponse }),
  "fs/remove": request({ params: FsRemoveParams, result: FsRemoveResponse }),
  "fs/copy": request({ params: FsCopyParams, result: FsCopyResponse }),
  "fs/watch": request({ params: FsWatchParams, result: FsWatchResponse }),
  "fs/unwatch": request({ params: FsUnwatchParams, result: FsUnwatchResponse }),
  fuzzyFileSearch: request({ params: FuzzyFileSearchParams, result: FuzzyFileSearchResponse }),
  "fuzzyFileSearch/sessionStart": request({
    params: FuzzyFileSearchSessionStartParams,
    result: FuzzyFileSearchSessionStartResponse,
    experimental: true,
  }),
  "fuzzyFileSearch/sessionUpdate": request({
    params: FuzzyFileSearchSessionUpdateParams,
    result: FuzzyFileSearchSessionUpdateResponse,
    experimental: true,
  }),
  "fuzzyFileSearch/sessionStop": request({
    params: FuzzyFileSearchSessionStopParams,
    result: FuzzyFileSearchSessionStopResponse,
    experimental: true,
  }),
  "mock/experimentalMethod": request({
    params: MockExperimentalMethodParams,
    result: MockExperimentalMethodResponse,
    experimental: true,
  }),
  "config/read": request({ params: ConfigReadParams, result: ConfigReadResponse }),
  "config/value/write": request({ params: ConfigValueWriteParams, result: ConfigWriteResponse }),
  "config/batchWrite": request({ params: ConfigBatchWriteParams, result: ConfigWriteResponse }),
  "configRequirements/read": request({ params: null, result: ConfigRequirementsReadResponse }),
  "modelProvider/list": request({ params: ModelProviderListParams, result: ModelProviderListResponse, paramsOptional: true }),
  "modelProvider/config/write": request({ params: ModelProviderConfigWriteParams, result: ModelProviderConfigWriteResponse }),
  "modelProvider/capabilities/read": request({
    params: ModelProviderCapabilitiesReadParams,
    result: ModelProviderCapabilitiesReadResponse,
    paramsOptional: true,
  }),
  "permissionProfile/list": request({ params: PermissionProfileListParams, result: PermissionProfileListResponse, paramsOptional: true }),
  "model/list": request({ params: ModelListParams, result: ModelListResponse }),
  "hooks/list": request({ params: HooksListParams, result: HooksListResponse }),
  "externalAgentConfig/detect": request({ params: ExternalAgentConfigDetectParams, result: ExternalAgentConfigDetectResponse }),
  "externalAgentConfig/import": request({ params: ExternalAgentConfigImportParams, result: ExternalAgentConfigImportResponse }),
  "externalAgentConfig/import/recordHistory": request({
    params: ExternalAgentConfigImportHistoryRecordParams,
    result: ExternalAgentConfigImportHistoryRecordResponse,
  }),
  "externalAgentConfig/import/readHistories": request({ params: null, result: ExternalAgentConfigImportHistoriesReadResponse }),
  "skills/list": request({ params: SkillsListParams, result: SkillsListResponse }),
  "skills/extraRoots/set": request({ params: SkillsExtraRootsSetParams, result: SkillsExtraRootsSetResponse }),
  "skills/config/write": request({ params: SkillsConfigWriteParams, result: SkillsConfigWriteResponse }),
  "plugin/installed": request({ params: plugins.PluginInstalledParams, result: plugins.PluginInstalledResponse }),
  "plugin/list": request({ params: plugins.PluginListParams, result: plugins.PluginListResponse }),
  "plugin/search": request({ params: plugins.PluginSearchParams, result: plugins.PluginSearchResponse, experimental: true }),
  "plugin/read": request({ params: plugins.PluginReadParams, result: plugins.PluginReadResponse }),
  "plugin/install": request({ params: plugins.PluginInstallParams, result: plugins.PluginInstallResponse }),
  "plugin/uninstall": request({ params: plugins.PluginUninstallParams, result: plugins.PluginUninstallResponse }),
  "plugin/skill/read": request({ params: plugins.PluginSkillReadParams, result: plugins.PluginSkillReadResponse }),
  "plugin/reconcile": request({ params: plugins.PluginReconcileParams, result: plugins.PluginReconcileResponse }),
  "plugin/share/save": request({ params: plugins.PluginShareSaveParams, result: plugins.PluginShareSaveResponse }),
  "plugin/share/updateTargets": request({ params: plugins.PluginShareUpdateTargetsParams, result: plugins.PluginShareUpdateTargetsResponse }),
  "plugin/share/list": request({ params: plugins.PluginShareListParams, result: plugins.PluginShareListResponse }),
  "plugin/share/checkout": request({ params: plugins.PluginShareCheckoutParams, result: plugins.PluginShareCheckoutResponse }),
  "plugin/share/delete": request({ params: plugins.PluginShareDeleteParams, result: plugins.PluginShareDeleteResponse }),
  "marketplace/add": request({ params: plugins.MarketplaceAddParams, result: plugins.MarketplaceAddResponse }),
  "marketplace/remove": request({ params: plugins.MarketplaceRemoveParams, result: plugins.MarketplaceRemoveResponse }),
  "marketplace/upgrade": request({ params: plugins.MarketplaceUpgradeParams, result: plugins.MarketplaceUpgradeResponse }),
  "app/installed": request({ params: AppsInstalledParams, result: AppsInstalledResponse }),
  "app/list": request({ params: AppsListParams, result: AppsListResponse }),
  "collaborationMode/list": request({
    params: CollaborationModeListParams,
    result: CollaborationModeListResponse,
    experimental: true,
  }),
  "account/bedrock/checkGovCloudRequirements": request({
    params: BedrockCheckGovCloudRequirementsParams,
    result: BedrockCheckGovCloudRequirementsResponse,
    experimental: true,
  }),
  "mcpServerStatus/list": request({ params: ListMcpServerStatusParams, result: ListMcpServerStatusResponse }),
  "experimentalFeature/list": request({ params: ExperimentalFeatureListParams, result: ExperimentalFeatureListResponse }),
  "experimentalFeature/enablement/set": request({
    params: ExperimentalFeatureEnablementSetParams,
    result: ExperimentalFeatureEnablementSetResponse,
  }),
  "config/mcpServer/reload": request({ params: null, result: McpServerRefreshResponse }),
  "mcpServer/tool/call": request({ params: McpServerToolCallParams, result: McpServerToolCallResponse }),
  "mcpServer/resource/read": request({ params: McpResourceReadParams, result: McpResourceReadResponse }),
  "mcpServer/oauth/login": request({ params: McpServerOauthLoginParams, result: McpServerOauthLoginResponse }),
  "mcpServer/event/stream/start": request({
    params: McpServerEventStreamStartParams,
    result: McpServerEventStreamStartResponse,
    experimental: true,
  }),
  "mcpServer/event/stream/stop": request({
    params: McpServerEventStreamStopParams,
    result: McpServerEventStreamStopResponse,
    experimental: true,
  }),
} as const;

/** Client → server notifications. */
export const clientNotifications = {
  initialized: notification({ params: null }),
} as const;

/** Server → client notifications. */
export const serverNotifications = {
  "account/updated": notification({ params: AccountUpdatedNotification }),
  "account/login/completed": notification({ params: AccountLoginCompletedNotification }),
  "account/rateLimits/updated": notification({ params: AccountRateLimitsUpdatedNotification }),
  error: notification({ params: ErrorNotification }),
  "thread/started": notification({ params: ThreadStartedNotification }),
  "skills/changed": notification({ params: SkillsChangedNotification }),
  "hook/started": notification({ params: HookStartedNotification }),
  "externalAgentConfig/import/progress": notification({ params: ExternalAgentConfigImportProgressNotification }),
  "externalAgentConfig/import/completed": notification({ params: ExternalAgentConfigImportCompletedNotification }),
  "hook/completed": notification({ params: HookCompletedNotification }),
  "thread/status/changed": notification({ params: ThreadStatusChangedNotification }),
  "thread/archived": notification({ params: ThreadArchivedNotification }),
  "thread/unarchived": notification({ params: ThreadUnarchivedNotification }),
  "thread/deleted": notification({ params: ThreadDeletedNotification }),
  "thread/closed": notification({ params: ThreadClosedNotification }),
  "thread/name/updated": notification({ params: ThreadNameUpdatedNotification }),
  "thread/goal/updated": notification({ params: ThreadGoalUpdatedNotification }),
  "thread/goal/cleared": notification({ params: ThreadGoalClearedNotification }),
  "thread/queue/changed": notification({ params: threadQueue.ThreadQueueChangedNotification, experimental: true }),
  "thread/section/changed": notification({ params: threadSections.ThreadSectionChangedNotification }),
  "thread/attachment/updated": notification({ params: threadAttachments.ThreadAttachmentUpdatedNotification }),
  "windowsSandbox/setupCompleted": notification({ params: windowsSandbox.WindowsSandboxSetupCompletedNotification }),
  "account/gatewayOAuth/changed": notification({ params: gatewayOAuth.GatewayOAuthChangedNotification }),
  "thread/tokenUsage/updated": notification({ params: ThreadTokenUsageUpdatedNotification }),
  "thread/compacted": notification({ params: ContextCompactedNotification }),
  "thread/readState/changed": notification({ params: ThreadReadStateChangedNotification }),
  "thread/settings/updated": notification({ params: ThreadSettingsUpdatedNotification }),
  "thread/reverted": notification({ params: threadActions.ThreadRevertedNotification }),
  "turn/started": notification({ params: TurnStartedNotification }),
  "turn/completed": notification({ params: TurnCompletedNotification }),
  "turn/diff/updated": notification({ params: TurnDiffUpdatedNotification }),
  "turn/plan/updated": notification({ params: TurnPlanUpdatedNotification }),
  "turn/moderationMetadata": notification({ params: TurnModerationMetadataNotification }),
  "model/rerouted": notification({ params: ModelReroutedNotification }),
  "model/verification": notification({ params: ModelVerificationNotification }),
  "model/safetyBuffering/updated": notification({ params: ModelSafetyBufferingUpdatedNotification }),
  "item/started": notification({ params: ItemStartedNotification }),
  "item/completed": notification({ params: ItemCompletedNotification }),
  "item/agentMessage/delta": notification({ params: AgentMessageDeltaNotification }),
  "item/plan/delta": notification({ params: PlanDeltaNotification }),
  "item/commandExecution/outputDelta": notification({ params: CommandExecutionOutputDeltaNotification }),
  "item/commandExecution/terminalInteraction": notification({ params: TerminalInteractionNotification }),
  "command/exec/outputDelta": notification({ params: CommandExecOutputDeltaNotification }),
  "process/outputDelta": notification({ params: processes.ProcessOutputDeltaNotification, experimental: true }),
  "process/exited": notification({ params: processes.ProcessExitedNotification, experimental: true }),
  "fs/changed": notification({ params: FsChangedNotification }),
  "fuzzyFileSearch/sessionUpdated": notification({ params: FuzzyFileSearchSessionUpdatedNotification }),
  "fuzzyFileSearch/sessionCompleted": notification({ params: FuzzyFileSearchSessionCompletedNotification }),
  "item/reasoning/summaryTextDelta": notification({ params: ReasoningSummaryTextDeltaNotification }),
  "item/reasoning/summaryPartAdded": notification({ params: ReasoningSummaryPartAddedNotification }),
  "item/reasoning/textDelta": notification({ params: ReasoningTextDeltaNotification }),
  "serverRequest/resolved": notification({ params: ServerRequestResolvedNotification }),
  configWarning: notification({ params: ConfigWarningNotification }),
  "mcpServer/startupStatus/updated": notification({ params: McpServerStatusUpdatedNotification }),
  "item/mcpToolCall/progress": notification({ params: McpToolCallProgressNotification }),
  "mcpServer/oauthLogin/completed": notification({ params: McpServerOauthLoginCompletedNotification }),
  "mcpServer/event/stream/notification": notification({ params: McpServerEventStreamNotification, experimental: true }),
  warning: notification({ params: WarningNotification }),
  guardianWarning: notification({ params: guardian.GuardianWarningNotification }),
  "item/autoApprovalReview/started": notification({ params: guardian.ItemGuardianApprovalReviewStartedNotification }),
  "item/autoApprovalReview/completed": notification({ params: guardian.ItemGuardianApprovalReviewCompletedNotification }),
  "autoApprovalReview/strictReviewRequired": notification({ params: guardian.StrictReviewRequiredNotification }),
  deprecationNotice: notification({ params: DeprecationNoticeNotification }),
  "remoteControl/status/changed": notification({ params: RemoteControlStatusChangedNotification }),
} as const;

/** Server → client requests (approvals, token refresh, ...). */
export const serverRequests = {
  "item/commandExecution/requestApproval": request({
    params: CommandExecutionRequestApprovalParams,
    result: CommandExecutionRequestApprovalResponse,
  }),
  "item/fileChange/requestApproval": request({
    params: FileChangeRequestApprovalParams,
    result: FileChangeRequestApprovalResponse,
  }),
  "item/tool/requestUserInput": request({
    params: ToolRequestUserInputParams,
    result: ToolRequestUserInputResponse,
  }),
  "item/tool/call": request({
    params: DynamicToolCallParams,
    result: DynamicToolCallResponse,
  }),
  "mcpServer/elicitation/request": request({
    params: McpServerElicitationRequestParams,
    result: McpServerElicitationRequestResponse,
  }),
  "account/chatgptAuthTokens/refresh": request({
    params: ChatgptAuthTokensRefreshParams,
    result: ChatgptAuthTokensRefreshResponse,
  }),
} as const satisfies Record<string, RequestSpec>;

/**
 * Notifications of experimental features that the reference writes only to
 * connections with `experimentalApi` (the read state belongs to the
 * experimental `thread/readState/update`).
 */
export const experimentalClientNotifications: ReadonlySet<string> = new Set(["thread/readState/changed"]);

export type ClientRequests = typeof clientRequests;
export type ClientMethod = keyof ClientRequests;
export type ServerNotifications = typeof serverNotifications;
export type ServerNotificationMethod = keyof ServerNotifications;
export type ServerRequests = typeof serverRequests;
export type ServerRequestMethod = keyof ServerRequests;

type Infer<S> = S extends ZodTypeAny ? z.infer<S> : undefined;
type InferInput<S> = S extends ZodTypeAny ? z.input<S> : undefined;

export type ParamsOf<M extends ClientMethod> = Infer<ClientRequests[M]["params"]>;
export type ResultOf<M extends ClientMethod> = z.input<ClientRequests[M]["result"]>;
export type NotificationParamsOf<M extends ServerNotificationMethod> = InferInput<ServerNotifications[M]["params"]>;
export type ServerRequestParamsOf<M extends ServerRequestMethod> = InferInput<ServerRequests[M]["params"]>;
export type ServerRequestResultOf<M extends ServerRequestMethod> = Infer<ServerRequests[M]["result"]>;

export function isClientMethod(method: string): method is ClientMethod {
  return Object.prototype.hasOwnProperty.call(clientRequests, method);
}
