/**
 * Importing a PLUGINS item as the reference does: refused for a repository
 * (plugin installs are user-wide) or without details; groups whose
 * marketplace is a local folder (or already configured) are installed at
 * once, git marketplaces are left for the end of the import.
 */
import path from "node:path";
import type { ExternalAgentConfigImportTypeResult, ExternalAgentConfigMigrationItem } from "../../protocol/external-agent.js";
import { partitionPluginGroups, PluginInstaller, type PluginOutcome, type PluginsMigration } from "./plugins.js";
import { effectiveExternalSettings } from "./settings.js";

/** Groups whose git marketplace is cloned once everything else is imported. */
export interface PendingPluginImport {
  cwd: string | null;
  groups: PluginsMigration[];
}

function homeSettings(agentHome: string): unknown {
  return effectiveExternalSettings(path.join(agentHome, "settings.json"));
}

function pluginResult(cwd: string | null, outcome: PluginOutcome): ExternalAgentConfigImportTypeResult {
  return {
    itemType: "PLUGINS",
    successes: outcome.succeeded.map((id) => ({ itemType: "PLUGINS" as const, cwd, source: id, target: id, title: null })),
    failures: outcome.failed.map((entry) => ({
      itemType: "PLUGINS" as const,
      errorType: entry.errorType,
      subErrorType: null,
      failureStage: "plugin_import",
      message: entry.message,
      cwd,
      source: entry.pluginId,
    })),
  };
}

/** Installs the item's plugins from local marketplaces now; the git ones are added to `pending`. */
export function importLocalPlugins(
  codexHome: string,
  agentHome: string,
  item: ExternalAgentConfigMigrationItem,
  pending: PendingPluginImport[],
): ExternalAgentConfigImportTypeResult {
  const cwd = item.cwd ? item.cwd : null;
  const failed = (message: string): ExternalAgentConfigImportTypeResult => ({
    itemType: "PLUGINS",
    successes: [],
    failures: [{ itemType: "PLUGINS", errorType: null, subErrorType: null, failureStage: "plugin_import", message, cwd, source: null }],
  });
  if (!item.details) return failed("plugins migration item is missing details");
  // A repository must not choose what runs for every project of the user.
  if (cwd !== null) return failed("repository-scoped plugin migration is not allowed");
  const outcome: PluginOutcome = { succeeded: [], failed: [] };
  try {
    const settings = homeSettings(agentHome);
    const { local, remote } = partitionPluginGroups(item.details.plugins, settings, agentHome);
    if (remote.length > 0) pending.push({ cwd, groups: remote });
    PluginInstaller.forHome(codexHome, settings, agentHome).installLocal(local, outcome);
  } catch (error) {
    return failed((error as Error).message);
  }
  return pluginResult(cwd, outcome);
}

/** Clones the pending groups' git marketplaces and installs their plugins. */
export async function importRemotePlugins(codexHome: string, agentHome: string, pending: PendingPluginImport): Promise<ExternalAgentConfigImportTypeResult> {
  const outcome: PluginOutcome = { succeeded: [], failed: [] };
  try {
    let settings: unknown = null;
    try {
      settings = homeSettings(agentHome);
    } catch {
      settings = null;
    }
    await PluginInstaller.forHome(codexHome, settings, agentHome).installRemote(pending.groups, outcome);
  } catch (error) {
    for (const group of pending.groups) {
      for (const name of group.pluginNames) outcome.failed.push({ pluginId: `${name}@${group.marketplaceName}`, message: (error as Error).message, errorType: null });
    }
  }
  return pluginResult(pending.cwd, outcome);
}
