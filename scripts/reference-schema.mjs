#!/usr/bin/env node
// The reference JSON Schema (codex app-server 0.169.0, experimental bundle),
// generated from the devDependency's binary into a git-ignored cache under
// node_modules/.cache, once per install. The tests validate everything the
// server sends against it. Not done at install time: users installing the
// daemon must not need codex. Run directly, generates if needed and prints
// the bundle's directory.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { REFERENCE_CODEX_VERSION, referenceCodexBinary } from "./reference-codex.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const referenceCacheDir = path.join(repoRoot, "node_modules", ".cache", "agent-app-server", `codex-${REFERENCE_CODEX_VERSION}`);
/** The experimental bundle: the superset of what the reference can send. */
export const referenceSchemaDir = path.join(referenceCacheDir, "json-experimental");
export const REFERENCE_SCHEMA_FILE = "codex_app_server_protocol.schemas.json";

/** A bundle only ever appears by renaming a finished one into place, so its files mean it is whole. */
function isComplete(dir) {
  return existsSync(path.join(dir, REFERENCE_SCHEMA_FILE)) && existsSync(path.join(dir, "v2"));
}

function generate(outDir) {
  // A private CODEX_HOME: the generator must not read the user's config, and may write there.
  const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-reference-codex-home-"));
  try {
    execFileSync(referenceCodexBinary(), ["app-server", "generate-json-schema", "--experimental", "--out", outDir], {
      env: { ...process.env, CODEX_HOME: codexHome },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const stderr = error?.stderr ? String(error.stderr).trim() : "";
    throw new Error(`codex app-server generate-json-schema failed: ${error instanceof Error ? error.message : error}${stderr ? `\n${stderr}` : ""}`);
  } finally {
    rmSync(codexHome, { recursive: true, force: true });
  }
}

/**
 * The directory of the reference's experimental JSON Schema bundle, generated
 * first if missing or incomplete. Safe to call from parallel runs: each
 * generates into its own staging directory and renames it into place.
 */
export function ensureReferenceSchema() {
  if (isComplete(referenceSchemaDir)) return referenceSchemaDir;
  mkdirSync(referenceCacheDir, { recursive: true });
  const staging = mkdtempSync(path.join(referenceCacheDir, ".json-experimental-"));
  chmodSync(staging, 0o755); // mkdtemp makes it private; the cache is not
  try {
    generate(staging);
    if (!isComplete(staging)) throw new Error(`codex app-server generate-json-schema wrote no ${REFERENCE_SCHEMA_FILE}`);
    if (existsSync(referenceSchemaDir) && !isComplete(referenceSchemaDir)) rmSync(referenceSchemaDir, { recursive: true, force: true });
    try {
      renameSync(staging, referenceSchemaDir);
    } catch (error) {
      // Another run renamed its bundle into place first: same binary, same bundle.
      if (!isComplete(referenceSchemaDir)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return referenceSchemaDir;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    console.log(ensureReferenceSchema());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
