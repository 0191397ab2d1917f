/**
 * Unified exec limits and defaults, as the reference applies them (fact
 * sheet §5.2, §5.3; the clamps and caps are from the reference's sources).
 */

/** `exec_command` waits this long when the call gives no `yield_time_ms`. */
export const DEFAULT_EXEC_YIELD_TIME_MS = 10_000;
/** `write_stdin` with characters waits this long by default. */
export const DEFAULT_WRITE_STDIN_YIELD_TIME_MS = 250;
/** Every yield is clamped to at least this… */
export const MIN_YIELD_TIME_MS = 250;
/** …and at most this (except empty polls). */
export const MAX_YIELD_TIME_MS = 30_000;
/** An empty `write_stdin` (a poll) waits at least this long… */
export const MIN_EMPTY_YIELD_TIME_MS = 5_000;
/** …and at most this (`background_terminal_max_timeout`). */
export const DEFAULT_MAX_BACKGROUND_TERMINAL_TIMEOUT_MS = 300_000;
/** Live sessions per thread; the least recently used one is pruned beyond this. */
export const MAX_UNIFIED_EXEC_PROCESSES = 64;
/** The most recently used sessions that pruning never picks. */
export const PRUNE_PROTECTED_RECENT = 8;
/** Output kept between two calls (head and tail halves); the middle of a flood is dropped. */
export const UNIFIED_EXEC_OUTPUT_MAX_BYTES = 1024 * 1024;
/** How long output may keep arriving through the pipes after the command exited. */
export const TRAILING_OUTPUT_GRACE_MS = 100;
/** Terminal size of a `tty: true` session. */
export const PTY_SIZE = { rows: 24, cols: 80 } as const;
/** Session ids are drawn from [min, max). */
export const PROCESS_ID_RANGE = { min: 1_000, max: 100_000 } as const;

/**
 * Variables the reference sets for every unified exec command so tools print
 * plain, uncoloured, unpaged text.
 */
export const UNIFIED_EXEC_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  TERM: "dumb",
  LANG: "C.UTF-8",
  LC_CTYPE: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  COLORTERM: "",
  PAGER: "cat",
  GIT_PAGER: "cat",
  GH_PAGER: "cat",
  CODEX_CI: "1",
};

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** The wait of an `exec_command` call. */
export function execYieldTime(requested: number | undefined): number {
  return clamp(requested ?? DEFAULT_EXEC_YIELD_TIME_MS, MIN_YIELD_TIME_MS, MAX_YIELD_TIME_MS);
}

/** The wait of a `write_stdin` call: short after a write, long for an empty poll. */
export function writeStdinYieldTime(requested: number | undefined, chars: string, maxBackgroundMs = DEFAULT_MAX_BACKGROUND_TERMINAL_TIMEOUT_MS): number {
  const wanted = requested ?? DEFAULT_WRITE_STDIN_YIELD_TIME_MS;
  if (chars.length === 0) return clamp(wanted, MIN_EMPTY_YIELD_TIME_MS, Math.max(MIN_EMPTY_YIELD_TIME_MS, maxBackgroundMs));
  return clamp(wanted, MIN_YIELD_TIME_MS, MAX_YIELD_TIME_MS);
}
