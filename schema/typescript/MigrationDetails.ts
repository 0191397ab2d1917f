// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { CommandMigration } from "./CommandMigration";
import type { PluginsMigration } from "./PluginsMigration";
import type { SessionMigration } from "./SessionMigration";

export type MigrationDetails = {
  plugins?: Array<PluginsMigration>;
  skills?: Array<CommandMigration>;
  sessions?: Array<SessionMigration>;
  mcpServers?: Array<CommandMigration>;
  hooks?: Array<CommandMigration>;
  subagents?: Array<CommandMigration>;
  commands?: Array<CommandMigration>;
  memory?: Array<string>;
};
