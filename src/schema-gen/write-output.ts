import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Writes generated files (name → content) into `outDir`, first removing the
 * top-level files with the same extension that this generation no longer produces.
 */
export async function writeGenerated(outDir: string, extension: ".json" | ".ts", files: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(extension) && !files.has(entry.name)) {
      await rm(path.join(outDir, entry.name));
    }
  }
  for (const name of [...files.keys()].sort()) {
    await writeFile(path.join(outDir, name), files.get(name)!);
  }
}
