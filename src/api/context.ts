import type { SkillCatalog } from "../core/skills/catalog.js";
import type { PluginCatalog } from "../core/plugins/plugin-catalog.js";
import type { MarketplaceManager } from "../core/plugins/marketplaces.js";
import type { HookEngine } from "../core/hooks/hook-engine.js";
import type { ExternalAgentConfigService } from "../core/external-agent/service.js";
import type { FeedbackService } from "../core/feedback/feedback-service.js";
import type { LoginService } from "../auth/login/service.js";
import type { AuthManager } from "../auth/manager.js";
import type { RateLimitService } from "../backend/rate-limit-service.js";
import type { AccountReadService } from "../backend/account-reads.js";
import type { AccountSessionService } from "../backend/account-sessions.js";
import type { WorkspaceRoutingDiscovery } from "../backend/workspace-routing.js";
import type { RuntimeFeatureState } from "../config/features.js";
import type { LoadedConfig } from "../config/load.js";
import type { CommandExecManager } from "../core/command-exec.js";
import type { ProcessManager } from "../core/process-spawn.js";
import type { ServerDiagnostics } from "../core/server-diagnostics.js";
import type { FileSystemService } from "../core/workspace/file-system.js";
import type { FsWatchManager } from "../core/workspace/fs-watch.js";
import type { FuzzySearchService } from "../core/workspace/fuzzy/service.js";
import type { Broadcast, ClientConnection } from "../core/ports.js";
import type { McpManager } from "../core/mcp/manager.js";
import type { ThreadManager } from "../core/thread-manager.js";
import type { TurnService } from "../core/turns.js";
import type { ThreadQueueService } from "../core/thread-queue.js";
import type { Logger } from "../logging/logger.js";
import type { ModelCatalogService } from "../model/catalog-service.js";
import type { InitializeParams } from "../protocol/initialize.js";
import type { ClientMethod, ParamsOf, ResultOf } from "../protocol/registry.js";

/** The calling connection, as handlers see it (the server's `Session` satisfies it). */
export interface RequestConnection extends ClientConnection {
  readonly experimentalApi: boolean;
  readonly clientInfo: InitializeParams["clientInfo"] | undefined;
  completeHandshake(params: InitializeParams, userAgent: string): void;
}

/** The per-server services handlers use, built once by the composition root (src/server/app-server.ts). */
export interface ServerServices {
  readonly codexHome: string;
  /** The effective configuration (config.toml + `-c` overrides). */
  readonly config: LoadedConfig;
  /** Re-reads config.toml (after a config write), so new threads and turns see it. */
  reloadConfig(): LoadedConfig;
  /** Process-wide feature switches set by experimentalFeature/enablement/set (never persisted). */
  readonly runtimeFeatures: RuntimeFeatureState;
  readonly logger: Logger;
  /** Sends a notification to every connection. */
  readonly broadcast: Broadcast;
  /** The thread registry: loaded threads and the thread store. */
  readonly threads: ThreadManager;
  readonly turns: TurnService;
  /** The user-message queue (thread/queue/*). */
  readonly queue: ThreadQueueService;
  readonly commandExec: CommandExecManager;
  /** process/spawn and its controls, by connection. */
  readonly processes: ProcessManager;
  /** server/diagnostics: this process and its gauges. */
  readonly diagnostics: ServerDiagnostics;
  /** fs/readFile, fs/writeFile and the other one-shot fs/* requests. */
  readonly fileSystem: FileSystemService;
  /** fs/watch and fs/unwatch, by connection. */
  readonly fsWatch: FsWatchManager;
  /** The skills each cwd sees (`skills/*`), also offered to the model. */
  readonly skills: SkillCatalog;
  /** Local plugin marketplaces and installed plugins (`plugin/*`). */
  readonly plugins: PluginCatalog;
  /** Added plugin marketplaces (`marketplace/*`). */
  readonly marketplaces: MarketplaceManager;
  /** The configured hooks (`hooks/list`); the tool runtime runs the trusted ones. */
  readonly hooks: HookEngine;
  /** externalAgentConfig/detect and /import (another coding agent's settings). */
  readonly externalAgent: ExternalAgentConfigService;
  /** fuzzyFileSearch and its sessions, by connection. */
  readonly fuzzySearch: FuzzySearchService;
  /** Who is signed in (auth.json or client-supplied ChatGPT tokens). */
  readonly auth: AuthManager;
  /** ChatGPT browser and device-code logins, and logout (with token revocation). */
  readonly login: LoginService;
  /** account/rateLimits/read and account/rateLimitResetCredit/consume. */
  readonly rateLimits: RateLimitService;
  /** account/usage/read, account/workspaceMessages/read, account/securitySetup/read, account/sendAddCreditsNudgeEmail. */
  readonly accountReads: AccountReadService;
  /** accountSession/list and accountSession/switch. */
  readonly accountSessions: AccountSessionService;
  /** The `workspaceRouting` of account/read. */
  readonly workspaceRouting: WorkspaceRoutingDiscovery;
  /** The model catalogue (bundled, or fetched with ChatGPT login) served by model/list. */
  readonly modelCatalog: ModelCatalogService;
  /** The configured MCP servers (started after the first `initialize`). */
  readonly mcp: McpManager;
  /** feedback/save and feedback/upload (diagnostic bundles, redacted). */
  readonly feedback: FeedbackService;
}

export interface RequestContext {
  readonly services: ServerServices;
  readonly connection: RequestConnection;
  /** Cancelled by `$/cancelRequest`, connection close or server shutdown. */
  readonly signal: AbortSignal;
  /**
   * Runs `effect` once this request's successful response has been queued on
   * the connection, before anything queued later: notifications a request
   * causes (`thread/started` after `thread/start`...) follow its response.
   */
  afterResponse(effect: () => void): void;
}

export type Handler<M extends ClientMethod> = (
  params: ParamsOf<M>,
  context: RequestContext,
) => ResultOf<M> | Promise<ResultOf<M>>;

export type HandlerTable = { [M in ClientMethod]: Handler<M> };
