import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { ChatgptAuth } from "../auth/manager.js";
import { CODEX_PROTOCOL_VERSION } from "../version.js";
import { CatalogEntrySchema, type ModelInfo } from "./catalog-entry.js";

/**
 * `$CODEX_HOME/models_cache.json`: the last fetched `/models` catalogue, as
 * the reference writes it (`fetched_at` RFC 3339, `etag`, `client_version`,
 * `identity`, `models`). A cache is used only for the same client version
 * and the same signed-in identity; `fetched_at` decides its freshness.
 */

export const MODELS_CACHE_FILE = "models_cache.json";
/** How long a fetched catalogue is used before it is asked for again. */
export const MODELS_CACHE_TTL_MS = 300_000;

export interface ModelsCache {
  fetchedAt: number;
  etag: string | null;
  identity: string;
  models: ModelInfo[];
}

const CacheFile = z.object({
  fetched_at: z.string(),
  etag: z.string().nullable().optional(),
  client_version: z.string().nullable().optional(),
  identity: z.string().nullable().optional(),
  models: z.array(CatalogEntrySchema),
});

/** Whose catalogue it is: a SHA-256 of the ChatGPT account and user, never the raw ids. */
export function catalogIdentity(auth: ChatgptAuth): string {
  return createHash("sha256")
    .update(`${auth.accountId ?? ""}\n${auth.claims.userId ?? ""}`)
    .digest("hex");
}

export function isFresh(fetchedAt: number, now = Date.now()): boolean {
  return now - fetchedAt <= MODELS_CACHE_TTL_MS;
}

export function cachePath(codexHome: string): string {
  return path.join(codexHome, MODELS_CACHE_FILE);
}

/** The cache for `identity` and this client version, fresh or not; null when absent, unreadable or someone else's. */
export async function readModelsCache(codexHome: string, identity: string): Promise<ModelsCache | null> {
  let text: string;
  try {
    text = await fs.readFile(cachePath(codexHome), "utf8");
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = CacheFile.safeParse(json);
  if (!parsed.success) return null;
  const file = parsed.data;
  const fetchedAt = Date.parse(file.fetched_at);
  if (!Number.isFinite(fetchedAt) || file.client_version !== CODEX_PROTOCOL_VERSION || file.identity !== identity) return null;
  return { fetchedAt, etag: file.etag ?? null, identity, models: file.models };
}

/** Writes the cache atomically (a temporary file renamed over the old one). */
export async function writeModelsCache(codexHome: string, cache: ModelsCache): Promise<void> {
  const target = cachePath(codexHome);
  const body = {
    fetched_at: new Date(cache.fetchedAt).toISOString(),
    etag: cache.etag,
    client_version: CODEX_PROTOCOL_VERSION,
    identity: cache.identity,
    models: cache.models,
  };
  await fs.mkdir(codexHome, { recursive: true });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await fs.writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
