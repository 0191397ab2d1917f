import { readdirSync, readFileSync } from "node:fs";

/** Live (non-zombie) pids whose command line contains `marker` as one argument (Linux /proc). */
export function pidsWithArg(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (!args.includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      if (state !== "Z" && state !== "X") pids.push(Number(entry));
    } catch {
      // Exited while scanning.
    }
  }
  return pids;
}

/** Polls until `predicate` holds or `timeoutMs` passes; returns its last value. */
export async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs = 5_000, stepMs = 25): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** A unique `sleep` duration to find a test's processes by: `sleep <marker>`. */
export function sleepMarker(): string {
  return `${30 + Math.floor(Math.random() * 1000)}.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}
