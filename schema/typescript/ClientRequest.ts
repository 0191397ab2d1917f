// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AccountSessionsListParams } from "./AccountSessionsListParams";
import type { AccountSessionsSwitchParams } from "./AccountSessionsSwitchParams";
import type { AppsInstalledParams } from "./AppsInstalledParams";
import type { AppsListParams } from "./AppsListParams";
import type { AppsReadParams } from "./AppsReadParams";
import type { BedrockCheckGovCloudRequirementsParams } from "./BedrockCheckGovCloudRequirementsParams";
import type { CancelLoginAccountParams } from "./CancelLoginAccountParams";
import type { CollaborationModeListParams } from "./CollaborationModeListParams";
import type { CommandExecParams } from "./CommandExecParams";
import type { CommandExecResizeParams } from "./CommandExecResizeParams";
import type { CommandExecTerminateParams } from "./CommandExecTerminateParams";
import type { CommandExecWriteParams } from "./CommandExecWriteParams";
import type { ConfigBatchWriteParams } from "./ConfigBatchWriteParams";
import type { ConfigReadParams } from "./ConfigReadParams";
import type { ConfigValueWriteParams } from "./ConfigValueWriteParams";
import type { ConsumeAccountRateLimitResetCreditParams } from "./ConsumeAccountRateLimitResetCreditParams";
import type { ExperimentalFeatureEnablementSetParams } from "./ExperimentalFeatureEnablementSetParams";
import type { ExperimentalFeatureListParams } from "./ExperimentalFeatureListParams";
import type { ExternalAgentConfigDetectParams } from "./ExternalAgentConfigDetectParams";
import type { ExternalAgentConfigImportHistoryRecordParams } from "./ExternalAgentConfigImportHistoryRecordParams";
import type { ExternalAgentConfigImportParams } from "./ExternalAgentConfigImportParams";
import type { FeedbackSaveParams } from "./FeedbackSaveParams";
import type { FeedbackUploadParams } from "./FeedbackUploadParams";
import type { FsCopyParams } from "./FsCopyParams";
import type { FsCreateDirectoryParams } from "./FsCreateDirectoryParams";
import type { FsGetMetadataParams } from "./FsGetMetadataParams";
import type { FsReadDirectoryParams } from "./FsReadDirectoryParams";
import type { FsReadFileParams } from "./FsReadFileParams";
import type { FsRemoveParams } from "./FsRemoveParams";
import type { FsUnwatchParams } from "./FsUnwatchParams";
import type { FsWatchParams } from "./FsWatchParams";
import type { FsWriteFileParams } from "./FsWriteFileParams";
import type { FuzzyFileSearchParams } from "./FuzzyFileSearchParams";
import type { FuzzyFileSearchSessionStartParams } from "./FuzzyFileSearchSessionStartParams";
import type { FuzzyFileSearchSessionStopParams } from "./FuzzyFileSearchSessionStopParams";
import type { FuzzyFileSearchSessionUpdateParams } from "./FuzzyFileSearchSessionUpdateParams";
import type { GatewayOAuthLoginParams } from "./GatewayOAuthLoginParams";
import type { GatewayOAuthReadParams } from "./GatewayOAuthReadParams";
import type { GetAccountParams } from "./GetAccountParams";
import type { GetAccountRateLimitsParams } from "./GetAccountRateLimitsParams";
import type { GetAccountTokenUsageParams } from "./GetAccountTokenUsageParams";
import type { HooksListParams } from "./HooksListParams";
import type { InitializeParams } from "./InitializeParams";
import type { ListMcpServerStatusParams } from "./ListMcpServerStatusParams";
import type { LoginAccountParams } from "./LoginAccountParams";
import type { MarketplaceAddParams } from "./MarketplaceAddParams";
import type { MarketplaceRemoveParams } from "./MarketplaceRemoveParams";
import type { MarketplaceUpgradeParams } from "./MarketplaceUpgradeParams";
import type { McpResourceReadParams } from "./McpResourceReadParams";
import type { McpServerEventStreamStartParams } from "./McpServerEventStreamStartParams";
import type { McpServerEventStreamStopParams } from "./McpServerEventStreamStopParams";
import type { McpServerOauthLoginParams } from "./McpServerOauthLoginParams";
import type { McpServerToolCallParams } from "./McpServerToolCallParams";
import type { MockExperimentalMethodParams } from "./MockExperimentalMethodParams";
import type { ModelListParams } from "./ModelListParams";
import type { ModelProviderCapabilitiesReadParams } from "./ModelProviderCapabilitiesReadParams";
import type { ModelProviderConfigWriteParams } from "./ModelProviderConfigWriteParams";
import type { ModelProviderListParams } from "./ModelProviderListParams";
import type { PermissionProfileListParams } from "./PermissionProfileListParams";
import type { PluginInstallParams } from "./PluginInstallParams";
import type { PluginInstalledParams } from "./PluginInstalledParams";
import type { PluginListParams } from "./PluginListParams";
import type { PluginReadParams } from "./PluginReadParams";
import type { PluginReconcileParams } from "./PluginReconcileParams";
import type { PluginSearchParams } from "./PluginSearchParams";
import type { PluginShareCheckoutParams } from "./PluginShareCheckoutParams";
import type { PluginShareDeleteParams } from "./PluginShareDeleteParams";
import type { PluginShareListParams } from "./PluginShareListParams";
import type { PluginShareSaveParams } from "./PluginShareSaveParams";
import type { PluginShareUpdateTargetsParams } from "./PluginShareUpdateTargetsParams";
import type { PluginSkillReadParams } from "./PluginSkillReadParams";
import type { PluginUninstallParams } from "./PluginUninstallParams";
import type { ProcessKillParams } from "./ProcessKillParams";
import type { ProcessResizePtyParams } from "./ProcessResizePtyParams";
import type { ProcessSpawnParams } from "./ProcessSpawnParams";
import type { ProcessWriteStdinParams } from "./ProcessWriteStdinParams";
import type { RequestId } from "./RequestId";
import type { ReviewStartParams } from "./ReviewStartParams";
import type { SendAddCreditsNudgeEmailParams } from "./SendAddCreditsNudgeEmailParams";
import type { ServerDiagnosticsParams } from "./ServerDiagnosticsParams";
import type { SkillsConfigWriteParams } from "./SkillsConfigWriteParams";
import type { SkillsExtraRootsSetParams } from "./SkillsExtraRootsSetParams";
import type { SkillsListParams } from "./SkillsListParams";
import type { ThreadApproveGuardianDeniedActionParams } from "./ThreadApproveGuardianDeniedActionParams";
import type { ThreadArchiveParams } from "./ThreadArchiveParams";
import type { ThreadAttachmentAddParams } from "./ThreadAttachmentAddParams";
import type { ThreadAttachmentListParams } from "./ThreadAttachmentListParams";
import type { ThreadAttachmentOwnerListParams } from "./ThreadAttachmentOwnerListParams";
import type { ThreadAttachmentRemoveParams } from "./ThreadAttachmentRemoveParams";
import type { ThreadBackgroundTerminalsCleanParams } from "./ThreadBackgroundTerminalsCleanParams";
import type { ThreadBackgroundTerminalsListParams } from "./ThreadBackgroundTerminalsListParams";
import type { ThreadBackgroundTerminalsTerminateParams } from "./ThreadBackgroundTerminalsTerminateParams";
import type { ThreadCompactStartParams } from "./ThreadCompactStartParams";
import type { ThreadDecrementElicitationParams } from "./ThreadDecrementElicitationParams";
import type { ThreadDeleteParams } from "./ThreadDeleteParams";
import type { ThreadForkParams } from "./ThreadForkParams";
import type { ThreadGoalClearParams } from "./ThreadGoalClearParams";
import type { ThreadGoalGetParams } from "./ThreadGoalGetParams";
import type { ThreadGoalSetParams } from "./ThreadGoalSetParams";
import type { ThreadIncrementElicitationParams } from "./ThreadIncrementElicitationParams";
import type { ThreadInjectItemsParams } from "./ThreadInjectItemsParams";
import type { ThreadItemsListParams } from "./ThreadItemsListParams";
import type { ThreadItemsReadParams } from "./ThreadItemsReadParams";
import type { ThreadListParams } from "./ThreadListParams";
import type { ThreadLoadedListParams } from "./ThreadLoadedListParams";
import type { ThreadMetadataUpdateParams } from "./ThreadMetadataUpdateParams";
import type { ThreadQueueAddParams } from "./ThreadQueueAddParams";
import type { ThreadQueueDeleteParams } from "./ThreadQueueDeleteParams";
import type { ThreadQueueListParams } from "./ThreadQueueListParams";
import type { ThreadQueueReorderParams } from "./ThreadQueueReorderParams";
import type { ThreadQueueStartParams } from "./ThreadQueueStartParams";
import type { ThreadQueueUpdateParams } from "./ThreadQueueUpdateParams";
import type { ThreadReadParams } from "./ThreadReadParams";
import type { ThreadReadStateUpdateParams } from "./ThreadReadStateUpdateParams";
import type { ThreadResumeParams } from "./ThreadResumeParams";
import type { ThreadRevertParams } from "./ThreadRevertParams";
import type { ThreadSearchOccurrencesParams } from "./ThreadSearchOccurrencesParams";
import type { ThreadSearchParams } from "./ThreadSearchParams";
import type { ThreadSectionCreateParams } from "./ThreadSectionCreateParams";
import type { ThreadSectionDeleteParams } from "./ThreadSectionDeleteParams";
import type { ThreadSectionListParams } from "./ThreadSectionListParams";
import type { ThreadSectionMoveParams } from "./ThreadSectionMoveParams";
import type { ThreadSectionUpdateParams } from "./ThreadSectionUpdateParams";
import type { ThreadSetNameParams } from "./ThreadSetNameParams";
import type { ThreadSettingsUpdateParams } from "./ThreadSettingsUpdateParams";
import type { ThreadShellCommandParams } from "./ThreadShellCommandParams";
import type { ThreadStartParams } from "./ThreadStartParams";
import type { ThreadTurnsListParams } from "./ThreadTurnsListParams";
import type { ThreadUnarchiveParams } from "./ThreadUnarchiveParams";
import type { ThreadUnsubscribeParams } from "./ThreadUnsubscribeParams";
import type { TurnInterruptParams } from "./TurnInterruptParams";
import type { TurnSettingsUpdateParams } from "./TurnSettingsUpdateParams";
import type { TurnStartParams } from "./TurnStartParams";
import type { TurnSteerParams } from "./TurnSteerParams";
import type { WindowsSandboxSetupStartParams } from "./WindowsSandboxSetupStartParams";

/**
 * Request from the client to the server.
 */
export type ClientRequest =
  | { "method": "initialize", id: RequestId, params: InitializeParams }
  | { "method": "account/read", id: RequestId, params: GetAccountParams }
  | { "method": "account/login/start", id: RequestId, params: LoginAccountParams }
  | { "method": "account/login/cancel", id: RequestId, params: CancelLoginAccountParams }
  | { "method": "account/logout", id: RequestId, params: undefined }
  | { "method": "account/rateLimits/read", id: RequestId, params?: GetAccountRateLimitsParams | null }
  | { "method": "account/rateLimitResetCredit/consume", id: RequestId, params: ConsumeAccountRateLimitResetCreditParams }
  | { "method": "account/usage/read", id: RequestId, params?: GetAccountTokenUsageParams | null }
  | { "method": "account/workspaceMessages/read", id: RequestId, params: undefined }
  | { "method": "account/securitySetup/read", id: RequestId, params: undefined }
  | { "method": "account/sendAddCreditsNudgeEmail", id: RequestId, params: SendAddCreditsNudgeEmailParams }
  | { "method": "accountSession/list", id: RequestId, params: AccountSessionsListParams }
  | { "method": "accountSession/switch", id: RequestId, params: AccountSessionsSwitchParams }
  | { "method": "thread/start", id: RequestId, params: ThreadStartParams }
  | { "method": "thread/resume", id: RequestId, params: ThreadResumeParams }
  | { "method": "thread/fork", id: RequestId, params: ThreadForkParams }
  | { "method": "thread/archive", id: RequestId, params: ThreadArchiveParams }
  | { "method": "thread/unarchive", id: RequestId, params: ThreadUnarchiveParams }
  | { "method": "thread/delete", id: RequestId, params: ThreadDeleteParams }
  | { "method": "thread/unsubscribe", id: RequestId, params: ThreadUnsubscribeParams }
  | { "method": "thread/increment_elicitation", id: RequestId, params: ThreadIncrementElicitationParams }
  | { "method": "thread/decrement_elicitation", id: RequestId, params: ThreadDecrementElicitationParams }
  | { "method": "thread/name/set", id: RequestId, params: ThreadSetNameParams }
  | { "method": "thread/metadata/update", id: RequestId, params: ThreadMetadataUpdateParams }
  | { "method": "thread/list", id: RequestId, params: ThreadListParams }
  | { "method": "thread/loaded/list", id: RequestId, params: ThreadLoadedListParams }
  | { "method": "thread/read", id: RequestId, params: ThreadReadParams }
  | { "method": "thread/readState/update", id: RequestId, params: ThreadReadStateUpdateParams }
  | { "method": "thread/search", id: RequestId, params: ThreadSearchParams }
  | { "method": "thread/searchOccurrences", id: RequestId, params: ThreadSearchOccurrencesParams }
  | { "method": "thread/turns/list", id: RequestId, params: ThreadTurnsListParams }
  | { "method": "thread/items/list", id: RequestId, params: ThreadItemsListParams }
  | { "method": "thread/compact/start", id: RequestId, params: ThreadCompactStartParams }
  | { "method": "thread/goal/set", id: RequestId, params: ThreadGoalSetParams }
  | { "method": "thread/goal/get", id: RequestId, params: ThreadGoalGetParams }
  | { "method": "thread/goal/clear", id: RequestId, params: ThreadGoalClearParams }
  | { "method": "thread/queue/add", id: RequestId, params: ThreadQueueAddParams }
  | { "method": "thread/queue/list", id: RequestId, params: ThreadQueueListParams }
  | { "method": "thread/queue/update", id: RequestId, params: ThreadQueueUpdateParams }
  | { "method": "thread/queue/delete", id: RequestId, params: ThreadQueueDeleteParams }
  | { "method": "thread/queue/reorder", id: RequestId, params: ThreadQueueReorderParams }
  | { "method": "thread/queue/start", id: RequestId, params: ThreadQueueStartParams }
  | { "method": "threadSection/list", id: RequestId, params: ThreadSectionListParams }
  | { "method": "threadSection/create", id: RequestId, params: ThreadSectionCreateParams }
  | { "method": "threadSection/update", id: RequestId, params: ThreadSectionUpdateParams }
  | { "method": "threadSection/delete", id: RequestId, params: ThreadSectionDeleteParams }
  | { "method": "thread/section/move", id: RequestId, params: ThreadSectionMoveParams }
  | { "method": "thread/attachment/add", id: RequestId, params: ThreadAttachmentAddParams }
  | { "method": "thread/attachment/list", id: RequestId, params: ThreadAttachmentListParams }
  | { "method": "thread/attachment/remove", id: RequestId, params: ThreadAttachmentRemoveParams }
  | { "method": "thread/attachmentOwner/list", id: RequestId, params: ThreadAttachmentOwnerListParams }
  | { "method": "thread/approveGuardianDeniedAction", id: RequestId, params: ThreadApproveGuardianDeniedActionParams }
  | { "method": "windowsSandbox/readiness", id: RequestId, params: undefined }
  | { "method": "windowsSandbox/setupStart", id: RequestId, params: WindowsSandboxSetupStartParams }
  | { "method": "app/read", id: RequestId, params: AppsReadParams }
  | { "method": "account/gatewayOAuth/read", id: RequestId, params?: GatewayOAuthReadParams | null }
  | { "method": "account/gatewayOAuth/login", id: RequestId, params?: GatewayOAuthLoginParams | null }
  | { "method": "account/gatewayOAuth/cancel", id: RequestId, params: undefined }
  | { "method": "remoteControl/status/read", id: RequestId, params: undefined }
  | { "method": "thread/inject_items", id: RequestId, params: ThreadInjectItemsParams }
  | { "method": "thread/shellCommand", id: RequestId, params: ThreadShellCommandParams }
  | { "method": "thread/revert", id: RequestId, params: ThreadRevertParams }
  | { "method": "thread/items/read", id: RequestId, params: ThreadItemsReadParams }
  | { "method": "thread/settings/update", id: RequestId, params: ThreadSettingsUpdateParams }
  | { "method": "turn/settings/update", id: RequestId, params: TurnSettingsUpdateParams }
  | { "method": "thread/backgroundTerminals/list", id: RequestId, params: ThreadBackgroundTerminalsListParams }
  | { "method": "thread/backgroundTerminals/terminate", id: RequestId, params: ThreadBackgroundTerminalsTerminateParams }
  | { "method": "thread/backgroundTerminals/clean", id: RequestId, params: ThreadBackgroundTerminalsCleanParams }
  | { "method": "turn/start", id: RequestId, params: TurnStartParams }
  | { "method": "turn/steer", id: RequestId, params: TurnSteerParams }
  | { "method": "turn/interrupt", id: RequestId, params: TurnInterruptParams }
  | { "method": "review/start", id: RequestId, params: ReviewStartParams }
  | { "method": "feedback/upload", id: RequestId, params: FeedbackUploadParams }
  | { "method": "feedback/save", id: RequestId, params: FeedbackSaveParams }
  | { "method": "command/exec", id: RequestId, params: CommandExecParams }
  | { "method": "command/exec/write", id: RequestId, params: CommandExecWriteParams }
  | { "method": "command/exec/terminate", id: RequestId, params: CommandExecTerminateParams }
  | { "method": "command/exec/resize", id: RequestId, params: CommandExecResizeParams }
  | { "method": "server/diagnostics", id: RequestId, params: ServerDiagnosticsParams }
  | { "method": "process/spawn", id: RequestId, params: ProcessSpawnParams }
  | { "method": "process/writeStdin", id: RequestId, params: ProcessWriteStdinParams }
  | { "method": "process/kill", id: RequestId, params: ProcessKillParams }
  | { "method": "process/resizePty", id: RequestId, params: ProcessResizePtyParams }
  | { "method": "fs/readFile", id: RequestId, params: FsReadFileParams }
  | { "method": "fs/writeFile", id: RequestId, params: FsWriteFileParams }
  | { "method": "fs/createDirectory", id: RequestId, params: FsCreateDirectoryParams }
  | { "method": "fs/getMetadata", id: RequestId, params: FsGetMetadataParams }
  | { "method": "fs/readDirectory", id: RequestId, params: FsReadDirectoryParams }
  | { "method": "fs/remove", id: RequestId, params: FsRemoveParams }
  | { "method": "fs/copy", id: RequestId, params: FsCopyParams }
  | { "method": "fs/watch", id: RequestId, params: FsWatchParams }
  | { "method": "fs/unwatch", id: RequestId, params: FsUnwatchParams }
  | { "method": "fuzzyFileSearch", id: RequestId, params: FuzzyFileSearchParams }
  | { "method": "fuzzyFileSearch/sessionStart", id: RequestId, params: FuzzyFileSearchSessionStartParams }
  | { "method": "fuzzyFileSearch/sessionUpdate", id: RequestId, params: FuzzyFileSearchSessionUpdateParams }
  | { "method": "fuzzyFileSearch/sessionStop", id: RequestId, params: FuzzyFileSearchSessionStopParams }
  | { "method": "mock/experimentalMethod", id: RequestId, params: MockExperimentalMethodParams }
  | { "method": "config/read", id: RequestId, params: ConfigReadParams }
  | { "method": "config/value/write", id: RequestId, params: ConfigValueWriteParams }
  | { "method": "config/batchWrite", id: RequestId, params: ConfigBatchWriteParams }
  | { "method": "configRequirements/read", id: RequestId, params: undefined }
  | { "method": "modelProvider/list", id: RequestId, params?: ModelProviderListParams | null }
  | { "method": "modelProvider/config/write", id: RequestId, params: ModelProviderConfigWriteParams }
  | { "method": "modelProvider/capabilities/read", id: RequestId, params?: ModelProviderCapabilitiesReadParams | null }
  | { "method": "permissionProfile/list", id: RequestId, params?: PermissionProfileListParams | null }
  | { "method": "model/list", id: RequestId, params: ModelListParams }
  | { "method": "hooks/list", id: RequestId, params: HooksListParams }
  | { "method": "externalAgentConfig/detect", id: RequestId, params: ExternalAgentConfigDetectParams }
  | { "method": "externalAgentConfig/import", id: RequestId, params: ExternalAgentConfigImportParams }
  | { "method": "externalAgentConfig/import/recordHistory", id: RequestId, params: ExternalAgentConfigImportHistoryRecordParams }
  | { "method": "externalAgentConfig/import/readHistories", id: RequestId, params: undefined }
  | { "method": "skills/list", id: RequestId, params: SkillsListParams }
  | { "method": "skills/extraRoots/set", id: RequestId, params: SkillsExtraRootsSetParams }
  | { "method": "skills/config/write", id: RequestId, params: SkillsConfigWriteParams }
  | { "method": "plugin/installed", id: RequestId, params: PluginInstalledParams }
  | { "method": "plugin/list", id: RequestId, params: PluginListParams }
  | { "method": "plugin/search", id: RequestId, params: PluginSearchParams }
  | { "method": "plugin/read", id: RequestId, params: PluginReadParams }
  | { "method": "plugin/install", id: RequestId, params: PluginInstallParams }
  | { "method": "plugin/uninstall", id: RequestId, params: PluginUninstallParams }
  | { "method": "plugin/skill/read", id: RequestId, params: PluginSkillReadParams }
  | { "method": "plugin/reconcile", id: RequestId, params: PluginReconcileParams }
  | { "method": "plugin/share/save", id: RequestId, params: PluginShareSaveParams }
  | { "method": "plugin/share/updateTargets", id: RequestId, params: PluginShareUpdateTargetsParams }
  | { "method": "plugin/share/list", id: RequestId, params: PluginShareListParams }
  | { "method": "plugin/share/checkout", id: RequestId, params: PluginShareCheckoutParams }
  | { "method": "plugin/share/delete", id: RequestId, params: PluginShareDeleteParams }
  | { "method": "marketplace/add", id: RequestId, params: MarketplaceAddParams }
  | { "method": "marketplace/remove", id: RequestId, params: MarketplaceRemoveParams }
  | { "method": "marketplace/upgrade", id: RequestId, params: MarketplaceUpgradeParams }
  | { "method": "app/installed", id: RequestId, params: AppsInstalledParams }
  | { "method": "app/list", id: RequestId, params: AppsListParams }
  | { "method": "collaborationMode/list", id: RequestId, params: CollaborationModeListParams }
  | { "method": "account/bedrock/checkGovCloudRequirements", id: RequestId, params: BedrockCheckGovCloudRequirementsParams }
  | { "method": "mcpServerStatus/list", id: RequestId, params: ListMcpServerStatusParams }
  | { "method": "experimentalFeature/list", id: RequestId, params: ExperimentalFeatureListParams }
  | { "method": "experimentalFeature/enablement/set", id: RequestId, params: ExperimentalFeatureEnablementSetParams }
  | { "method": "config/mcpServer/reload", id: RequestId, params: undefined }
  | { "method": "mcpServer/tool/call", id: RequestId, params: McpServerToolCallParams }
  | { "method": "mcpServer/resource/read", id: RequestId, params: McpResourceReadParams }
  | { "method": "mcpServer/oauth/login", id: RequestId, params: McpServerOauthLoginParams }
  | { "method": "mcpServer/event/stream/start", id: RequestId, params: McpServerEventStreamStartParams }
  | { "method": "mcpServer/event/stream/stop", id: RequestId, params: McpServerEventStreamStopParams };
