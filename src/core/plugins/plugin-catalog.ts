/**
 * Local plugins: the marketplaces the user can see (the home marketplace
 * `~/.agents/plugins/marketplace.json`, those added to config.toml, sorted by
 * name, then each asked-about cwd's repository), their plugins' summaries and
 * details, and installing (a copy in `$CODEX_HOME/plugins/cache/<marketplace>/
 * <plugin>/<version>` plus `[plugins."<id>"] enabled = true`) and
 * uninstalling them, as the reference does.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { invalidRequest } from "../../protocol/errors.js";
import type {
  MarketplaceLoadErrorInfo,
  PluginDetail,
  PluginMarketplaceEntry,
  PluginSummary,
  PluginAuthPolicy,
} from "../../protocol/plugins.js";
import { findRepoRoot } from "../external-agent/files.js";
import {
  manifestInRoot,
  marketplaceAt,
  MarketplaceFileError,
  pluginInMarketplace,
  readMarketplaceFile,
  type Marketplace,
  type MarketplacePlugin,
} from "./marketplace-file.js";
import { configuredMarketplaces, enablePlugin, enabledPluginIds, pluginEnabled, removePlugin } from "./plugin-config.js";
import {
  packageDescription,
  packageInterface,
  packageKeywords,
  packageMcpServers,
  packageSkills,
  packageVersion,
  pluginManifestFile,
  readPluginPackage,
  skillsRoot,
  type PluginPackage,
} from "./plugin-package.js";
import { remoteCatalogCall } from "./remote-plugins.js";

export interface PluginCatalogOptions {
  codexHome: string;
  /** The user's home (for `~/.agents/plugins`); defaults to `os.homedir()`. */
  homeDir?: string;
}

export interface MarketplaceListing {
  marketplaces: PluginMarketplaceEntry[];
  marketplaceLoadErrors: MarketplaceLoadErrorInfo[];
}

/** `name@marketplace` with both parts non-empty, else null. */
export function parseLocalPluginId(id: string): { name: string; marketplace: string } | null {
  const parts = id.split("@");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return null;
  return { name: parts[0]!, marketplace: parts[1]! };
}

export class PluginCatalog {
  constructor(private readonly options: PluginCatalogOptions) {}

  get configFile(): string {
    return path.join(this.options.codexHome, "config.toml");
  }

  private get cacheRoot(): string {
    return path.join(this.options.codexHome, "plugins", "cache");
  }

  private get homeDir(): string {
    return this.options.homeDir ?? os.homedir();
  }

  /** The skill folders of the installed, enabled plugins (their cached copies), for the skills catalog. */
  enabledSkillRoots(): Array<{ pluginId: string; pluginName: string; path: string }> {
    const roots: Array<{ pluginId: string; pluginName: string; path: string }> = [];
    for (const pluginId of enabledPluginIds(this.configFile)) {
      const local = parseLocalPluginId(pluginId);
      if (local === null) continue;
      const dir = this.installedDir(local.marketplace, local.name);
      let versions: string[];
      try {
        versions = readdirSync(dir).sort();
      } catch {
        continue;
      }
      if (versions.length === 0) continue;
      const root = skillsRoot(readPluginPackage(path.join(dir, versions[0]!)));
      if (existsSync(root)) roots.push({ pluginId, pluginName: local.name, path: root });
    }
    return roots;
  }

  /** The manifest files to list, in the reference's order, without duplicates. */
  private marketplaceFiles(cwds: readonly string[]): string[] {
    const files: string[] = [];
    const add = (root: string | null): void => {
      const file = root === null ? null : manifestInRoot(root);
      if (file !== null && !files.includes(file)) files.push(file);
    };
    add(this.homeDir);
    for (const configured of configuredMarketplaces(this.configFile)) {
      add(configured.sourceType === "git" ? this.gitMarketplaceRoot(configured.name) : configured.source);
    }
    for (const cwd of cwds) add(findRepoRoot(cwd));
    return files;
  }

  gitMarketplaceRoot(name: string): string {
    return path.join(this.options.codexHome, ".tmp", "marketplaces", name);
  }

  /**
   * Every visible marketplace with all its plugins; `onlyInstalled` keeps the
   * installed ones (and those named in `alsoNamed`), leaving out marketplaces
   * with none.
   */
  list(cwds: readonly string[], onlyInstalled = false, alsoNamed: readonly string[] = []): MarketplaceListing {
    const marketplaces: PluginMarketplaceEntry[] = [];
    const marketplaceLoadErrors: MarketplaceLoadErrorInfo[] = [];
    for (const file of this.marketplaceFiles(cwds)) {
      let marketplace: Marketplace;
      try {
        marketplace = readMarketplaceFile(file);
      } catch (error) {
        if (!(error instanceof MarketplaceFileError)) throw error;
        marketplaceLoadErrors.push({ marketplacePath: file, message: error.message });
        continue;
      }
      let plugins = marketplace.plugins.map((plugin) => this.summary(marketplace, plugin));
      if (onlyInstalled) plugins = plugins.filter((plugin) => plugin.installed || alsoNamed.includes(plugin.name));
      if (onlyInstalled && plugins.length === 0) continue;
      marketplaces.push({
        name: marketplace.name,
        path: marketplace.file,
        interface: marketplace.displayName === null ? null : { displayName: marketplace.displayName },
        plugins,
      });
    }
    return { marketplaces, marketplaceLoadErrors };
  }

  private packageOf(plugin: MarketplacePlugin): PluginPackage {
    return plugin.source.type === "local" ? readPluginPackage(plugin.source.path) : { dir: "", manifest: null };
  }

  private installedDir(marketplace: string, plugin: string): string {
    return path.join(this.cacheRoot, marketplace, plugin);
  }

  private isInstalled(marketplace: string, plugin: string): boolean {
    const dir = this.installedDir(marketplace, plugin);
    try {
      return readdirSync(dir).length > 0;
    } catch {
      return false;
    }
  }

  private summary(marketplace: Marketplace, plugin: MarketplacePlugin): PluginSummary {
    const pkg = this.packageOf(plugin);
    const id = `${plugin.name}@${marketplace.name}`;
    return {
      id,
      remotePluginId: null,
      version: null,
      localVersion: packageVersion(pkg),
      name: plugin.name,
      shareContext: null,
      source: plugin.source,
      installed: this.isInstalled(marketplace.name, plugin.name),
      installedAt: null,
      enabled: pluginEnabled(this.configFile, id),
      installPolicy: plugin.installPolicy,
      installPolicySource: null,
      mustShowInstallationInterstitial: null,
      authPolicy: plugin.authPolicy,
      availability: "AVAILABLE",
      disabledReason: null,
      eligiblePlanTypes: null,
      interface: packageInterface(pkg, plugin.category),
      keywords: packageKeywords(pkg),
    };
  }

  /** plugin/search on local marketplaces: plugins whose name, display name, description or keywords contain the term. */
  search(term: string, cwds: readonly string[]): Array<{ plugin: PluginSummary; marketplaceName: string; marketplacePath: string | null }> {
    const needle = term.trim().toLowerCase();
    const results: Array<{ plugin: PluginSummary; marketplaceName: string; marketplacePath: string | null }> = [];
    for (const marketplace of this.list(cwds).marketplaces) {
      for (const plugin of marketplace.plugins) {
        const haystack = [plugin.name, plugin.interface?.displayName, plugin.interface?.shortDescription, ...plugin.keywords]
          .filter((value): value is string => typeof value === "string")
          .map((value) => value.toLowerCase());
        if (needle === "" || haystack.some((value) => value.includes(needle))) {
          // As the reference: search results do not carry the enabled state.
          results.push({ plugin: { ...plugin, enabled: false }, marketplaceName: marketplace.name, marketplacePath: marketplace.path });
        }
      }
    }
    return results;
  }

  read(params: { pluginName: string; marketplacePath?: string | null; remoteMarketplaceName?: string | null }, hasChatgptAuth: boolean): PluginDetail {
    const file = this.localMarketplaceFile("plugin/read", params, "read remote plugin details", hasChatgptAuth);
    const marketplace = marketplaceAt(file);
    const plugin = pluginInMarketplace(marketplace, params.pluginName);
    const pkg = this.packageOf(plugin);
    return {
      marketplaceName: marketplace.name,
      marketplacePath: marketplace.file,
      summary: this.summary(marketplace, plugin),
      shareUrl: null,
      description: packageDescription(pkg),
      skills: pkg.manifest === null ? [] : packageSkills(pkg, plugin.name),
      onboardingSkill: null,
      hooks: [],
      apps: [],
      appTemplates: [],
      mcpServers: pkg.manifest === null ? [] : packageMcpServers(pkg),
      scheduledTasks: null,
    };
  }

  install(
    params: { pluginName: string; marketplacePath?: string | null; remoteMarketplaceName?: string | null },
    hasChatgptAuth: boolean,
  ): { authPolicy: PluginAuthPolicy } {
    const file = this.localMarketplaceFile("plugin/install", params, "read remote plugin details before install", hasChatgptAuth);
    const marketplace = marketplaceAt(file);
    const plugin = pluginInMarketplace(marketplace, params.pluginName);
    if (plugin.installPolicy === "NOT_AVAILABLE") {
      throw invalidRequest(`plugin \`${plugin.name}\` is not available for install in marketplace \`${marketplace.name}\``);
    }
    if (plugin.source.type !== "local" || pluginManifestFile(plugin.source.path) === null) throw invalidRequest("missing plugin.json");
    const version = packageVersion(readPluginPackage(plugin.source.path)) ?? "local";
    const target = this.installedDir(marketplace.name, plugin.name);
    // One installed version at a time: a reinstall replaces whatever was there.
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    cpSync(plugin.source.path, path.join(target, version), { recursive: true });
    enablePlugin(this.configFile, `${plugin.name}@${marketplace.name}`);
    return { authPolicy: plugin.authPolicy };
  }

  /** Removes the installed copy and the config entry; uninstalling what is not installed succeeds. */
  uninstall(pluginId: string, hasChatgptAuth: boolean): void {
    const local = parseLocalPluginId(pluginId);
    if (local === null) {
      if (pluginId === "" || pluginId.includes("@")) throw invalidRequest("invalid remote plugin id");
      remoteCatalogCall("resolve remote plugin before uninstall", hasChatgptAuth);
    }
    rmSync(this.installedDir(local.marketplace, local.name), { recursive: true, force: true });
    removePlugin(this.configFile, pluginId);
  }

  /** The local marketplace file a request names; exactly one of it and a remote marketplace must be given. */
  private localMarketplaceFile(
    method: string,
    params: { marketplacePath?: string | null; remoteMarketplaceName?: string | null },
    remoteContext: string,
    hasChatgptAuth: boolean,
  ): string {
    const hasPath = typeof params.marketplacePath === "string";
    const hasRemote = typeof params.remoteMarketplaceName === "string";
    if (hasPath === hasRemote) throw invalidRequest(`${method} requires exactly one of marketplacePath or remoteMarketplaceName`);
    if (hasRemote) remoteCatalogCall(remoteContext, hasChatgptAuth);
    const file = params.marketplacePath!;
    if (!existsSync(file)) throw invalidRequest(`marketplace file \`${file}\` does not exist`);
    return file;
  }
}
