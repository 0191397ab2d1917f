/**
 * externalAgentConfig/*: finding another coding agent's settings (the
 * reference knows Claude Code's `~/.claude`, `.claude/`, `CLAUDE.md`,
 * `.mcp.json`, `~/.claude.json`) and importing them into Codex's files.
 */
import { z } from "zod";
import { Int } from "./common.js";
import { named } from "./schema-meta.js";

export const ExternalAgentConfigMigrationItemType = named(
  "ExternalAgentConfigMigrationItemType",
  z.enum(["AGENTS_MD", "CONFIG", "SKILLS", "PLUGINS", "MCP_SERVER_CONFIG", "SUBAGENTS", "HOOKS", "COMMANDS", "MEMORY", "SESSIONS"]),
);
export type ExternalAgentConfigMigrationItemType = z.infer<typeof ExternalAgentConfigMigrationItemType>;

const NameOnly = z.object({ name: z.string() });
export const SkillMigration = named("SkillMigration", NameOnly);
export const McpServerMigration = named("McpServerMigration", NameOnly);
export const HookMigration = named("HookMigration", NameOnly);
export const SubagentMigration = named("SubagentMigration", NameOnly);
export const CommandMigration = named("CommandMigration", NameOnly);
export const PluginsMigration = named("PluginsMigration", z.object({ marketplaceName: z.string(), pluginNames: z.array(z.string()) }));
export const SessionMigration = named("SessionMigration", z.object({ cwd: z.string(), path: z.string(), title: z.string().nullish() }));

export const MigrationDetails = named(
  "MigrationDetails",
  z.object({
    plugins: z.array(PluginsMigration).default([]),
    skills: z.array(SkillMigration).default([]),
    sessions: z.array(SessionMigration).default([]),
    mcpServers: z.array(McpServerMigration).default([]),
    hooks: z.array(HookMigration).default([]),
    subagents: z.array(SubagentMigration).default([]),
    commands: z.array(CommandMigration).default([]),
    memory: z.array(z.string()).optional(),
  }),
);
export type MigrationDetails = z.infer<typeof MigrationDetails>;

export const ExternalAgentConfigMigrationItem = named(
  "ExternalAgentConfigMigrationItem",
  z.object({
    itemType: ExternalAgentConfigMigrationItemType,
    description: z.string(),
    /** Null or empty: home-scoped; otherwise the repository the item belongs to. */
    cwd: z.string().nullish(),
    details: MigrationDetails.nullish(),
  }),
);
export type ExternalAgentConfigMigrationItem = z.infer<typeof ExternalAgentConfigMigrationItem>;

export const ExternalAgentConfigDetectParams = named(
  "ExternalAgentConfigDetectParams",
  z.object({
    includeHome: z.boolean().optional(),
    cwds: z.array(z.string()).nullish(),
    maxSessionAgeDays: Int.nullish(),
    maxSessions: Int.nullish(),
    migrationSource: z.string().nullish(),
    source: z.string().nullish(),
  }),
);
export type ExternalAgentConfigDetectParams = z.infer<typeof ExternalAgentConfigDetectParams>;

export const ExternalAgentDetectedConnectorCandidate = named(
  "ExternalAgentDetectedConnectorCandidate",
  z.object({ name: z.string(), sessionCount: Int, source: z.enum(["remoteMcpServersConfig", "sessionToolUse"]) }),
);

export const ExternalAgentConfigDetectResponse = named(
  "ExternalAgentConfigDetectResponse",
  z.object({
    items: z.array(ExternalAgentConfigMigrationItem),
    connectors: z.array(ExternalAgentDetectedConnectorCandidate).default([]),
  }),
);

export const ExternalAgentConfigImportParams = named(
  "ExternalAgentConfigImportParams",
  z.object({
    migrationItems: z.array(ExternalAgentConfigMigrationItem),
    migrationSource: z.string().nullish(),
    providerId: z.string().nullish(),
    source: z.string().nullish(),
  }),
);
export type ExternalAgentConfigImportParams = z.infer<typeof ExternalAgentConfigImportParams>;

export const ExternalAgentConfigImportResponse = named("ExternalAgentConfigImportResponse", z.object({ importId: z.string() }));

export const ExternalAgentConfigImportItemTypeSuccess = named(
  "ExternalAgentConfigImportItemTypeSuccess",
  z.object({
    itemType: ExternalAgentConfigMigrationItemType,
    cwd: z.string().nullable(),
    source: z.string().nullable(),
    target: z.string().nullable(),
    title: z.string().nullable(),
  }),
);
export type ExternalAgentConfigImportItemTypeSuccess = z.infer<typeof ExternalAgentConfigImportItemTypeSuccess>;

export const ExternalAgentConfigImportItemTypeFailure = named(
  "ExternalAgentConfigImportItemTypeFailure",
  // Optional fields: clients send failures back through import/recordHistory without them.
  z.object({
    itemType: ExternalAgentConfigMigrationItemType,
    errorType: z.string().nullish(),
    subErrorType: z.string().nullish(),
    failureStage: z.string(),
    message: z.string(),
    cwd: z.string().nullish(),
    source: z.string().nullish(),
  }),
);
export type ExternalAgentConfigImportItemTypeFailure = z.infer<typeof ExternalAgentConfigImportItemTypeFailure>;

export const ExternalAgentConfigImportTypeResult = named(
  "ExternalAgentConfigImportTypeResult",
  z.object({
    itemType: ExternalAgentConfigMigrationItemType,
    successes: z.array(ExternalAgentConfigImportItemTypeSuccess),
    failures: z.array(ExternalAgentConfigImportItemTypeFailure),
  }),
);
export type ExternalAgentConfigImportTypeResult = z.infer<typeof ExternalAgentConfigImportTypeResult>;

export const ExternalAgentConfigImportProgressNotification = named(
  "ExternalAgentConfigImportProgressNotification",
  z.object({ importId: z.string(), itemTypeResults: z.array(ExternalAgentConfigImportTypeResult) }),
);

export const ExternalAgentConfigImportCompletedNotification = named(
  "ExternalAgentConfigImportCompletedNotification",
  z.object({ importId: z.string(), itemTypeResults: z.array(ExternalAgentConfigImportTypeResult) }),
);

export const ExternalAgentImportedConnectorCandidate = named(
  "ExternalAgentImportedConnectorCandidate",
  z.object({ name: z.string(), sessionCount: Int, source: z.enum(["remoteMcpServersConfig"]) }),
);

/** One finished import, as `import/readHistories` lists it (successes and failures of every item type, in order). */
export const ExternalAgentConfigImportHistory = named(
  "ExternalAgentConfigImportHistory",
  z.object({
    importId: z.string(),
    providerId: z.string().nullable(),
    completedAtMs: Int,
    successes: z.array(ExternalAgentConfigImportItemTypeSuccess),
    failures: z.array(ExternalAgentConfigImportItemTypeFailure),
  }),
);
export type ExternalAgentConfigImportHistory = z.infer<typeof ExternalAgentConfigImportHistory>;

export const ExternalAgentConfigImportHistoriesReadResponse = named(
  "ExternalAgentConfigImportHistoriesReadResponse",
  z.object({ data: z.array(ExternalAgentConfigImportHistory), connectors: z.array(ExternalAgentImportedConnectorCandidate) }),
);

export const ExternalAgentConfigImportHistoryRecordSuccessParams = named(
  "ExternalAgentConfigImportHistoryRecordSuccessParams",
  z.object({
    itemType: ExternalAgentConfigMigrationItemType,
    cwd: z.string().nullish(),
    source: z.string().nullish(),
    target: z.string().nullish(),
    title: z.string().nullish(),
  }),
);

export const ExternalAgentConfigImportHistoryRecordTypeResultParams = named(
  "ExternalAgentConfigImportHistoryRecordTypeResultParams",
  z.object({
    itemType: ExternalAgentConfigMigrationItemType,
    successes: z.array(ExternalAgentConfigImportHistoryRecordSuccessParams),
    failures: z.array(ExternalAgentConfigImportItemTypeFailure),
  }),
);

export const ExternalAgentConfigImportHistoryRecordParams = named(
  "ExternalAgentConfigImportHistoryRecordParams",
  z.object({
    /** Opaque provider identifier for the externally completed import. */
    providerId: z.string(),
    itemTypeResults: z.array(ExternalAgentConfigImportHistoryRecordTypeResultParams),
  }),
);
export type ExternalAgentConfigImportHistoryRecordParams = z.infer<typeof ExternalAgentConfigImportHistoryRecordParams>;

export const ExternalAgentConfigImportHistoryRecordResponse = named(
  "ExternalAgentConfigImportHistoryRecordResponse",
  z.object({ importId: z.string() }),
);
