import type { AccountRateLimitsUpdatedNotification, CreditsSnapshot, RateLimitSnapshot, RateLimitWindow } from "../protocol/account.js";

/**
 * Rate-limit snapshots from model-response headers, for the turn loop's
 * `account/rateLimits/updated` notifications. Header families (names are
 * case-insensitive):
 *
 * - `x-{limit}-primary-used-percent` (float), `x-{limit}-primary-window-minutes` (int),
 *   `x-{limit}-primary-reset-at` (Unix seconds), and the same with `secondary`;
 *   `{limit}` is `codex` for the main bucket, else the metered limit id with `_` written as `-`
 *   (`x-codex-bengalfox-primary-used-percent` → limit id `codex_bengalfox`);
 * - `x-{limit}-limit-name` (display name);
 * - `x-codex-credits-has-credits`, `x-codex-credits-unlimited` (`true`/`false`/`1`/`0`),
 *   `x-codex-credits-balance`.
 *
 * A window exists when its used-percent header parses as a finite number and
 * carries data (non-zero percent, non-zero window, or a reset time). The
 * `codex` snapshot is always produced (all-null when no headers are present, as
 * the reference sends after a turn); other families only when they carry data.
 * `usedPercent` is rounded half away from zero to an integer.
 */

export type HeaderSource =
  | Headers
  | Map<string, string>
  | Record<string, string | string[] | number | undefined | null>
  | Iterable<[string, string]>;

function normalizeHeaders(source: HeaderSource): Map<string, string> {
  const out = new Map<string, string>();
  const put = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    const text = Array.isArray(value) ? value.join(", ") : String(value);
    out.set(name.toLowerCase(), text);
  };
  if (typeof Headers !== "undefined" && source instanceof Headers) {
    source.forEach((value, name) => put(name, value));
  } else if (source instanceof Map) {
    for (const [name, value] of source) put(name, value);
  } else if (Symbol.iterator in (source as object) && !isPlainRecord(source)) {
    for (const [name, value] of source as Iterable<[string, string]>) put(name, value);
  } else {
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) put(name, value);
  }
  return out;
}

function isPlainRecord(value: unknown): boolean {
  return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
}

function parseFloatHeader(headers: Map<string, string>, name: string): number | undefined {
  const raw = headers.get(name)?.trim();
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function parseIntHeader(headers: Map<string, string>, name: string): number | undefined {
  const raw = headers.get(name)?.trim();
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : undefined;
}

function parseBoolHeader(headers: Map<string, string>, name: string): boolean | undefined {
  const raw = headers.get(name)?.trim();
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (lower === "true" || raw === "1") return true;
  if (lower === "false" || raw === "0") return false;
  return undefined;
}

/** Rust's `f64::round`: halves away from zero. */
export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function parseWindow(headers: Map<string, string>, prefix: string): RateLimitWindow | null {
  const used = parseFloatHeader(headers, `${prefix}-used-percent`);
  if (used === undefined) return null;
  const minutes = parseIntHeader(headers, `${prefix}-window-minutes`);
  const resetsAt = parseIntHeader(headers, `${prefix}-reset-at`);
  const hasData = used !== 0 || (minutes !== undefined && minutes !== 0) || resetsAt !== undefined;
  if (!hasData) return null;
  return { usedPercent: roundHalfAwayFromZero(used), windowDurationMins: minutes ?? null, resetsAt: resetsAt ?? null };
}

function parseCredits(headers: Map<string, string>): CreditsSnapshot | null {
  const hasCredits = parseBoolHeader(headers, "x-codex-credits-has-credits");
  const unlimited = parseBoolHeader(headers, "x-codex-credits-unlimited");
  if (hasCredits === undefined || unlimited === undefined) return null;
  const balance = headers.get("x-codex-credits-balance")?.trim();
  return { hasCredits, unlimited, balance: balance ? balance : null };
}

function normalizeLimitId(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, "_");
}

function snapshotFor(headers: Map<string, string>, limitId: string): RateLimitSnapshot {
  const prefix = `x-${limitId.toLowerCase().replace(/_/g, "-")}`;
  const limitName = headers.get(`${prefix}-limit-name`)?.trim();
  return {
    limitId: normalizeLimitId(limitId),
    limitName: limitName ? limitName : null,
    normalModelSlug: null,
    primary: parseWindow(headers, `${prefix}-primary`),
    secondary: parseWindow(headers, `${prefix}-secondary`),
    credits: parseCredits(headers),
    individualLimit: null,
    spendControlReached: null,
    planType: null,
    rateLimitReachedType: null,
  };
}

/** Snapshots for every header family present: `codex` first, then other limit ids in sorted order. */
export function rateLimitSnapshotsFromHeaders(source: HeaderSource): RateLimitSnapshot[] {
  const headers = normalizeHeaders(source);
  const snapshots = [snapshotFor(headers, "codex")];
  const ids = new Set<string>();
  for (const name of headers.keys()) {
    const match = /^x-(.+)-primary-used-percent$/.exec(name);
    if (!match) continue;
    const id = normalizeLimitId(match[1]!);
    if (id !== "codex") ids.add(id);
  }
  for (const id of [...ids].sort()) {
    const snapshot = snapshotFor(headers, id);
    if (snapshot.primary || snapshot.secondary || snapshot.credits) snapshots.push(snapshot);
  }
  return snapshots;
}

/** The `account/rateLimits/updated` params to send for a model response's headers. */
export function rateLimitUpdatesFromHeaders(source: HeaderSource): AccountRateLimitsUpdatedNotification[] {
  return rateLimitSnapshotsFromHeaders(source).map((rateLimits) => ({ rateLimits }));
}
