import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One temporary folder per test run, made the run's TMPDIR before the test
 * workers start (they and every server they spawn inherit it): the hundreds
 * of homes, workspaces and logs the tests create under `os.tmpdir()` go
 * with it when the run ends, instead of piling up in the machine's /tmp.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(path.join(os.tmpdir(), "aas-test-run-"));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
