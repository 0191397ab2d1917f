/**
 * marketplace/add, marketplace/remove and marketplace/upgrade as the
 * reference does them: a local marketplace is a folder recorded in
 * config.toml (`[marketplaces.<name>] source_type = "local"`); a git one
 * (`owner/repo` on GitHub or a git URL) is cloned into
 * `$CODEX_HOME/.tmp/marketplaces/<name>` and upgraded by cloning again.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { invalidRequest, RpcError } from "../../protocol/errors.js";
import { runGit } from "./git-checkout.js";
import { manifestInRoot, MarketplaceFileError, readMarketplaceFile, type Marketplace } from "./marketplace-file.js";
import { configuredMarketplaces, removeMarketplace, writeMarketplace, type ConfiguredMarketplace } from "./plugin-config.js";
import type { PluginCatalog } from "./plugin-catalog.js";

/** Written into a cloned marketplace: where it came from and the revision checked out. */
const INSTALL_METADATA = ".codex-marketplace-install.json";

const GITHUB_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GIT_URL = /^(https?:\/\/|ssh:\/\/|git@[^:\s]+:)\S+$/;

export interface MarketplaceAddRequest {
  source: string;
  refName?: string | null;
  sparsePaths?: readonly string[] | null;
}

type ParsedSource = { kind: "local"; path: string } | { kind: "git"; url: string };

function isLocalPath(source: string): boolean {
  return source.startsWith("/") || source.startsWith("~") || source === "." || source === ".." || source.startsWith("./") || source.startsWith("../");
}

function parseSource(raw: string): ParsedSource {
  const source = raw.trim();
  if (source === "") throw invalidRequest("marketplace source must not be empty");
  if (isLocalPath(source)) {
    const expanded = source.startsWith("~") ? path.join(os.homedir(), source.slice(1)) : source;
    return { kind: "local", path: path.resolve(expanded) };
  }
  if (GIT_URL.test(source)) return { kind: "git", url: source };
  if (GITHUB_REPO.test(source)) return { kind: "git", url: `https://github.com/${source}.git` };
  throw invalidRequest("invalid marketplace source format; expected owner/repo, a git URL, or a local marketplace path");
}

function loadMarketplace(root: string): Marketplace {
  const file = manifestInRoot(root);
  if (file === null) throw invalidRequest(`invalid marketplace file \`${root}\`: marketplace root does not contain a supported manifest`);
  try {
    return readMarketplaceFile(file);
  } catch (error) {
    if (error instanceof MarketplaceFileError) throw invalidRequest(error.message);
    throw error;
  }
}

function sameSource(a: ConfiguredMarketplace, b: ConfiguredMarketplace): boolean {
  return a.sourceType === b.sourceType && a.source === b.source && a.ref === b.ref;
}

export class MarketplaceManager {
  constructor(
    private readonly codexHome: string,
    private readonly catalog: PluginCatalog,
  ) {}

  private get marketplacesDir(): string {
    return path.join(this.codexHome, ".tmp", "marketplaces");
  }

  async add(request: MarketplaceAddRequest): Promise<{ marketplaceName: string; installedRoot: string; alreadyAdded: boolean }> {
    const source = parseSource(request.source);
    const sparsePaths = request.sparsePaths ?? [];
    if (source.kind === "local") {
      if (typeof request.refName === "string") throw invalidRequest("--ref is only supported for git marketplace sources");
      if (sparsePaths.length > 0) throw invalidRequest("--sparse is only supported for git marketplace sources");
      let root: string;
      try {
        root = realpathSync(source.path);
      } catch {
        throw invalidRequest("failed to resolve local marketplace source path: No such file or directory (os error 2)");
      }
      const marketplace = loadMarketplace(root);
      const entry: ConfiguredMarketplace = { name: marketplace.name, sourceType: "local", source: root, ref: null, sparsePaths: [] };
      return { marketplaceName: marketplace.name, installedRoot: root, alreadyAdded: this.record(entry) };
    }
    return this.addGit(source.url, request.refName ?? null, [...sparsePaths]);
  }

  /** Writes the config entry; true when the same marketplace was already there. */
  private record(entry: ConfiguredMarketplace): boolean {
    const existing = configuredMarketplaces(this.catalog.configFile).find((candidate) => candidate.name === entry.name);
    if (existing) {
      if (sameSource(existing, entry)) return true;
      throw invalidRequest(`marketplace '${entry.name}' is already added from a different source; remove it before adding this source`);
    }
    writeMarketplace(this.catalog.configFile, entry);
    return false;
  }

  /** Records the clone's source and revision inside it (upgrade compares the revision). */
  private async writeInstallMetadata(checkout: string, url: string, ref: string | null, sparsePaths: readonly string[]): Promise<void> {
    const revision = (await runGit(["rev-parse", "HEAD"], checkout)).trim();
    const metadata = { source_type: "git", source: url, ref_name: ref, sparse_paths: sparsePaths, revision };
    writeFileSync(path.join(checkout, INSTALL_METADATA), JSON.stringify(metadata, null, 2));
  }

  private async clone(url: string, ref: string | null, sparsePaths: readonly string[]): Promise<{ staging: string; checkout: string }> {
    const stagingParent = path.join(this.marketplacesDir, ".staging");
    mkdirSync(stagingParent, { recursive: true });
    const staging = mkdtempSync(path.join(stagingParent, `marketplace-${process.platform}-`));
    const checkout = path.join(staging, "checkout");
    try {
      await runGit(["clone", ...(ref !== null ? ["--branch", ref] : []), ...(sparsePaths.length > 0 ? ["--sparse"] : []), url, checkout]);
      if (sparsePaths.length > 0) await runGit(["sparse-checkout", "set", ...sparsePaths], checkout);
      await this.writeInstallMetadata(checkout, url, ref, sparsePaths);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    return { staging, checkout };
  }

  private async addGit(url: string, ref: string | null, sparsePaths: string[]): Promise<{ marketplaceName: string; installedRoot: string; alreadyAdded: boolean }> {
    const { staging, checkout } = await this.clone(url, ref, sparsePaths);
    try {
      const marketplace = loadMarketplace(checkout);
      const installedRoot = this.catalog.gitMarketplaceRoot(marketplace.name);
      const entry: ConfiguredMarketplace = { name: marketplace.name, sourceType: "git", source: url, ref, sparsePaths };
      const alreadyAdded = this.record(entry);
      if (!alreadyAdded || !existsSync(installedRoot)) {
        rmSync(installedRoot, { recursive: true, force: true });
        renameSync(checkout, installedRoot);
      }
      return { marketplaceName: marketplace.name, installedRoot, alreadyAdded };
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  remove(rawName: string): { marketplaceName: string; installedRoot: string | null } {
    const name = rawName.trim();
    if (name === "") throw invalidRequest("invalid marketplace name: must not be empty");
    const wasConfigured = removeMarketplace(this.catalog.configFile, name);
    const installed = this.catalog.gitMarketplaceRoot(name);
    const wasInstalled = existsSync(installed);
    if (!wasConfigured && !wasInstalled) throw invalidRequest(`marketplace \`${name}\` is not configured or installed`);
    if (wasInstalled) rmSync(installed, { recursive: true, force: true });
    return { marketplaceName: name, installedRoot: wasInstalled ? installed : null };
  }

  async upgrade(name: string | null | undefined): Promise<{ selectedMarketplaces: string[]; upgradedRoots: string[]; errors: Array<{ marketplaceName: string; message: string }> }> {
    const git = configuredMarketplaces(this.catalog.configFile).filter((entry) => entry.sourceType === "git");
    let selected = git;
    if (typeof name === "string") {
      selected = git.filter((entry) => entry.name === name);
      if (selected.length === 0) throw invalidRequest(`marketplace \`${name}\` is not configured as a Git marketplace`);
    }
    const upgradedRoots: string[] = [];
    const errors: Array<{ marketplaceName: string; message: string }> = [];
    for (const entry of selected) {
      try {
        const root = await this.upgradeOne(entry);
        if (root !== null) upgradedRoots.push(root);
      } catch (error) {
        errors.push({ marketplaceName: entry.name, message: error instanceof RpcError || error instanceof Error ? error.message : String(error) });
      }
    }
    return { selectedMarketplaces: selected.map((entry) => entry.name), upgradedRoots, errors };
  }

  /** The revision the installed clone was made from, or null when unknown. */
  private installedRevision(root: string): string | null {
    try {
      const metadata: unknown = JSON.parse(readFileSync(path.join(root, INSTALL_METADATA), "utf8"));
      const revision = (metadata as { revision?: unknown }).revision;
      return typeof revision === "string" ? revision : null;
    } catch {
      return null;
    }
  }

  /** Clones the marketplace again when the remote revision moved (or the clone is missing); its root then, else null. */
  private async upgradeOne(entry: ConfiguredMarketplace): Promise<string | null> {
    const installedRoot = this.catalog.gitMarketplaceRoot(entry.name);
    const remote = (await runGit(["ls-remote", entry.source, entry.ref ?? "HEAD"])).split(/\s/)[0] ?? "";
    if (existsSync(installedRoot) && remote !== "" && remote === this.installedRevision(installedRoot)) return null;
    const { staging, checkout } = await this.clone(entry.source, entry.ref, entry.sparsePaths);
    try {
      loadMarketplace(checkout);
      rmSync(installedRoot, { recursive: true, force: true });
      renameSync(checkout, installedRoot);
      return installedRoot;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
}
