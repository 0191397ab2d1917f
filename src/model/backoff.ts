/** Resolves after `ms`, or at once when `signal` aborts (the caller checks `signal` after). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** The reference's retry backoff (stream retries and WebSocket reconnects): 200 ms doubling, capped at 10 s, ±10 % jitter. */
export function backoffMs(retry: number): number {
  const base = 200 * 2 ** Math.max(0, retry - 1);
  return Math.round(Math.min(base, 10_000) * (0.9 + Math.random() * 0.2));
}
