#!/usr/bin/env node
/**
 * Benchmarks the daemon over real pipes, the way a client drives it.
 *
 *   node scripts/bench.mjs [--runs N] [--workload NAME[,NAME...]] [--server "CMD ARGS"] [--reference PATH | --no-reference]
 *
 *   --runs N           timed runs per workload and target (default 15; at least 1)
 *   --workload NAMES   run only these workloads (default: all); --list prints them
 *   --server "CMD"     bench this command instead of `node dist/src/cli.js app-server`
 *   --reference PATH   the reference codex binary: every workload also runs against
 *                      `PATH app-server` in the same run, and the table gets the ratio
 *                      ours/reference per workload, checked against BUDGET (default: the
 *                      binary of the pinned @openai/codex devDependency)
 *   --no-reference     bench ours only: no reference run, no ratios, no budget check
 *
 * MCP workloads (`mcp-5-servers-ready`, `mcp-tool-call-overhead`) run the SDK-built
 * stdio test server (test/helpers/mcp-test-server.mjs) as configured MCP servers.
 *
 * Each target runs one untimed warm-up before its timed runs, targets alternate run
 * by run, and every run gets a fresh CODEX_HOME. A workload is an async function that
 * receives `{ spawnServer, target }` and returns what it measured (milliseconds unless
 * UNIT says otherwise); add new ones to WORKLOADS. Peak RSS is the VmHWM of the spawned
 * process itself (ours: `node dist/src/cli.js`, no wrapper).
 */
import { spawn } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { deltaResponse, MockResponsesServer, sseBody, textResponse } from "../test/helpers/mock-responses.mjs";
import { scaleWorkloads } from "./bench-scale.mjs";
import { referenceCodexBinary } from "./reference-codex.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_SERVER = [process.execPath, path.join(repoRoot, "dist/src/cli.js"), "app-server"];
/** The performance budget: the highest ratio ours/reference (medians, same run) each workload may reach. */
const BUDGET = {
  initialize: 0.9,
  "turn-first-delta": 0.5,
  "turn-20k-deltas": 0.6,
  "peak-rss": 0.6,
  "cold-first-delta": 0.5,
  "long-history-2000/resume": 0.5,
  "long-history-2000/read": 0.5,
  "long-history-2000/turns-page": 0.5,
  "long-history-2000/first-delta": 0.5,
  "long-history-2000/peak-rss": 0.6,
  "many-threads/wall": 0.5,
  "many-threads/peak-rss": 0.6,
  "idle-loaded": 0.5,
};
/** Budgets on our own median, whatever the reference's (milliseconds). */
const ABSOLUTE_BUDGET = { "list-100k/first": 20, "fuzzy-search-100k": 50, "fuzzy-search-keystroke": 20 };
/** Workloads measuring something other than milliseconds (the table shows the unit with the figures). */
const UNIT = { "peak-rss": "MiB", "idle-loaded": "MiB", "fuzzy-search-rss": "MiB" };
const unitOf = (name) => UNIT[name] ?? UNIT[name.split("/").pop()] ?? "ms";

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
    // Pieces of the line being read: a long line (fs/readFile) is joined once, not re-scanned per chunk.
    let pieces = [];
    this.child.stdout.setEncoding("utf8").on("data", (chunk) => {
      let newline;
      while ((newline = chunk.indexOf("\n")) !== -1) {
        pieces.push(chunk.slice(0, newline));
        const line = pieces.join("");
        pieces = [];
        chunk = chunk.slice(newline + 1);
        let message;
        try {
          message = JSON.parse(line);
        } catch {
          continue;
        }
        const at = performance.now();
        this.waiters = this.waiters.filter((w) => !(w.predicate(message) && (w.resolve({ message, at }), true)));
      }
      if (chunk !== "") pieces.push(chunk);
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

  /** Ends stdin and waits for the exit; removes CODEX_HOME unless `keepHome`. */
  async close({ keepHome = false } = {}) {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await this.exited;
    clearTimeout(timer);
    if (!keepHome) rmSync(this.codexHome, { recursive: true, force: true });
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

const THREADS_10K = 10_000;
const requireCjs = createRequire(import.meta.url);

/** The reference's SQLite file named `<stem>_<version>.sqlite` in `dir` (e.g. `state_5.sqlite`). */
function versionedDb(dir, stem) {
  const name = readdirSync(dir).find((f) => new RegExp(`^${stem}_\\d+\\.sqlite$`).test(f));
  if (!name) throw new Error(`reference seed: no ${stem}_N.sqlite in ${dir}`);
  return path.join(dir, name);
}

const hex = (n, width) => n.toString(16).padStart(width, "0");
const two = (n) => String(n).padStart(2, "0");
/** Seeded reference homes by thread count. */
const referenceSeeds = new Map();

/**
 * A CODEX_HOME for the reference (codex 0.169.0) holding `count` threads in
 * its own storage format, built once per bench process:
 *
 * 1. one real thread with one turn, made through its API against the mock
 *    model, gives a template: its `state_N.sqlite` (table `threads`: one row
 *    per thread with `rollout_path`, timestamps in s and ms, `preview`,
 *    `title`, `first_user_message`, `model_provider`, `archived`, …;
 *    `thread_read_receipts`), its `thread_history_N.sqlite` and the rollout
 *    file `sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl` (JSONL: session_meta,
 *    turn context, response items, events);
 * 2. `count` threads are written like it: one `threads` row and one rollout
 *    file (the template's, with the thread id, user prompt and provider
 *    replaced) each, with the same spread of timestamps, archived threads,
 *    names and cwds as our seed (`seededThreadDb`). Provider `openai`, as in
 *    ours: the reference's `thread/list` lists the configured provider's
 *    threads by default, and reads rollouts whose provider disagrees with the
 *    database row to work out what to list.
 *
 * `rollout_path` holds absolute paths, so each run's copy rewrites them
 * (`cloneReferenceHome`). The template thread itself is not kept.
 */
async function seededReferenceHome(argv, count) {
  if (referenceSeeds.has(count)) return referenceSeeds.get(count);
  const mock = await responsesMock(HELLO_SSE);
  const maker = new Client([...argv, ...mockArgs(mock)], { MOCK_API_KEY: "bench" });
  process.on("exit", () => rmSync(maker.codexHome, { recursive: true, force: true }));
  try {
    await maker.request("initialize", { clientInfo: CLIENT_INFO });
    maker.send({ method: "initialized" });
    const { message } = await maker.request("thread/start", { cwd: os.tmpdir() });
    if (!message.result) throw new Error(`reference seed: thread/start failed: ${JSON.stringify(message)}`);
    await timedTurn(maker, message.result.thread.id);
  } finally {
    await maker.close({ keepHome: true });
  }
  const template = maker.codexHome;
  const Database = requireCjs("better-sqlite3");

  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-bench-ref-seed-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  for (const entry of readdirSync(template)) {
    if (entry !== "sessions") cpSync(path.join(template, entry), path.join(dir, entry), { recursive: true });
  }
  const stateFile = versionedDb(dir, "state");
  const db = new Database(stateFile);
  const row = db.prepare("SELECT * FROM threads").get();
  if (!row) throw new Error("reference seed: the template thread was not stored");
  const history = new Database(versionedDb(dir, "thread_history"));
  const turnIds = history.prepare("SELECT turn_id FROM thread_turns WHERE thread_id = ?").pluck().all(row.id);
  for (const table of ["thread_items", "thread_turns", "thread_history_projection_state"]) {
    history.prepare(`DELETE FROM ${table} WHERE thread_id = ?`).run(row.id);
  }
  history.close();
  const rollout = readFileSync(row.rollout_path, "utf8")
    .replaceAll('"model_provider":"mock"', '"model_provider":"openai"')
    .replaceAll('"model_provider_id":"mock"', '"model_provider_id":"openai"');

  const columns = Object.keys(row);
  const insert = db.prepare(`INSERT INTO threads (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
  const receipt = db.prepare("INSERT INTO thread_read_receipts (thread_id, first_unread_turn, revision, last_published_turn) VALUES (?, NULL, ?, NULL)");
  const baseSec = Math.floor(Date.now() / 1000) - count;
  db.transaction(() => {
    db.prepare("DELETE FROM thread_read_receipts").run();
    db.prepare("DELETE FROM threads").run();
    for (let i = 0; i < count; i++) {
      const created = baseSec + i;
      const updated = created + (i % 97);
      const ms = created * 1000;
      const id = `${hex(ms, 12).slice(0, 8)}-${hex(ms, 12).slice(8)}-7000-8000-${hex(i * 7919, 12)}`;
      const at = new Date(ms);
      const day = `${at.getUTCFullYear()}/${two(at.getUTCMonth() + 1)}/${two(at.getUTCDate())}`;
      const stamp = `${day.replaceAll("/", "-")}T${two(at.getUTCHours())}-${two(at.getUTCMinutes())}-${two(at.getUTCSeconds())}`;
      const relative = `sessions/${day}/rollout-${stamp}-${id}.jsonl`;
      const preview = `prompt number ${i} about something`;
      let text = rollout.replaceAll(row.id, id).replaceAll("say hello", preview);
      turnIds.forEach((turnId, k) => (text = text.replaceAll(turnId, `${hex(ms + 1, 12).slice(0, 8)}-${hex(ms + 1, 12).slice(8)}-7000-8${hex(k, 3)}-${hex(i * 7919, 12)}`)));
      mkdirSync(path.join(dir, "sessions", day), { recursive: true });
      writeFileSync(path.join(dir, relative), text);
      const archived = i % 50 === 0;
      insert.run({
        ...row,
        id,
        rollout_path: path.join(dir, relative),
        created_at: created,
        updated_at: updated,
        created_at_ms: ms,
        updated_at_ms: updated * 1000,
        recency_at: updated,
        recency_at_ms: updated * 1000,
        title: preview,
        first_user_message: preview,
        preview,
        archived: archived ? 1 : 0,
        archived_at: archived ? updated : null,
        name: i % 10 === 0 ? `Thread ${i}` : null,
        cwd: `/work/project-${i % 20}`,
        model_provider: "openai",
        source: "vscode",
        originator: "bench",
      });
      receipt.run(id, `rev-${i}`);
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const seed = { dir, stateName: path.basename(stateFile), count };
  referenceSeeds.set(count, seed);
  return seed;
}

/**
 * Copies the seeded reference home into a run's CODEX_HOME and points the rows at it. Rollouts are
 * hard-linked unless `copy` (a run that appends to a rollout must not change the seed's).
 */
function cloneReferenceHome(seed, codexHome, { copy = false } = {}) {
  const link = (from, to) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const dest = path.join(to, entry.name);
      if (entry.isDirectory()) link(source, dest);
      else if (copy) copyFileSync(source, dest);
      else {
        try {
          linkSync(source, dest);
        } catch {
          copyFileSync(source, dest);
        }
      }
    }
  };
  for (const entry of readdirSync(seed.dir)) {
    if (entry === "sessions") link(path.join(seed.dir, entry), path.join(codexHome, entry));
    else cpSync(path.join(seed.dir, entry), path.join(codexHome, entry), { recursive: true });
  }
  const Database = requireCjs("better-sqlite3");
  const db = new Database(path.join(codexHome, seed.stateName));
  db.prepare("UPDATE threads SET rollout_path = ? || substr(rollout_path, ?)").run(codexHome, seed.dir.length + 1);
  db.close();
}

// ---------------------------------------------------------------------------
// Workloads: name → async ({ spawnServer, target, argv }) => measurement

/** A `prepare` that puts our thread database `file` into a fresh CODEX_HOME. */
function withOurDb(file) {
  return (codexHome) => {
    const dir = path.join(codexHome, "agent-app-server");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    copyFileSync(file, path.join(dir, "state.sqlite"));
  };
}

/** A `prepare` giving each target `count` stored threads in its own storage format. */
async function threadListHome(target, argv, count) {
  if (target === "reference") {
    const seed = await seededReferenceHome(argv, count);
    return (codexHome) => cloneReferenceHome(seed, codexHome);
  }
  return withOurDb(await seededThreadDb(count));
}

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
   * `thread/list {limit: 50}` with 10,000 stored threads (seeded before the
   * spawn, each target in its own storage format: see `seededThreadDb` and
   * `seededReferenceHome`): the first list request after `initialize`, so it
   * includes opening the database.
   */
  async threadList10k({ spawnServer, target, argv }) {
    const prepare = await threadListHome(target, argv, THREADS_10K);
    const client = spawnServer(prepare);
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

/** `-c` arguments pointing a server at the mock as provider `mock` (key from MOCK_API_KEY), model gpt-5.1-codex. */
function mockArgs(mock) {
  return [...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }), "-c", 'model="gpt-5.1-codex"'];
}

/** A server using the mock provider, initialized, with one thread started. */
async function turnSession(spawnServer, mock) {
  const client = spawnServer({ args: mockArgs(mock), env: { MOCK_API_KEY: "bench" } });
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

// ---------------------------------------------------------------------------
// Workspace workloads: fuzzy file search over a generated tree, fs/readFile

const FUZZY_TREE_FILES = 100_000;
/** Queries typed one keystroke at a time after the session's walk (each must match something). */
const FUZZY_KEYSTROKES = ["m", "mo", "mod", "mode", "model", "modelc", "modelco"];

/**
 * A generated source-like tree of 100,000 files (2,000 directories of 50),
 * built once per machine under the temp directory and reused.
 */
function fuzzyTree() {
  const root = path.join(os.tmpdir(), `aas-bench-tree-${FUZZY_TREE_FILES}`);
  const done = path.join(root, ".complete");
  if (existsSync(done)) return root;
  rmSync(root, { recursive: true, force: true });
  const words = ["alpha", "beta", "core", "util", "server", "client", "model", "view", "index", "main", "config", "test", "api", "store", "auth", "render", "parse"];
  let made = 0;
  for (let a = 0; made < FUZZY_TREE_FILES; a++) {
    for (let b = 0; b < 20 && made < FUZZY_TREE_FILES; b++) {
      const dir = path.join(root, `${words[a % words.length]}${a}`, `${words[b % words.length]}_${b}`);
      mkdirSync(dir, { recursive: true });
      for (let c = 0; c < 50 && made < FUZZY_TREE_FILES; c++, made++) {
        writeFileSync(path.join(dir, `${words[(a + b + c) % words.length]}${words[c % words.length]}File${c}.ts`), "");
      }
    }
  }
  writeFileSync(done, "");
  return root;
}

/**
 * A fuzzy search session on the 100k tree, walked before timing starts
 * (`sessionCompleted` of the empty query); `measureUpdates` gets the client
 * and times what it wants.
 */
async function fuzzySession(spawnServer, measureUpdates) {
  const root = fuzzyTree();
  const client = spawnServer();
  try {
    await client.request("initialize", { clientInfo: CLIENT_INFO, capabilities: { experimentalApi: true } });
    client.send({ method: "initialized" });
    const walked = client.waitFor((m) => m.method === "fuzzyFileSearch/sessionCompleted", 120_000);
    const started = await client.request("fuzzyFileSearch/sessionStart", { sessionId: "bench", roots: [root] });
    if (!started.message.result) throw new Error(`sessionStart failed: ${JSON.stringify(started.message)}`);
    await walked;
    return await measureUpdates(client);
  } finally {
    await client.close();
  }
}

/** sessionUpdate `query` → the sessionUpdated carrying its (non-empty) results, in ms. */
async function fuzzyUpdate(client, query) {
  const updated = client.waitFor(
    (m) => m.method === "fuzzyFileSearch/sessionUpdated" && m.params?.query === query && m.params.files.length > 0,
    30_000,
  );
  const sent = performance.now();
  client.send({ id: client.nextId++, method: "fuzzyFileSearch/sessionUpdate", params: { sessionId: "bench", query } });
  const { at } = await updated;
  return at - sent;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

Object.assign(WORKLOADS, {
  /** First query of a session on a 100,000-file tree (walked beforehand): sessionUpdate → its sessionUpdated. */
  async "fuzzy-search-100k"({ spawnServer }) {
    return fuzzySession(spawnServer, (client) => fuzzyUpdate(client, FUZZY_KEYSTROKES[0]));
  },
  /** Later keystrokes in that session, each awaited before the next: the median update → sessionUpdated. */
  async "fuzzy-search-keystroke"({ spawnServer }) {
    return fuzzySession(spawnServer, async (client) => {
      const times = [];
      for (const query of FUZZY_KEYSTROKES) times.push(await fuzzyUpdate(client, query));
      return median(times.slice(1));
    });
  },
  /** Peak RSS (VmHWM) of the server after a session on the 100,000-file tree: the walk and every keystroke. */
  async "fuzzy-search-rss"({ spawnServer }) {
    return fuzzySession(spawnServer, async (client) => {
      for (const query of FUZZY_KEYSTROKES) await fuzzyUpdate(client, query);
      return peakRssMiB(client.child.pid);
    });
  },
  /** `fs/readFile` of a 10 MB file: request → response read (base64 text of 13.3 MB). */
  async "fs-readfile-10mb"({ spawnServer }) {
    const file = path.join(os.tmpdir(), "aas-bench-10mb.bin");
    if (!existsSync(file)) writeFileSync(file, Buffer.alloc(10 * 1024 * 1024, 0x5a));
    const client = spawnServer();
    try {
      await client.request("initialize", { clientInfo: CLIENT_INFO });
      client.send({ method: "initialized" });
      const sent = performance.now();
      const { message, at } = await client.request("fs/readFile", { path: file });
      if (message.result?.dataBase64?.length !== 13_981_016) throw new Error(`fs/readFile failed: ${JSON.stringify(message).slice(0, 300)}`);
      return at - sent;
    } finally {
      await client.close();
    }
  },
});

// ---------------------------------------------------------------------------
// MCP workloads: stdio MCP servers built with the SDK (test/helpers/mcp-test-server.mjs),
// configured in config.toml. The reference starts MCP servers per thread, ours after
// `initialize`: both get `thread/start` right after `initialize` so both have started them.

const MCP_TEST_SERVER = path.join(repoRoot, "test/helpers/mcp-test-server.mjs");
const MCP_SERVERS = 5;
const MCP_CALLS = 20;

function mcpConfig(count) {
  return (codexHome) => {
    let toml = "";
    for (let i = 0; i < count; i++) {
      toml += `[mcp_servers.s${i}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(MCP_TEST_SERVER)}, "bench-${i}"]\nstartup_timeout_sec = 60\n`;
    }
    writeFileSync(path.join(codexHome, "config.toml"), toml);
  };
}

/** Spawns with `count` MCP servers; resolves once every one reported `ready`, with the time from sending `initialize`. */
async function mcpSession(spawnServer, count) {
  const mock = await responsesMock(HELLO_SSE);
  const client = spawnServer({ args: mockArgs(mock), env: { MOCK_API_KEY: "bench" }, prepare: mcpConfig(count) });
  const ready = new Set();
  let failure = null;
  const allReady = client.waitFor((message) => {
    if (message.method !== "mcpServer/startupStatus/updated") return false;
    if (message.params.status === "failed") failure = message.params;
    if (message.params.status === "ready") ready.add(message.params.name);
    return failure !== null || ready.size === count;
  }, 60_000);
  const sent = performance.now();
  await client.request("initialize", { clientInfo: CLIENT_INFO });
  client.send({ method: "initialized" });
  const { message } = await client.request("thread/start", { cwd: os.tmpdir() });
  if (!message.result) throw new Error(`thread/start failed: ${JSON.stringify(message)}`);
  const { at } = await allReady;
  if (failure) throw new Error(`MCP server failed: ${JSON.stringify(failure)}`);
  return { client, threadId: message.result.thread.id, readyMs: at - sent };
}

async function timedRequests(client, method, params) {
  const times = [];
  for (let i = 0; i < MCP_CALLS; i++) {
    const sent = performance.now();
    const { message, at } = await client.request(method, params);
    if (!message.result) throw new Error(`${method} failed: ${JSON.stringify(message).slice(0, 300)}`);
    times.push(at - sent);
  }
  return median(times);
}

Object.assign(WORKLOADS, {
  /** `initialize` sent → all 5 stdio MCP servers `ready` (mcpServer/startupStatus/updated; thread/start sent right after initialize). */
  async "mcp-5-servers-ready"({ spawnServer }) {
    const { client, readyMs } = await mcpSession(spawnServer, MCP_SERVERS);
    await client.close();
    return readyMs;
  },

  /** Median `mcpServer/tool/call` (echo, stdio server) minus median bare request (`thread/loaded/list`), 20 of each, one server ready. */
  async "mcp-tool-call-overhead"({ spawnServer }) {
    const { client, threadId } = await mcpSession(spawnServer, 1);
    try {
      await timedRequests(client, "thread/loaded/list", {}); // warm both paths
      await timedRequests(client, "mcpServer/tool/call", { threadId, server: "s0", tool: "echo", arguments: { text: "x" } });
      const bare = await timedRequests(client, "thread/loaded/list", {});
      const call = await timedRequests(client, "mcpServer/tool/call", { threadId, server: "s0", tool: "echo", arguments: { text: "x" } });
      return call - bare;
    } finally {
      await client.close();
    }
  },
});

Object.assign(WORKLOADS, {
  /** `thread/start` sent right after `initialize`/`initialized` → its response read (first thread of a new CODEX_HOME). */
  async "thread-start"({ spawnServer }) {
    const mock = await responsesMock(HELLO_SSE);
    const client = spawnServer({ args: mockArgs(mock), env: { MOCK_API_KEY: "bench" } });
    try {
      await client.request("initialize", { clientInfo: CLIENT_INFO });
      client.send({ method: "initialized" });
      const sent = performance.now();
      const { message, at } = await client.request("thread/start", { cwd: os.tmpdir() });
      if (!message.result) throw new Error(`thread/start failed: ${JSON.stringify(message)}`);
      return at - sent;
    } finally {
      await client.close();
    }
  },

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

Object.assign(
  WORKLOADS,
  scaleWorkloads({
    Client, CLIENT_INFO, responsesMock, mockArgs, timedTurn, peakRssMiB, seededThreadDb, seededReferenceHome, cloneReferenceHome, sleep, withOurDb, threadListHome,
  }),
);

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
  const options = { runs: 15, workloads: Object.keys(WORKLOADS), server: DEFAULT_SERVER, serverLabel: "ours", reference: undefined, compare: true };
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
      case "--no-reference":
        options.compare = false;
        break;
      case "--list":
        for (const name of Object.keys(WORKLOADS)) process.stdout.write(`${name}\n`);
        process.exit(0);
        break;
      case "-h":
      case "--help":
        process.stdout.write(
          "usage: node scripts/bench.mjs [--runs N] [--workload NAMES] [--server \"CMD ARGS\"] [--reference PATH | --no-reference] [--list]\n" +
            `reference by default: ${describeDefaultReference()}\n`,
        );
        process.exit(0);
        break;
      default:
        usage(`unknown argument '${arg}'`);
    }
  }
  if (!options.compare) options.reference = undefined;
  else if (!options.reference) {
    try {
      options.reference = [referenceCodexBinary(), "app-server"];
    } catch (error) {
      usage(`${error instanceof Error ? error.message : error}\nOr pass --reference PATH, or --no-reference to bench ours only.`);
    }
  }
  return options;
}

function describeDefaultReference() {
  try {
    return referenceCodexBinary();
  } catch (error) {
    return `none (${error instanceof Error ? error.message.split("\n")[0] : error})`;
  }
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
  const contexts = targets.map(({ argv, kind }) => ({
    target: kind,
    argv,
    // `spawnServer(prepare)` or `spawnServer({ args, env, prepare })`.
    spawnServer: (options) =>
      typeof options === "function" || options === undefined
        ? new Client(argv, {}, options)
        : new Client([...argv, ...(options.args ?? [])], options.env ?? {}, options.prepare),
  }));
  for (const context of contexts) await workload(context); // warm-up: file cache, JIT of the bench itself
  // Per target: measurement name ("" for a workload returning one number) → samples.
  const samples = targets.map(() => new Map());
  for (let i = 0; i < runs; i++) {
    for (let t = 0; t < targets.length; t++) {
      const result = await workload(contexts[t]);
      for (const [name, value] of typeof result === "number" ? [["", result]] : Object.entries(result)) {
        if (!samples[t].has(name)) samples[t].set(name, []);
        samples[t].get(name).push(value);
      }
    }
  }
  return samples.map((byName) => new Map([...byName].map(([name, values]) => [name, stats(values)])));
}

function budgetCell(r) {
  if (r.target === "reference") return "";
  if (ABSOLUTE_BUDGET[r.workload] !== undefined) {
    return `≤ ${ABSOLUTE_BUDGET[r.workload]} ms ${r.median <= ABSOLUTE_BUDGET[r.workload] ? "ok" : "OVER"}`;
  }
  if (r.ratio === undefined || BUDGET[r.workload] === undefined) return "";
  return `≤ ${BUDGET[r.workload].toFixed(2)}× ${r.ratio <= BUDGET[r.workload] ? "ok" : "OVER"}`;
}

/** Whether a row is over its budget (undefined: no budget applies). */
function overBudget(r) {
  if (r.target === "reference") return undefined;
  if (ABSOLUTE_BUDGET[r.workload] !== undefined) return r.median > ABSOLUTE_BUDGET[r.workload];
  if (r.ratio === undefined || BUDGET[r.workload] === undefined) return undefined;
  return r.ratio > BUDGET[r.workload];
}

function table(rows) {
  const header = ["workload", "target", "runs", "median", "min", "max", "unit", "ratio", "budget"];
  const body = rows.map((r) => [
    r.workload,
    r.target,
    String(r.runs),
    r.median.toFixed(1),
    r.min.toFixed(1),
    r.max.toFixed(1),
    unitOf(r.workload),
    r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}×`,
    budgetCell(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 || i === 8 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.server === DEFAULT_SERVER && !existsSync(DEFAULT_SERVER[1])) usage("dist/src/cli.js is missing: run `npm run build` first");
  process.stderr.write(
    `bench: ${options.runs} runs per workload; ${options.serverLabel} = ${options.server.join(" ")}` +
      `${options.reference ? `; reference = ${options.reference.join(" ")}` : ""}; node ${process.version}, ${os.cpus().length} CPUs\n`,
  );
  if (options.runs < 5) process.stderr.write("bench: fewer than 5 runs: medians are indicative only\n");
  const rows = [];
  const targets = [{ argv: options.server, kind: "ours" }];
  if (options.reference) targets.push({ argv: options.reference, kind: "reference" });
  for (const name of options.workloads) {
    process.stderr.write(`bench: ${name}\n`);
    const [ours, ref] = await measure(WORKLOADS[name], targets, options.runs);
    for (const [part, stat] of ours) {
      const workload = part === "" ? name : `${name}/${part}`;
      const refStat = ref?.get(part);
      rows.push({ workload, target: options.serverLabel, ...stat, ratio: refStat ? stat.median / refStat.median : undefined });
      if (refStat) rows.push({ workload, target: "reference", ...refStat });
    }
  }
  process.stdout.write(`${table(rows)}\n`);
  if (options.reference) {
    process.stdout.write(`\nratio = median ${options.serverLabel} / median reference, same run; budget from BUDGET in scripts/bench.mjs\n`);
    for (const seed of referenceSeeds.values()) {
      process.stdout.write(
        `thread lists: the reference's CODEX_HOME held ${seed.count} threads in its own format ` +
          `(${seed.stateName} rows + sessions/…/rollout-*.jsonl files)\n`,
      );
    }
    const over = rows.filter((r) => overBudget(r) === true);
    const checked = rows.filter((r) => overBudget(r) !== undefined).length;
    process.stdout.write(
      over.length === 0
        ? `budget: met (${checked} of ${checked} budgeted measurements)\n`
        : `budget: OVER for ${over.map((r) => `${r.workload} (${ABSOLUTE_BUDGET[r.workload] !== undefined ? `${r.median.toFixed(1)} ms > ${ABSOLUTE_BUDGET[r.workload]} ms` : `${r.ratio.toFixed(2)}× > ${BUDGET[r.workload]}×`})`).join(", ")}\n`,
    );
  }
  await mockResponses?.close();
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
