#!/usr/bin/env node
/**
 * Benchmarks the daemon over real pipes, the way a client drives it.
 *
 *   node scripts/bench.mjs [--runs N] [--workload NAME[,NAME...]] [--server "CMD ARGS"] [--reference PATH]
 *
 *   --runs N           timed runs per workload and target (default 15; at least 1)
 *   --workload NAMES   run only these workloads (default: all); --list prints them
 *   --server "CMD"     bench this command instead of `node dist/src/cli.js app-server`
 *   --reference PATH   also run every workload against `PATH app-server` (the reference
 *                      codex binary) and print the ratio ours/reference per workload
 *
 * Each target runs one untimed warm-up before its timed runs, targets alternate run
 * by run, and every run gets a fresh CODEX_HOME. A workload is an async function that receives a `spawnServer()`
 * and returns the milliseconds it measured; add new ones to WORKLOADS.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { deltaResponse, MockResponsesServer, sseBody, textResponse } from "../test/helpers/mock-responses.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_SERVER = [process.execPath, path.join(repoRoot, "dist/src/cli.js"), "app-server"];
const TARGET_MS = { initialize: 60, threadList10k: 20, "turn-first-delta": 50, "turn-20k-deltas": 500, "peak-rss": 100 };
/** Workloads measuring something other than milliseconds (the table shows the unit with the figures). */
const UNIT = { "peak-rss": "MiB" };

// ---------------------------------------------------------------------------
// A minimal JSONL client over a child's stdio

class Client {
  constructor(argv, env, prepare) {
    this.codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-bench-"));
    prepare?.(this.codexHome);
    this.spawnedAt = performance.now();
    this.child = spawn(argv[0], argv.slice(1), {
      env: { ...process.env, CODEX_HOME: this.codexHome, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.waiters = [];
    this.stderr = "";
    this.nextId = 1;
    let buffer = "";
    this.child.stdout.setEncoding("utf8").on("data", (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf("\n")) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let message;
        try {
          message = JSON.parse(line);
        } catch {
          continue;
        }
        const at = performance.now();
        this.waiters = this.waiters.filter((w) => !(w.predicate(message) && (w.resolve({ message, at }), true)));
      }
    });
    this.child.stderr.setEncoding("utf8").on("data", (chunk) => {
      if (this.stderr.length < 8192) this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code, signal) => resolve({ code, signal })));
    this.child.on("error", (error) => {
      for (const w of this.waiters) w.reject(error);
      this.waiters = [];
    });
  }

  send(message) {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** Resolves with `{ message, at }` (performance.now() at receipt) for the first matching message. */
  waitFor(predicate, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; stderr:\n${this.stderr}`)), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  /** Sends a request; resolves with `{ message, at }` of its response. */
  request(method, params) {
    const id = this.nextId++;
    const answered = this.waitFor((m) => m.id === id && !("method" in m));
    this.send(params === undefined ? { id, method } : { id, method, params });
    return answered;
  }

  async close() {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await this.exited;
    clearTimeout(timer);
    rmSync(this.codexHome, { recursive: true, force: true });
  }
}

const CLIENT_INFO = { name: "bench", title: "Bench", version: "0.0.1" };

const seededDbs = new Map();

/** A thread database with `count` threads (built once per bench process, copied into each run's CODEX_HOME). */
async function seededThreadDb(count) {
  if (seededDbs.has(count)) return seededDbs.get(count);
  const { SqliteStore } = await import("../dist/src/store/sqlite-store.js");
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-bench-seed-"));
  const file = path.join(dir, "state.sqlite");
  const store = new SqliteStore(file);
  const base = Math.floor(Date.now() / 1000) - count;
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `0${i.toString(16).padStart(7, "0")}-0000-7000-8000-${(i * 7919).toString(16).padStart(12, "0")}`;
      const cwd = `/work/project-${i % 20}`;
      store.insertThread({
        record: {
          id, createdAt: base + i, updatedAt: base + i + (i % 97), recencyAt: base + i + (i % 97), archived: i % 50 === 0,
          name: i % 10 === 0 ? `Thread ${i}` : null, preview: `prompt number ${i} about something`, cwd,
          modelProvider: "openai", model: "gpt-5.1-codex", reasoningEffort: null, source: "vscode", originator: "bench",
          threadSource: null, forkedFromId: null, gitInfo: null, cliVersion: "0.169.0",
          settings: {
            model: "gpt-5.1-codex", modelProvider: "openai", reasoningEffort: null, reasoningSummary: null, cwd,
            approvalPolicy: "on-request", approvalsReviewer: "user", sandboxPolicy: { type: "readOnly", networkAccess: false },
            baseInstructions: null, developerInstructions: null, serviceTier: null,
          },
          tokenUsage: null,
        },
        historyMode: "paginated",
        readState: { firstUnread: null, revision: `rev-${i}` },
      });
    }
  });
  store.db.pragma("wal_checkpoint(TRUNCATE)");
  store.close();
  seededDbs.set(count, file);
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return file;
}

// ---------------------------------------------------------------------------
// Workloads: name → async ({ spawnServer }) => milliseconds

const WORKLOADS = {
  /** Process spawn until the `initialize` response has been read (cold start as a client sees it). */
  async initialize({ spawnServer }) {
    const client = spawnServer();
    try {
      const { message, at } = await client.request("initialize", { clientInfo: CLIENT_INFO });
      if (!message.result) throw new Error(`initialize failed: ${JSON.stringify(message)}`);
      return at - client.spawnedAt;
    } finally {
      await client.close();
    }
  },
  /**
   * `thread/list {limit: 50}` against a thread database holding 10,000 threads
   * (seeded before the spawn): the first list request after `initialize`, so
   * it includes opening the database. Our storage only; the reference keeps
   * rollout files and would list none of these.
   */
  async threadList10k({ spawnServer }) {
    const seeded = await seededThreadDb(10_000);
    const client = spawnServer((codexHome) => {
      const dir = path.join(codexHome, "agent-app-server");
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      copyFileSync(seeded, path.join(dir, "state.sqlite"));
    });
    try {
      await client.request("initialize", { clientInfo: CLIENT_INFO });
      client.send({ method: "initialized" });
      const sent = performance.now();
      const { message, at } = await client.request("thread/list", { limit: 50 });
      if (message.result?.data?.length !== 50) throw new Error(`thread/list failed: ${JSON.stringify(message).slice(0, 300)}`);
      return at - sent;
    } finally {
      await client.close();
    }
  },
};

// ---------------------------------------------------------------------------
// Turn workloads: the server streams from a scripted Responses API on 127.0.0.1
// (test/helpers/mock-responses.mjs), configured as provider `mock` with `-c`.
// `spawnServer({ args, env })` adds command-line arguments and environment.

let mockResponses;
const HELLO_SSE = sseBody(textResponse());
const DELTAS_20K = 20_000;
const DELTAS_20K_SSE = sseBody(deltaResponse(DELTAS_20K));
/** Idle time between thread/start and the measured turn, as a user typing a first message leaves. */
const SETTLE_MS = 300;

async function responsesMock(body) {
  mockResponses ??= await MockResponsesServer.start();
  mockResponses.reset();
  mockResponses.defaultReply = { type: "sse", raw: body };
  return mockResponses;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server using the mock provider, initialized, with one thread started. */
async function turnSession(spawnServer, mock) {
  const args = [...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", 'model="gpt-5.1-codex"'];
  const client = spawnServer({ args, env: { MOCK_API_KEY: "bench" } });
  await client.request("initialize", { clientInfo: CLIENT_INFO });
  client.send({ method: "initialized" });
  const { message } = await client.request("thread/start", { cwd: os.tmpdir() });
  if (!message.result) throw new Error(`thread/start failed: ${JSON.stringify(message)}`);
  await sleep(SETTLE_MS);
  return { client, threadId: message.result.thread.id };
}

/** Runs one turn: send time, first delta and turn/completed receipt times, delta count. */
async function timedTurn(client, threadId) {
  let deltas = 0;
  const firstDelta = client.waitFor((m) => m.method === "item/agentMessage/delta");
  const completed = client.waitFor((m) => {
    if (m.method === "item/agentMessage/delta") deltas++;
    return m.method === "turn/completed";
  });
  const sent = performance.now();
  const answered = client.request("turn/start", { threadId, input: [{ type: "text", text: "say hello" }] });
  const [{ at: deltaAt }, { message, at: completedAt }] = await Promise.all([firstDelta, completed, answered]);
  if (message.params.turn.status !== "completed") throw new Error(`turn ended ${JSON.stringify(message.params.turn)}`);
  return { sent, deltaAt, completedAt, deltas };
}

/** Peak resident set size (VmHWM) of a process, in MiB. */
function peakRssMiB(pid) {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmHWM for pid ${pid}`);
  return Number(match[1]) / 1024;
}

Object.assign(WORKLOADS, {
  /** turn/start sent → first item/agentMessage/delta read (first turn of a new thread). */
  async "turn-first-delta"({ spawnServer }) {
    const { client, threadId } = await turnSession(spawnServer, await responsesMock(HELLO_SSE));
    try {
      const { sent, deltaAt } = await timedTurn(client, threadId);
      return deltaAt - sent;
    } finally {
      await client.close();
    }
  },

  /** turn/start sent → turn/completed read, the reply streamed as 20,000 deltas. */
  async "turn-20k-deltas"({ spawnServer }) {
    const { client, threadId } = await turnSession(spawnServer, await responsesMock(DELTAS_20K_SSE));
    try {
      const { sent, completedAt, deltas } = await timedTurn(client, threadId);
      if (deltas !== DELTAS_20K) throw new Error(`expected ${DELTAS_20K} deltas, got ${deltas}`);
      return completedAt - sent;
    } finally {
      await client.close();
    }
  },

  /** Peak RSS (VmHWM) of the server process after a 20,000-delta turn. */
  async "peak-rss"({ spawnServer }) {
    const { client, threadId } = await turnSession(spawnServer, await responsesMock(DELTAS_20K_SSE));
    try {
      await timedTurn(client, threadId);
      return peakRssMiB(client.child.pid);
    } finally {
      await client.close();
    }
  },
});

// ---------------------------------------------------------------------------
// Command line

function splitCommand(text) {
  const out = [];
  let current = "";
  let quote = null;
  let any = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (current !== "" || any) out.push(current);
      current = "";
      any = false;
    } else {
      current += ch;
    }
  }
  if (quote) throw new Error(`unterminated quote in ${JSON.stringify(text)}`);
  if (current !== "" || any) out.push(current);
  return out;
}

function usage(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { runs: 15, workloads: Object.keys(WORKLOADS), server: DEFAULT_SERVER, serverLabel: "ours", reference: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--runs": {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) usage("--runs needs a positive integer");
        options.runs = n;
        break;
      }
      case "--workload":
        options.workloads = value().split(",").filter(Boolean);
        for (const name of options.workloads) if (!(name in WORKLOADS)) usage(`unknown workload '${name}' (have: ${Object.keys(WORKLOADS).join(", ")})`);
        break;
      case "--server":
        options.server = splitCommand(value());
        if (options.server.length === 0) usage("--server needs a command");
        options.serverLabel = "server";
        break;
      case "--reference": {
        const bin = value();
        if (!existsSync(bin)) usage(`--reference: no such file '${bin}'`);
        options.reference = [bin, "app-server"];
        break;
      }
      case "--list":
        for (const name of Object.keys(WORKLOADS)) process.stdout.write(`${name}\n`);
        process.exit(0);
        break;
      case "-h":
      case "--help":
        process.stdout.write("usage: node scripts/bench.mjs [--runs N] [--workload NAMES] [--server \"CMD ARGS\"] [--reference PATH] [--list]\n");
        process.exit(0);
        break;
      default:
        usage(`unknown argument '${arg}'`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------
// Running and reporting

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Runs `workload` against every target, interleaving the targets run by run so
 * that machine noise (other processes, thermal state) hits them alike.
 */
async function measure(workload, targets, runs) {
  const contexts = targets.map((argv) => ({
    // `spawnServer(prepare)` or `spawnServer({ args, env, prepare })`.
    spawnServer: (options) =>
      typeof options === "function" || options === undefined
        ? new Client(argv, {}, options)
        : new Client([...argv, ...(options.args ?? [])], options.env ?? {}, options.prepare),
  }));
  for (const context of contexts) await workload(context); // warm-up: file cache, JIT of the bench itself
  const samples = targets.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let t = 0; t < targets.length; t++) samples[t].push(await workload(contexts[t]));
  }
  return samples.map(stats);
}

function table(rows) {
  const header = ["workload", "target", "runs", "median ms", "min ms", "max ms", "target ms"];
  const body = rows.map((r) => [
    r.workload,
    r.target,
    String(r.runs),
    r.median.toFixed(1) + (UNIT[r.workload] ? ` ${UNIT[r.workload]}` : ""),
    r.min.toFixed(1) + (UNIT[r.workload] ? ` ${UNIT[r.workload]}` : ""),
    r.max.toFixed(1) + (UNIT[r.workload] ? ` ${UNIT[r.workload]}` : ""),
    r.targetMs === undefined ? "" : `≤ ${r.targetMs}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.server === DEFAULT_SERVER && !existsSync(DEFAULT_SERVER[1])) usage("dist/src/cli.js is missing: run `npm run build` first");
  process.stderr.write(
    `bench: ${options.runs} runs per workload; ${options.serverLabel} = ${options.server.join(" ")}` +
      `${options.reference ? `; reference = ${options.reference.join(" ")}` : ""}; node ${process.version}, ${os.cpus().length} CPUs\n`,
  );
  const rows = [];
  const ratios = [];
  const targets = options.reference ? [options.server, options.reference] : [options.server];
  for (const name of options.workloads) {
    const [ours, ref] = await measure(WORKLOADS[name], targets, options.runs);
    rows.push({ workload: name, target: options.serverLabel, ...ours, targetMs: TARGET_MS[name] });
    if (ref) {
      rows.push({ workload: name, target: "reference", ...ref });
      ratios.push({ name, ratio: ours.median / ref.median });
    }
  }
  process.stdout.write(`${table(rows)}\n`);
  if (ratios.length > 0) {
    process.stdout.write(`\nratio ${options.serverLabel}/reference (median):\n`);
    for (const { name, ratio } of ratios) process.stdout.write(`  ${name.padEnd(12)} ${ratio.toFixed(2)}×\n`);
  }
  const over = rows.filter((r) => r.targetMs !== undefined && r.median > r.targetMs);
  for (const r of over) {
    const unit = UNIT[r.workload] ?? "ms";
    process.stdout.write(`\n${r.workload}: median ${r.median.toFixed(1)} ${unit} is over the ${r.targetMs} ${unit} target\n`);
  }
  await mockResponses?.close();
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
