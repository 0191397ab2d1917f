/**
 * Workloads that measure how cost grows with the size of the work, and the
 * cold path a script takes (spawn → initialize → thread/start → turn/start at
 * once). Imported by scripts/bench.mjs, which passes its helpers in (`h`).
 *
 * A workload may return one number or an object of named measurements; the
 * table shows each as `<workload>/<name>`.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

import { deltaResponse, sseBody, sseFrame, textResponse } from "../test/helpers/mock-responses.mjs";

const requireCjs = createRequire(import.meta.url);
const HELLO_SSE = sseBody(textResponse());
/** Messages per model response in the long-history threads: with the user message, 10 items per turn. */
const WIDE_MESSAGES = 9;
const LONG_HISTORY_THREADS = new Map();

/** A response whose output is `count` assistant messages (`msg_w0`…), one delta each. */
export function wideResponseSse(count) {
  let seq = 0;
  const base = { object: "response", model: "mock-model", error: null, incomplete_details: null, created_at: Math.floor(Date.now() / 1000) };
  let out = sseFrame({ type: "response.created", sequence_number: seq++, response: { ...base, id: "resp_wide", status: "in_progress", output: [], usage: null } });
  const output = [];
  for (let k = 0; k < count; k++) {
    const id = `msg_w${k}`;
    const text = `Part ${k} of a reply that goes on for a while, as replies in long threads do.`;
    out += sseFrame({ type: "response.output_item.added", sequence_number: seq++, output_index: k, item: { type: "message", id, role: "assistant", status: "in_progress", content: [] } });
    out += sseFrame({ type: "response.output_text.delta", sequence_number: seq++, item_id: id, output_index: k, content_index: 0, delta: text, logprobs: [] });
    const done = { type: "message", id, role: "assistant", status: "completed", content: [{ type: "output_text", text, annotations: [] }] };
    out += sseFrame({ type: "response.output_item.done", sequence_number: seq++, output_index: k, item: done });
    output.push(done);
  }
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };
  out += sseFrame({ type: "response.completed", sequence_number: seq++, response: { ...base, id: "resp_wide", status: "completed", output, usage } });
  return out;
}

/** Resident set size now (VmRSS) of a process, in MiB. */
function rssMiB(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A JSON-RPC client over one WebSocket connection; records receipt times of deltas per turn. */
class WsClient {
  constructor(socket) {
    this.socket = socket;
    this.nextId = 1;
    this.waiters = [];
    this.deltaTimes = new Map();
    socket.on("message", (data) => {
      const message = JSON.parse(String(data));
      const at = performance.now();
      if (message.method === "item/agentMessage/delta") {
        const turnId = message.params.turnId;
        let times = this.deltaTimes.get(turnId);
        if (!times) this.deltaTimes.set(turnId, (times = []));
        times.push(at);
        return;
      }
      this.waiters = this.waiters.filter((w) => !(w.predicate(message) && (w.resolve({ message, at }), true)));
    });
  }

  static async connect(url, timeoutMs = 30_000) {
    const { WebSocket } = requireCjs("ws");
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise((resolve, reject) => {
          const ws = new WebSocket(url);
          ws.once("open", () => resolve(ws));
          ws.once("error", reject);
        });
        return new WsClient(socket);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }

  waitFor(predicate, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("ws bench client: timed out")), timeoutMs);
      this.waiters.push({ predicate, resolve: (v) => (clearTimeout(timer), resolve(v)) });
    });
  }

  request(method, params) {
    const id = this.nextId++;
    const answered = this.waitFor((m) => m.id === id && !("method" in m));
    this.socket.send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }));
    return answered;
  }

  close() {
    this.socket.close();
  }
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * Builds the workloads. `h`: `{ Client, CLIENT_INFO, responsesMock, mockArgs,
 * timedTurn, peakRssMiB, seededThreadDb, seededReferenceHome, cloneReferenceHome, sleep }`.
 */
export function scaleWorkloads(h) {
  /** A home with one thread of `turns` turns (10 items each) in `kind`'s own format, built once per bench process. */
  async function longHistoryHome(kind, argv, turns) {
    const key = `${kind}:${turns}`;
    if (LONG_HISTORY_THREADS.has(key)) return LONG_HISTORY_THREADS.get(key);
    const mock = await h.responsesMock(wideResponseSse(WIDE_MESSAGES));
    const maker = new h.Client([...argv, ...h.mockArgs(mock)], { MOCK_API_KEY: "bench" });
    process.on("exit", () => rmSync(maker.codexHome, { recursive: true, force: true }));
    let threadId;
    try {
      await maker.request("initialize", { clientInfo: h.CLIENT_INFO });
      maker.send({ method: "initialized" });
      const { message } = await maker.request("thread/start", { cwd: os.tmpdir() });
      threadId = message.result.thread.id;
      for (let k = 0; k < 2; k++) {
        const completed = maker.waitFor((m) => m.method === "turn/completed");
        await maker.request("turn/start", { threadId, input: [{ type: "text", text: `question ${k}` }] });
        await completed;
      }
    } finally {
      await maker.close({ keepHome: true });
    }
    const home = maker.codexHome;
    if (kind === "reference") replicateReferenceTurn(home, threadId, turns);
    else replicateOurTurn(home, threadId, turns);
    // The reference keeps a projection of the rollout in SQLite: let it build it once, as a user's home would have.
    if (kind === "reference") {
      const primer = new h.Client([...argv, ...h.mockArgs(mock)], { MOCK_API_KEY: "bench" }, (codexHome) => {
        h.cloneReferenceHome({ dir: home, stateName: path.basename(referenceDb(home, "state")) }, codexHome, { copy: true });
      });
      try {
        await primer.request("initialize", { clientInfo: h.CLIENT_INFO });
        primer.send({ method: "initialized" });
        const resumed = await primer.request("thread/resume", { threadId });
        if (!resumed.message.result) throw new Error(`reference long-history seed: resume failed ${JSON.stringify(resumed.message).slice(0, 300)}`);
        const count = resumed.message.result.thread.turns.length;
        if (count !== turns) throw new Error(`reference long-history seed: ${count} turns, expected ${turns}`);
      } finally {
        await primer.close({ keepHome: true });
      }
      process.on("exit", () => rmSync(primer.codexHome, { recursive: true, force: true }));
      const seed = { dir: primer.codexHome, stateName: path.basename(referenceDb(primer.codexHome, "state")), threadId };
      LONG_HISTORY_THREADS.set(key, seed);
      return seed;
    }
    const seed = { dir: home, threadId };
    LONG_HISTORY_THREADS.set(key, seed);
    return seed;
  }

  function referenceDb(dir, stem) {
    const name = readdirSync(dir).find((f) => new RegExp(`^${stem}_\\d+\\.sqlite$`).test(f));
    if (!name) throw new Error(`no ${stem}_N.sqlite in ${dir}`);
    return path.join(dir, name);
  }

  /** Our store: the second turn's rows copied until the thread has `turns` turns, ids made unique per copy. */
  function replicateOurTurn(home, threadId, turns) {
    const Database = requireCjs("better-sqlite3");
    const db = new Database(path.join(home, "agent-app-server", "state.sqlite"));
    const turnRows = db.prepare("SELECT * FROM turns WHERE thread_id = ? ORDER BY seq").all(threadId);
    const unit = turnRows[1];
    const items = db.prepare("SELECT * FROM items WHERE thread_id = ? AND turn_id = ? ORDER BY seq").all(threadId, unit.id);
    let turnSeq = turnRows.at(-1).seq;
    let itemSeq = db.prepare("SELECT MAX(seq) FROM items WHERE thread_id = ?").pluck().get(threadId);
    const insert = (table, row) => {
      const columns = Object.keys(row);
      db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`).run(row);
    };
    db.transaction(() => {
      for (let k = 2; k < turns; k++) {
        const turnId = `${unit.id.slice(0, 24)}${k.toString(16).padStart(12, "0")}`;
        insert("turns", { ...unit, seq: ++turnSeq, id: turnId, root_turn_id: turnId });
        for (const item of items) {
          const itemId = `${item.item_id}-${k}`;
          const rewrite = (text) => text?.replaceAll(unit.id, turnId).replaceAll(`"${item.item_id}"`, `"${itemId}"`) ?? null;
          insert("items", { ...item, seq: ++itemSeq, turn_id: turnId, item_id: itemId, item: rewrite(item.item), context: rewrite(item.context) });
        }
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
  }

  /** The reference's rollout: the second turn's lines repeated until the thread has `turns` turns; its SQLite projection dropped (rebuilt by the primer run). */
  function replicateReferenceTurn(home, threadId, turns) {
    const Database = requireCjs("better-sqlite3");
    const state = new Database(referenceDb(home, "state"));
    const rolloutPath = state.prepare("SELECT rollout_path FROM threads WHERE id = ?").pluck().get(threadId);
    state.close();
    const lines = readFileSync(rolloutPath, "utf8").split("\n").filter(Boolean);
    const starts = lines.flatMap((line, i) => (line.includes('"type":"task_started"') ? [i] : []));
    if (starts.length !== 2) throw new Error(`reference long-history seed: expected 2 turns in the rollout, found ${starts.length}`);
    const unit = lines.slice(starts[1]);
    const unitTurnId = /"turn_id":"([0-9a-f-]{36})"/.exec(unit[0])[1];
    const uuids = new Set(unit.join("\n").match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g));
    uuids.delete(threadId);
    const out = [lines.join("\n")];
    for (let k = 2; k < turns; k++) {
      let text = unit.join("\n").replaceAll('"msg_w', `"msg_t${k}w`);
      for (const uuid of uuids) text = text.replaceAll(uuid, `${uuid.slice(0, 24)}${(k * 16 + (uuid === unitTurnId ? 1 : 2)).toString(16).padStart(12, "0")}`);
      out.push(text);
    }
    // Each line carries its position in the rollout ("ordinal"): renumber the copies.
    let ordinal = 0;
    const renumbered = out.join("\n").replace(/"ordinal":\d+/g, () => `"ordinal":${ordinal++}`);
    writeFileSync(rolloutPath, `${renumbered}\n`);
    const history = new Database(referenceDb(home, "thread_history"));
    for (const table of ["thread_items", "thread_turns", "thread_history_projection_state"]) {
      history.prepare(`DELETE FROM ${table} WHERE thread_id = ?`).run(threadId);
    }
    history.close();
  }

  /**
   * A thread of `turns` turns: `thread/resume` (returns the turns), `thread/read
   * {includeTurns}`, one page of `thread/turns/list`, the first delta of a new
   * turn, and the process's peak RSS.
   */
  function longHistory(turns) {
    return async ({ spawnServer, target, argv }) => {
      const seed = await longHistoryHome(target, argv, turns);
      const mock = await h.responsesMock(HELLO_SSE);
      const prepare =
        target === "reference"
          ? (codexHome) => h.cloneReferenceHome(seed, codexHome, { copy: true })
          : h.withOurDb(path.join(seed.dir, "agent-app-server", "state.sqlite"));
      const client = spawnServer({ args: h.mockArgs(mock), env: { MOCK_API_KEY: "bench" }, prepare });
      try {
        await client.request("initialize", { clientInfo: h.CLIENT_INFO });
        client.send({ method: "initialized" });
        const timed = async (method, params, check) => {
          const sent = performance.now();
          const { message, at } = await client.request(method, params);
          if (!message.result || !check(message.result)) throw new Error(`${method} failed: ${JSON.stringify(message).slice(0, 300)}`);
          return at - sent;
        };
        // BENCH_MARKS=1 prints each phase's start on the monotonic clock in microseconds, the unit and clock of a
        // `--cpu-prof` profile's startTime, so a server profile can be cut to one phase.
        const mark = (phase) => process.env.BENCH_MARKS && console.error(`MARK ${phase} ${process.hrtime.bigint() / 1000n}`);
        mark("resume");
        const resume = await timed("thread/resume", { threadId: seed.threadId }, (r) => r.thread.turns.length === turns);
        const read = await timed("thread/read", { threadId: seed.threadId, includeTurns: true }, (r) => r.thread.turns.length === turns);
        mark("page");
        const page = await timed("thread/turns/list", { threadId: seed.threadId, limit: 20, sortDirection: "desc" }, (r) => r.data.length === 20);
        mark("turn");
        const { sent, deltaAt } = await h.timedTurn(client, seed.threadId);
        mark("turn-completed");
        return { resume, read, "turns-page": page, "first-delta": deltaAt - sent, "peak-rss": h.peakRssMiB(client.child.pid) };
      } finally {
        await client.close();
      }
    };
  }

  return {
    /** spawn → initialize → thread/start → turn/start sent at once: turn/start → first delta. */
    async "cold-first-delta"({ spawnServer }) {
      const mock = await h.responsesMock(HELLO_SSE);
      const client = spawnServer({ args: h.mockArgs(mock), env: { MOCK_API_KEY: "bench" } });
      try {
        await client.request("initialize", { clientInfo: h.CLIENT_INFO });
        client.send({ method: "initialized" });
        const { message } = await client.request("thread/start", { cwd: os.tmpdir() });
        if (!message.result) throw new Error(`thread/start failed: ${JSON.stringify(message)}`);
        const { sent, deltaAt } = await h.timedTurn(client, message.result.thread.id);
        return deltaAt - sent;
      } finally {
        await client.close();
      }
    },

    "long-history-200": longHistory(200),
    "long-history-2000": longHistory(2000),

    /** 4 WebSocket clients, 20 threads, each running a 2,000-delta turn at once. */
    async "many-threads"({ spawnServer }) {
      const mock = await h.responsesMock(sseBody(deltaResponse(2_000)));
      const port = await freePort();
      const server = spawnServer({ args: ["--listen", `ws://127.0.0.1:${port}`, ...h.mockArgs(mock)], env: { MOCK_API_KEY: "bench" } });
      const clients = [];
      try {
        for (let c = 0; c < 4; c++) clients.push(await WsClient.connect(`ws://127.0.0.1:${port}`));
        const turns = [];
        for (const client of clients) {
          await client.request("initialize", { clientInfo: h.CLIENT_INFO });
          client.socket.send(JSON.stringify({ method: "initialized" }));
          for (let t = 0; t < 5; t++) {
            const { message } = await client.request("thread/start", { cwd: os.tmpdir() });
            if (!message.result) throw new Error(`thread/start failed: ${JSON.stringify(message)}`);
            turns.push({ client, threadId: message.result.thread.id });
          }
        }
        const started = performance.now();
        const done = await Promise.all(
          turns.map(async ({ client, threadId }) => {
            const completed = client.waitFor((m) => m.method === "turn/completed" && m.params.threadId === threadId);
            await client.request("turn/start", { threadId, input: [{ type: "text", text: "say hello" }] });
            const { message, at } = await completed;
            if (message.params.turn.status !== "completed") throw new Error(`turn ended ${JSON.stringify(message.params.turn)}`);
            const times = client.deltaTimes.get(message.params.turn.id) ?? [];
            if (times.length !== 2_000) throw new Error(`expected 2000 deltas, got ${times.length}`);
            return { at, gaps: times.slice(1).map((t, i) => t - times[i]) };
          }),
        );
        const wall = Math.max(...done.map((d) => d.at)) - started;
        return { wall, "p99-gap": percentile(done.flatMap((d) => d.gaps), 99), "peak-rss": h.peakRssMiB(server.child.pid) };
      } finally {
        for (const client of clients) client.close();
        await server.close();
      }
    },

    /** RSS of the server holding 200 loaded idle threads. */
    async "idle-loaded"({ spawnServer }) {
      const mock = await h.responsesMock(HELLO_SSE);
      const client = spawnServer({ args: h.mockArgs(mock), env: { MOCK_API_KEY: "bench" } });
      try {
        await client.request("initialize", { clientInfo: h.CLIENT_INFO });
        client.send({ method: "initialized" });
        for (let t = 0; t < 200; t++) {
          const { message } = await client.request("thread/start", { cwd: os.tmpdir() });
          if (!message.result) throw new Error(`thread/start failed: ${JSON.stringify(message)}`);
        }
        const loaded = await client.request("thread/loaded/list", {});
        if ((loaded.message.result?.data?.length ?? 0) < 200) throw new Error(`expected 200 loaded threads: ${JSON.stringify(loaded.message).slice(0, 200)}`);
        await h.sleep(1_000);
        return rssMiB(client.child.pid);
      } finally {
        await client.close();
      }
    },

    /** `thread/list {limit: 50}` (first request after initialize) and a `searchTerm` query over 100,000 stored threads. */
    async "list-100k"({ spawnServer, target, argv }) {
      const prepare = await h.threadListHome(target, argv, 100_000);
      const client = spawnServer(prepare);
      try {
        await client.request("initialize", { clientInfo: h.CLIENT_INFO });
        client.send({ method: "initialized" });
        // See BENCH_MARKS in longHistory.
        if (process.env.BENCH_MARKS) console.error(`MARK list ${process.hrtime.bigint() / 1000n}`);
        let sent = performance.now();
        const first = await client.request("thread/list", { limit: 50 });
        if (process.env.BENCH_MARKS) console.error(`MARK listed ${process.hrtime.bigint() / 1000n}`);
        if (first.message.result?.data?.length !== 50) throw new Error(`thread/list failed: ${JSON.stringify(first.message).slice(0, 300)}`);
        const list = first.at - sent;
        sent = performance.now();
        const searched = await client.request("thread/list", { limit: 50, searchTerm: "number 4242" });
        if (!(searched.message.result?.data?.length >= 1)) throw new Error(`thread/list searchTerm failed: ${JSON.stringify(searched.message).slice(0, 300)}`);
        return { first: list, search: searched.at - sent };
      } finally {
        await client.close();
      }
    },
  };
}

