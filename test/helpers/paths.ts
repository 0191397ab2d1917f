import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The built daemon, as a client would spawn it. */
export const serverBin = path.join(repoRoot, "dist/src/cli.js");
export const referenceDir = path.resolve(repoRoot, "../shared/reference/codex-0.169.0");
