#!/usr/bin/env node
// The reference implementation this daemon must be wire-compatible with:
// codex-cli, installed as the exact-pinned devDependency @openai/codex. The
// npm package is a launcher; the native binary comes in a per-platform
// optional dependency (@openai/codex-<os>-<arch>), and that binary is what the
// tests and scripts run. Run directly, prints the binary's path.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REFERENCE_CODEX_VERSION = "0.169.0";

/** Rust target triple and platform package of each platform the launcher supports (its own table). */
const PLATFORMS = {
  "linux-x64": ["x86_64-unknown-linux-musl", "@openai/codex-linux-x64"],
  "linux-arm64": ["aarch64-unknown-linux-musl", "@openai/codex-linux-arm64"],
  "android-x64": ["x86_64-unknown-linux-musl", "@openai/codex-linux-x64"],
  "android-arm64": ["aarch64-unknown-linux-musl", "@openai/codex-linux-arm64"],
  "darwin-x64": ["x86_64-apple-darwin", "@openai/codex-darwin-x64"],
  "darwin-arm64": ["aarch64-apple-darwin", "@openai/codex-darwin-arm64"],
  "win32-x64": ["x86_64-pc-windows-msvc", "@openai/codex-win32-x64"],
  "win32-arm64": ["aarch64-pc-windows-msvc", "@openai/codex-win32-arm64"],
};

const require = createRequire(import.meta.url);

function missing(what) {
  return new Error(
    `${what}\nThe tests check the wire against codex-cli ${REFERENCE_CODEX_VERSION}, a devDependency: ` +
      "run `npm ci` (or `npm install`) in the repository, with dev and optional dependencies included.",
  );
}

/** Absolute path of the native codex binary of the installed devDependency, for this platform. */
export function referenceCodexBinary() {
  const platform = PLATFORMS[`${process.platform}-${process.arch}`];
  if (!platform) throw new Error(`codex-cli ships no binary for ${process.platform}-${process.arch}`);
  const [triple, platformPackage] = platform;

  let launcherManifest;
  try {
    launcherManifest = require.resolve("@openai/codex/package.json");
  } catch {
    throw missing("@openai/codex is not installed.");
  }
  const { version } = JSON.parse(readFileSync(launcherManifest, "utf8"));
  if (version !== REFERENCE_CODEX_VERSION) {
    throw missing(`@openai/codex ${version} is installed, the reference is ${REFERENCE_CODEX_VERSION}.`);
  }

  let platformManifest;
  try {
    // Resolved from the launcher, as the launcher itself does, wherever npm placed it.
    platformManifest = createRequire(launcherManifest).resolve(`${platformPackage}/package.json`);
  } catch {
    throw missing(`${platformPackage} (the binary of @openai/codex for this platform) is not installed.`);
  }
  const binary = path.join(path.dirname(platformManifest), "vendor", triple, "bin", process.platform === "win32" ? "codex.exe" : "codex");
  if (!existsSync(binary)) throw missing(`${binary} is missing.`);
  return binary;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    console.log(referenceCodexBinary());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
