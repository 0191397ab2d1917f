#!/usr/bin/env node
// Checks the layering of src/: which folders may import which, and that the
// import graph (type-only imports included) has no cycle. Prints what it
// finds; exits 1 on any violation. `--json` prints the findings as JSON.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = path.join(root, "src");

/**
 * Each layer and the layers it may import (besides itself). Entry files at
 * the top of src/ (cli, serve...) may import anything. Dependencies point
 * down: nothing below server/ and api/ knows about them.
 */
export const LAYERS = {
  server: ["api", "transport", "core", "model", "backend", "auth", "config", "store", "protocol", "logging", "util"],
  api: ["core", "model", "backend", "auth", "config", "store", "protocol", "logging", "util"],
  transport: ["protocol", "logging", "util"],
  core: ["model", "backend", "auth", "config", "store", "protocol", "logging", "util"],
  model: ["backend", "auth", "config", "protocol", "logging", "util"],
  backend: ["auth", "config", "protocol", "logging", "util"],
  auth: ["config", "protocol", "logging", "util"],
  store: ["protocol", "logging", "util"],
  config: ["protocol", "logging", "util"],
  "schema-gen": ["protocol", "util"],
  protocol: ["util"],
  logging: ["util"],
  util: [],
};

function listSources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
];

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

function importsOf(file) {
  const text = stripComments(fs.readFileSync(file, "utf8"));
  const found = new Set();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const spec = match[1];
      if (!spec.startsWith(".")) continue;
      let target = path.resolve(path.dirname(file), spec);
      if (target.endsWith(".js")) target = target.slice(0, -3) + ".ts";
      else if (!target.endsWith(".ts")) target += fs.existsSync(target + ".ts") ? ".ts" : "/index.ts";
      found.add(target);
    }
  }
  return [...found];
}

/** Files at the top of src/ that every layer may use (constants, no imports of ours). */
const SHARED_TOP_FILES = new Set(["version.ts"]);

/** The layer of a file: its first folder under src/, or "entry" for the other files at the top. */
function layerOf(file) {
  const rel = path.relative(srcDir, file).split(path.sep);
  if (rel.length > 1) return rel[0];
  return SHARED_TOP_FILES.has(rel[0]) ? "util" : "entry";
}

export function analyse() {
  const files = listSources(srcDir);
  const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target.startsWith(srcDir))]));
  const violations = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    for (const target of targets) {
      const to = layerOf(target);
      if (from === "entry" || from === to) continue;
      const allowed = LAYERS[from];
      if (!allowed) violations.push({ file, target, reason: `layer "${from}" is not declared` });
      else if (to === "entry" || !allowed.includes(to)) violations.push({ file, target, reason: `${from} may not import ${to}` });
    }
  }
  return { files: files.length, violations, cycles: stronglyConnected(graph).filter((c) => c.length > 1 || graph.get(c[0])?.includes(c[0])) };
}

/** Tarjan's algorithm, iterative (no recursion limit on deep graphs). */
function stronglyConnected(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const edges = graph.get(node) ?? [];
      if (i < edges.length) {
        frame[1]++;
        const next = edges[i];
        if (!graph.has(next)) continue;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push([next, 0]);
        } else if (onStack.has(next)) {
          low.set(node, Math.min(low.get(node), index.get(next)));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  return components;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const result = analyse();
  const rel = (file) => path.relative(root, file);
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({
      files: result.files,
      violations: result.violations.map((v) => ({ ...v, file: rel(v.file), target: rel(v.target) })),
      cycles: result.cycles.map((c) => c.map(rel).sort()),
    }, null, 2));
  } else {
    for (const v of result.violations) console.log(`layer: ${rel(v.file)} -> ${rel(v.target)} (${v.reason})`);
    for (const c of result.cycles) console.log(`cycle of ${c.length} files: ${c.map(rel).sort().join(", ")}`);
    console.log(`${result.files} files, ${result.violations.length} layering violations, ${result.cycles.length} cycles`);
  }
  process.exitCode = result.violations.length || result.cycles.length ? 1 : 0;
}
