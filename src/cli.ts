#!/usr/bin/env node
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { USAGE, UsageError, parseArgs, type Command } from "./cli-args.js";
import { PACKAGE_VERSION, CODEX_PROTOCOL_VERSION } from "./version.js";

function fail(message: string): never {
  process.stderr.write(`agent-app-server: ${message} (see --help)\n`);
  process.exit(2);
}

/**
 * Loads a server entry: the bundle `dist/bundle/<entry>.cjs` (tsc's output
 * bundled by `npm run build` and run with V8's code cache; it starts ~70 ms
 * sooner than ~190 separate modules) while none of the bundle's inputs listed
 * in `dist/bundle/manifest.json` is newer than the manifest, else tsc's
 * `dist/src/<entry>.js`. So after a `tsc` run (or an `npm install`) a stale
 * bundle is never used. `AGENT_APP_SERVER_NO_BUNDLE=1` forces tsc's output.
 */
async function loadEntry<T>(entry: "serve" | "serve-remote"): Promise<T> {
  const bundle = freshBundle(entry);
  if (bundle) {
    const { loadBundle } = await import("./bundle-loader.js");
    return loadBundle(bundle) as T;
  }
  return (await import(`./${entry}.js`)) as T;
}

function freshBundle(entry: string): string | undefined {
  if (process.env.AGENT_APP_SERVER_NO_BUNDLE === "1") return undefined;
  try {
    const manifest = new URL("../bundle/manifest.json", import.meta.url);
    const built = statSync(manifest).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(manifest, "utf8")) as { inputs: string[] };
    const dist = new URL("../", import.meta.url);
    for (const input of inputs) if (statSync(new URL(input, dist)).mtimeMs > built) return undefined;
    return fileURLToPath(new URL(`../bundle/${entry}.cjs`, import.meta.url));
  } catch {
    // No bundle, or an input is gone: use tsc's output.
    return undefined;
  }
}

/**
 * Stops V8's young generation from growing past the size it has once the
 * server's modules are loaded (a few MiB) instead of up to 2 × 16 MiB under a
 * burst of short-lived objects: a streamed reply of thousands of deltas then
 * peaks ~8 MiB lower in resident memory, at no measurable cost in
 * throughput (see docs/performance.md). The growth factor is
 * read each time V8 would grow the space, so setting it at run time takes
 * effect; set after loading, not before, so that start-up itself is not
 * slowed by extra scavenges.
 */
async function limitYoungGeneration(): Promise<void> {
  const { setFlagsFromString } = await import("node:v8");
  setFlagsFromString("--semi-space-growth-factor=1");
}

async function main(argv: readonly string[]): Promise<void> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
  switch (command.kind) {
    case "help":
      process.stdout.write(USAGE);
      return;
    case "version":
      // Clients gate on `codex --version` being `codex-cli X.Y.Z` with X.Y.Z at least the release they need.
      process.stdout.write(`codex-cli ${CODEX_PROTOCOL_VERSION} (agent-app-server ${PACKAGE_VERSION})\n`);
      return;
    case "serve": {
      if (command.target.kind === "stdio") {
        const { serveStdio } = await loadEntry<typeof import("./serve.js")>("serve");
        await limitYoungGeneration();
        serveStdio(command);
        return;
      }
      const { serveRemote, StartupConfigError } = await loadEntry<typeof import("./serve-remote.js")>("serve-remote");
      await limitYoungGeneration();
      try {
        await serveRemote({ ...command, target: command.target });
      } catch (error) {
        if (error instanceof StartupConfigError) {
          process.stderr.write(`agent-app-server: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
      return;
    }
    case "generate-json-schema":
    case "generate-ts": {
      const { generate } = await import("./schema-gen/index.js");
      await generate(command.kind === "generate-ts" ? "typescript" : "json", command.out, command.experimental);
      return;
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`agent-app-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
