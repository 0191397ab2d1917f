import { usesCodexBackend, type AuthManager, type ChatgptAuth } from "../auth/manager.js";
import type { TomlTable } from "../config/json-value.js";
import type { Logger } from "../logging/logger.js";
import { backendCredentialsOf } from "../backend/account-calls.js";
import { fetchModels, modelsCallSettings } from "../backend/models-call.js";
import type { TextRedactor } from "../util/secrets.js";
import { bundledModelCatalog, isListed } from "./catalog.js";
import { parseModelsResponse, type ModelInfo } from "./catalog-entry.js";
import { catalogIdentity, isFresh, readModelsCache, writeModelsCache, type ModelsCache } from "./catalog-cache.js";

/** Who a `/models` request is made for: sent as `user-agent` and `originator`. */
export interface CatalogCaller {
  userAgent?: string;
  originator?: string;
}

export interface ModelCatalogDeps {
  auth: Pick<AuthManager, "current">;
  codexHome: string;
  /** The effective config's values (`chatgpt_models_url`, `backend_timeouts.models_ms`). */
  configValues(): TomlTable;
  logger: Logger;
  shutdownSignal: AbortSignal;
  secrets: TextRedactor;
}

const DEFAULT_ORIGINATOR = "codex_cli_rs";

/**
 * The effective catalogue of a `/models` response over the bundled one: with
 * at least one listed entry the response replaces the bundled catalogue;
 * otherwise its entries are merged into it by slug.
 */
export function effectiveCatalog(bundled: readonly ModelInfo[], fetched: readonly ModelInfo[]): readonly ModelInfo[] {
  if (fetched.some(isListed)) return fetched;
  const bySlug = new Map(fetched.map((entry) => [entry.slug, entry]));
  const merged = bundled.map((entry) => bySlug.get(entry.slug) ?? entry);
  const known = new Set(bundled.map((entry) => entry.slug));
  return [...merged, ...fetched.filter((entry) => !known.has(entry.slug))];
}

/**
 * The model catalogue of one server: the bundled entries, replaced (or
 * extended) by the ChatGPT backend's `/models` while signed in with ChatGPT.
 * Fetched at startup (off the request path), by `model/list` when nothing
 * fresh is in hand, and after a model response names a new `x-models-etag`;
 * cached in `$CODEX_HOME/models_cache.json` for 300 s. A response with one
 * invalid entry is rejected whole: the catalogue in use stays.
 */
export class ModelCatalogService {
  /** The last accepted catalogue (fetched or from the cache) and whose it is. */
  private fetched: ModelsCache | null = null;
  private inflight: Promise<void> | null = null;
  private startupRefreshed = false;

  constructor(private readonly deps: ModelCatalogDeps) {}

  /** The catalogue in effect now: the fetched one while signed in with ChatGPT, else the bundled one. */
  currentModelCatalog(): readonly ModelInfo[] {
    const bundled = bundledModelCatalog();
    return this.fetched ? effectiveCatalog(bundled, this.fetched.models) : bundled;
  }

  /** The ETag of the catalogue in effect (null for the bundled one or without one). */
  get etag(): string | null {
    return this.fetched?.etag ?? null;
  }

  /** Once per process, after the first `initialize`: uses a fresh cache or fetches; never throws. */
  refreshAtStartup(caller: CatalogCaller): void {
    if (this.startupRefreshed) return;
    this.startupRefreshed = true;
    void this.ensureFresh(caller);
  }

  /**
   * The catalogue for `model/list`: when signed in with ChatGPT and nothing
   * fresh is in hand (no accepted response within 300 s), asks first.
   */
  async catalogForListing(caller: CatalogCaller, signal?: AbortSignal): Promise<readonly ModelInfo[]> {
    const work = this.ensureFresh(caller);
    if (signal) {
      await Promise.race([work, new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }))]);
    } else {
      await work;
    }
    return this.currentModelCatalog();
  }

  /**
   * A model response carried `x-models-etag: etag`: when it differs from the
   * ETag of the catalogue in hand, the catalogue is fetched again (in the
   * background); an equal one changes nothing.
   */
  onModelsEtag(etag: string, caller: CatalogCaller = {}): void {
    if (etag === "" || etag === this.etag) return;
    void this.refresh(caller, { force: true });
  }

  private async ensureFresh(caller: CatalogCaller): Promise<void> {
    await this.refresh(caller, { force: false });
  }

  /** One refresh at a time; a caller arriving meanwhile waits for the running one. */
  private refresh(caller: CatalogCaller, options: { force: boolean }): Promise<void> {
    if (this.inflight) return this.inflight;
    const work = this.doRefresh(caller, options)
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, "model catalogue refresh failed"))
      .finally(() => {
        if (this.inflight === work) this.inflight = null;
      });
    this.inflight = work;
    return work;
  }

  private async doRefresh(caller: CatalogCaller, options: { force: boolean }): Promise<void> {
    const { auth } = await this.deps.auth.current();
    if (!auth || !usesCodexBackend(auth)) {
      // Only a ChatGPT login asks the backend; anyone else gets the bundled catalogue.
      this.fetched = null;
      return;
    }
    const identity = catalogIdentity(auth);
    if (this.fetched && this.fetched.identity !== identity) this.fetched = null;
    if (!options.force && this.fetched && isFresh(this.fetched.fetchedAt)) return;
    const cached = this.fetched ?? (await readModelsCache(this.deps.codexHome, identity));
    if (!options.force && cached && isFresh(cached.fetchedAt)) {
      this.fetched = cached;
      return;
    }
    await this.fetch(auth, identity, caller, options.force ? null : cached);
  }

  /** Asks the backend; `stale` (a cache past its 300 s) is revalidated with its ETag and kept on a 304. */
  private async fetch(auth: ChatgptAuth, identity: string, caller: CatalogCaller, stale: ModelsCache | null): Promise<void> {
    const { logger, shutdownSignal } = this.deps;
    if (shutdownSignal.aborted) return;
    const settings = modelsCallSettings(this.deps.configValues());
    const result = await fetchModels({
      url: settings.url,
      credentials: backendCredentialsOf(auth),
      userAgent: caller.userAgent ?? DEFAULT_ORIGINATOR,
      originator: caller.originator ?? DEFAULT_ORIGINATOR,
      etag: stale?.etag ?? null,
      timeoutMs: settings.timeoutMs,
      signal: shutdownSignal,
      redactor: this.deps.secrets,
    });
    if (result.kind === "notModified") {
      if (!stale) return;
      this.fetched = { ...stale, fetchedAt: Date.now() };
      await this.persist(this.fetched);
      return;
    }
    const parsed = parseModelsResponse(result.body);
    if (!parsed.ok) {
      // The whole response is rejected; the catalogue in use stays and the next listing asks again.
      logger.warn(parsed.error);
      return;
    }
    this.fetched = { fetchedAt: Date.now(), etag: result.etag, identity, models: parsed.models };
    logger.debug({ models: parsed.models.length, etag: result.etag }, "model catalogue fetched");
    await this.persist(this.fetched);
  }

  private async persist(cache: ModelsCache): Promise<void> {
    try {
      await writeModelsCache(this.deps.codexHome, cache);
    } catch (error) {
      this.deps.logger.warn({ err: error }, "failed to write the models cache");
    }
  }
}
