#!/usr/bin/env node
/**
 * Bundles tsc's output for the server entry points into dist/bundle/ (run by
 * `npm run build` after `tsc`):
 *
 *   node scripts/bundle.mjs [DIST_DIR]      (default: dist)
 *
 * Why: on Node 20 the ES module loader costs ~0.3–0.5 ms per file (resolve,
 * stat, read, compile, link), and a server start loads ~100 of our files plus
 * ~60 of zod, pino and smol-toml before it can answer
 * `initialize` (Node 20 has no `module.enableCompileCache`). The bundle is
 * CommonJS so that `src/bundle-loader.ts` can run it with V8's code cache,
 * written here beside each chunk: together ~65 ms sooner to `initialize` (see
 * docs/performance.md). The input is tsc's JavaScript,
 * unchanged: tsc stays the compiler, the bundle is only the same modules
 * concatenated.
 *
 * `dist/bundle/manifest.json`, written last, lists the bundle's inputs (tsc
 * outputs, and node_modules/.package-lock.json for the bundled packages);
 * `dist/src/cli.js` uses the bundle only while none of them is newer than the
 * manifest, so a later `tsc` (or `tsc --watch` re-emitting one file, or an
 * `npm install`) never leaves the daemon running stale code. A failed bundle
 * is not an error: the warning is printed, the old bundle removed, and the
 * daemon runs from tsc's output.
 *
 * Kept external: node-pty (a native addon located relative to its own
 * files), @bokuweb/zstd-wasm (loads its .wasm from its own folder) and ws
 * (optional native peers). better-sqlite3's JavaScript is bundled: the store
 * passes its native addon's path (`nativeBinding`), so nothing in it is
 * looked up relative to its own files, and the first store open no longer
 * pays Node's module loader for its dozen files (~10-35 ms). The openai
 * SDK, imported lazily, becomes its own chunk, loaded off the initialize path.
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.resolve(repoRoot, process.argv[2] ?? "dist");
const outDir = path.join(dist, "bundle");
const ENTRIES = { serve: "src/serve.js", "serve-remote": "src/serve-remote.js" };
const EXTERNAL = ["node-pty", "ws", "@bokuweb/zstd-wasm"];
const MANIFEST = "manifest.json";

/**
 * zod 3's ZodType constructor binds 23 of its methods to every schema it
 * creates (\`this.parse = this.parse.bind(this)\`, so that \`arr.map(schema.parse)\`
 * works). The protocol's schemas are thousands of instances, built at start-up:
 * their bound functions were 4.2 MB of a 16 MB heap. In the bundle the methods
 * are bound on first read instead (a getter on ZodType.prototype that stores the
 * bound function on the instance), which keeps detached use working.
 */
const ZOD_BOUND_METHODS = /^\s*this\.(\w+) = this\.\1\.bind\(this\);\n/gm;
const lazyZodBinds = {
  name: "lazy-zod-binds",
  transform: {
    filter: { id: /[\\/]node_modules[\\/]zod[\\/]v3[\\/]types\.js$/ },
    handler(code) {
      const names = [...code.matchAll(ZOD_BOUND_METHODS)].map((match) => match[1]);
      if (names.length === 0 || !code.includes("\nexport class ZodString extends ZodType {")) {
        this.warn("zod's ZodType no longer binds its methods as expected: left as it is");
        return null;
      }
      // Line for line (the bind lines become empty, the getters one line), so the source map stays right.
      const lazy =
        `for (const name of ${JSON.stringify(names)}) { const method = ZodType.prototype[name === "spa" ? "safeParseAsync" : name]; ` +
        "const own = (target, value) => Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true }); " +
        "Object.defineProperty(ZodType.prototype, name, { configurable: true, get() { const bound = method.bind(this); own(this, bound); return bound; }, set(value) { own(this, value); } }); }";
      const start = "\nexport class ZodString extends ZodType {";
      // \`spa\` (an alias of safeParseAsync, set before the binds) is bound the same way.
      const withoutBinds = code.replace(ZOD_BOUND_METHODS, "\n").replace(/^\s*this\.spa = this\.safeParseAsync;\n/m, "\n");
      return { code: withoutBinds.replace(start, `\n${lazy}${start.slice(1)}`), map: null };
    },
  },
};

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  const input = {};
  for (const [name, file] of Object.entries(ENTRIES)) {
    const full = path.join(dist, file);
    if (!existsSync(full)) throw new Error(`${path.relative(repoRoot, full)} is missing: run tsc first`);
    input[name] = full;
  }
  const { rolldown } = await import("rolldown");
  const warnings = [];
  const bundle = await rolldown({
    input,
    platform: "node",
    external: EXTERNAL,
    logLevel: "warn",
    plugins: [lazyZodBinds],
    onLog: (level, log) => warnings.push(`${level}: ${log.message}`),
  });
  let output;
  try {
    ({ output } = await bundle.write({ dir: outDir, format: "cjs", dynamicImportInCjs: false, sourcemap: true, charset: "ascii", comments: { legal: true, annotation: false, jsdoc: false }, entryFileNames: "[name].cjs", chunkFileNames: "[name]-[hash].cjs" }));
  } finally {
    await bundle.close();
  }
  const inputs = new Set();
  for (const chunk of output) {
    if (chunk.type !== "chunk") continue;
    for (const id of chunk.moduleIds) {
      if (!path.isAbsolute(id)) continue; // rolldown's runtime helpers
      const packages = id.lastIndexOf(`${path.sep}node_modules${path.sep}`);
      const file = packages === -1 ? id : path.join(id.slice(0, packages), "node_modules", ".package-lock.json");
      if (packages === -1 || existsSync(file)) inputs.add(path.relative(dist, file).split(path.sep).join("/"));
    }
  }
  writeCodeCaches();
  writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify({ inputs: [...inputs].sort() }, null, 1)}\n`);
  // Dynamic imports of modules that are also imported statically stay in the same chunk: expected, not a problem.
  for (const w of warnings) if (!w.includes("INEFFECTIVE_DYNAMIC_IMPORT")) process.stderr.write(`bundle: ${w}\n`);
}

/**
 * Loads each entry once in a child process (top-level code only; nothing is
 * served) so V8's code cache for what start-up compiles lands beside it.
 */
function writeCodeCaches() {
  const loader = pathToFileURL(path.join(dist, "src", "bundle-loader.js")).href;
  for (const name of Object.keys(ENTRIES)) {
    const file = path.join(outDir, `${name}.cjs`);
    execFileSync(process.execPath, ["--input-type=module", "-e", `const { loadBundle } = await import(${JSON.stringify(loader)}); loadBundle(${JSON.stringify(file)});`], {
      env: { ...process.env, AGENT_APP_SERVER_WRITE_CODE_CACHE: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
}

main().catch((error) => {
  rmSync(outDir, { recursive: true, force: true });
  process.stderr.write(
    `bundle: skipped (${error instanceof Error ? error.message : String(error)}); the server runs from tsc's output in ${path.relative(repoRoot, dist)}/src\n`,
  );
});
