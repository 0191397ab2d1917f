import { readFileSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

type CommonJsWrapper = (
  exports: object,
  require: NodeRequire,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

/**
 * Runs a CommonJS bundle with V8's code cache for it (`<file>.cache`, written
 * by the build): deserialising compiled code is about twice as fast as
 * compiling the ~800 KB bundle, which is most of what start-up costs (Node 20
 * has no built-in module compile cache). A cache from another V8 version is
 * rejected by V8 and the bundle is compiled as usual; the cache is then
 * rewritten off the start-up path, best effort (the install may be read-only).
 */
export function loadBundle(file: string): Record<string, unknown> {
  return loadChunk(path.resolve(file), new Map());
}

/** Chunks of one bundle require each other by relative path; those go through the cache too. */
function loadChunk(file: string, loaded: Map<string, { exports: Record<string, unknown> }>): Record<string, unknown> {
  const known = loaded.get(file);
  if (known) return known.exports;
  const source = readFileSync(file, "utf8");
  const cacheFile = `${file}.cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: compile.
  }
  // No importModuleDynamically: on Node 20 a dynamic import() in code restored
  // from a cache fails whatever callback is given, so the build rewrites the
  // bundle's dynamic imports into require() (rolldown's dynamicImportInCjs).
  const script = new vm.Script((Module as unknown as { wrap(source: string): string }).wrap(source), {
    filename: file,
    cachedData,
  });
  const run = script.runInThisContext() as CommonJsWrapper;
  const module = { exports: {} as Record<string, unknown> };
  loaded.set(file, module);
  const dir = path.dirname(file);
  const nodeRequire = createRequire(file);
  const bundleRequire = ((id: string) =>
    id.startsWith("./") && id.endsWith(".cjs") ? loadChunk(path.join(dir, id), loaded) : nodeRequire(id)) as NodeRequire;
  Object.assign(bundleRequire, nodeRequire);
  run.call(module.exports, module.exports, bundleRequire, module, file, dir);
  const refresh = () => {
    try {
      writeFileSync(cacheFile, script.createCachedData());
    } catch {
      // Read-only install: keep compiling at start-up.
    }
  };
  if (process.env.AGENT_APP_SERVER_WRITE_CODE_CACHE === "1") refresh();
  else if (cachedData === undefined || script.cachedDataRejected) setTimeout(refresh, 2_000).unref();
  return module.exports;
}
