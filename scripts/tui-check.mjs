#!/usr/bin/env node
/**
 * End-to-end check: the real Codex TUI (codex-cli 0.169.0, `codex --remote ws://…`) against
 * this server. Not part of `npm test`: it needs tmux and a built dist/ (the reference comes
 * from the pinned @openai/codex devDependency).
 *
 *   node scripts/tui-check.mjs [--codex PATH] [--out DIR] [--no-proxy] [--inject-error M1,M2] [--server "CMD"]
 *
 *   --codex PATH   the codex launcher or native binary (else $CODEX_BIN, else the
 *                  binary of the pinned @openai/codex devDependency, scripts/reference-codex.mjs)
 *   --out DIR      where logs, screens and the traffic log go (default: a new temp dir)
 *   --no-proxy     connect the TUI straight to the server (no traffic log)
 *   --inject-error METHODS  the proxy answers these requests (comma-separated) itself with
 *                  -32601 "unsupported" instead of forwarding them (tolerance experiments)
 *   --server "CMD" run this command instead of `node dist/src/cli.js app-server`
 *                  (`--listen ws://127.0.0.1:0` is appended; it must log `listening on ws://…`)
 *
 * What runs, all on 127.0.0.1:
 *   - a mock Responses model (test/helpers/mock-responses.mjs): every turn streams
 *     "Hello from mock model.";
 *   - a mock ChatGPT backend (node:http) answering GET /backend-api/wham/usage,
 *     GET /backend-api/wham/rate-limit-reset-credits, POST …/rate-limit-reset-credits/consume
 *     and GET /backend-api/wham/accounts/check (workspace routing for `account/read`) from
 *     fixtures/backend/, 404 for everything else; a consume removes the credit, so the
 *     following reads report one reset fewer;
 *   - this server, `app-server --listen ws://127.0.0.1:0`, with its own CODEX_HOME (ChatGPT
 *     auth.json with fake unsigned JWTs, config.toml: provider "mock", chatgpt_base_url);
 *   - a logging websocket proxy between the TUI and the server, writing `traffic.log`
 *     (`>>` TUI→server, `<<` server→TUI, `!!` proxy events; the format of
 *     test/fixtures/reference-traffic/tui-traffic-codex-0.169.0.log);
 *   - the TUI in a private tmux server (`tmux -L aas-tui-check-<pid>`, 200x50), with a second
 *     CODEX_HOME holding the same auth/config, driven with send-keys / capture-pane.
 *
 * Scenarios (each wait bounded): startup, chat, usage, reset. Prints PASS/FAIL per scenario
 * (with the screen on failure), writes result.json (with the traffic line range of each
 * scenario) into the output directory, and exits 1 if any scenario failed (2 on setup errors).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket, { WebSocketServer } from "ws";

import { MockResponsesServer } from "../test/helpers/mock-responses.mjs";
import { referenceCodexBinary } from "./reference-codex.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROMPT = "Say hello to the e2e harness";
const ANSWER = "Hello from mock model.";
const MODEL = "gpt-5.1-codex";
const IDENTITY = { email: "mock-user@example.com", plan: "pro", userId: "user-mock-123", accountId: "acct-mock-123" };

// ---------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { codex: process.env.CODEX_BIN || null, out: null, proxy: true, server: null, injectErrors: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--codex") options.codex = value();
    else if (arg === "--out") options.out = value();
    else if (arg === "--no-proxy") options.proxy = false;
    else if (arg === "--server") options.server = value();
    else if (arg === "--inject-error") for (const m of value().split(",")) options.injectErrors.add(m.trim());
    else if (arg === "--help" || arg === "-h") {
      const source = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
      const usage = source.slice(2, source.findIndex((l) => l.startsWith(" * What runs")));
      process.stdout.write(usage.map((l) => l.replace(/^ \* ?/, "")).join("\n") + "\n");
      process.exit(0);
    } else fail(`unknown argument ${arg} (see --help)`);
  }
  return options;
}

function fail(message) {
  process.stderr.write(`tui-check: ${message}\n`);
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------
// Fake ChatGPT login (unsigned JWTs, as test/helpers/backend-mock.ts builds them)

function b64url(value) {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function makeJwt(payload) {
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url(payload)}.c2ln`;
}

function authJson() {
  const exp = Math.floor(Date.now() / 1000) + 10 * 365 * 24 * 3600;
  const authClaims = {
    chatgpt_plan_type: IDENTITY.plan,
    chatgpt_user_id: IDENTITY.userId,
    user_id: IDENTITY.userId,
    chatgpt_account_id: IDENTITY.accountId,
  };
  const idToken = makeJwt({ email: IDENTITY.email, exp, "https://api.openai.com/auth": authClaims });
  const accessToken = makeJwt({ exp, "https://api.openai.com/auth": authClaims, "https://api.openai.com/profile": { email: IDENTITY.email } });
  return {
    auth: {
      auth_mode: "chatgpt",
      OPENAI_API_KEY: null,
      tokens: { id_token: idToken, access_token: accessToken, refresh_token: "mock-refresh-token", account_id: IDENTITY.accountId },
      last_refresh: new Date().toISOString(),
    },
    accessToken,
  };
}

function configToml({ modelUrl, backendUrl, repo }) {
  return [
    `model = "${MODEL}"`,
    `model_provider = "mock"`,
    `approval_policy = "on-request"`,
    `sandbox_mode = "read-only"`,
    `chatgpt_base_url = "${backendUrl}"`,
    `check_for_update_on_startup = false`,
    ``,
    `[model_providers.mock]`,
    `name = "mock"`,
    `base_url = "${modelUrl}"`,
    `wire_api = "responses"`,
    `requires_openai_auth = true`,
    `request_max_retries = 0`,
    `stream_max_retries = 0`,
    ``,
    `[analytics]`,
    `enabled = false`,
    ``,
    `[projects."${repo}"]`,
    `trust_level = "trusted"`,
    ``,
  ].join("\n");
}

function writeCodexHome(dir, files) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "auth.json"), JSON.stringify(files.auth, null, 2), { mode: 0o600 });
  writeFileSync(path.join(dir, "config.toml"), files.config);
}

// ---------------------------------------------------------------------------
// Mock ChatGPT backend

function fixture(name) {
  return JSON.parse(readFileSync(path.join(repoRoot, "fixtures/backend", name), "utf8"));
}

async function startBackend() {
  const usage = fixture("usage.json");
  const credits = fixture("credits.json");
  const accountsCheck = fixture("accounts-check.json");
  const consumeReset = fixture("consume-reset.json");
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    let json;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push({ method: req.method, path: url.pathname, query: url.search, userAgent: req.headers["user-agent"] ?? null, body, json, at: Date.now() });
    const send = (status, payload) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /backend-api/wham/usage") return send(200, usage);
    if (route === "GET /backend-api/wham/rate-limit-reset-credits") return send(200, credits);
    if (route === "GET /backend-api/wham/accounts/check") return send(200, accountsCheck);
    if (route === "POST /backend-api/wham/rate-limit-reset-credits/consume") {
      const creditId = json?.credit_id ?? null;
      const index = credits.credits.findIndex((c) => c.id === creditId);
      if (index === -1 && creditId !== null) return send(200, { code: "no_credit" });
      const credit = index === -1 ? credits.credits[0] : credits.credits[index];
      credits.credits.splice(credits.credits.indexOf(credit), 1);
      credits.available_count = credits.credits.length;
      usage.rate_limit_reset_credits = { available_count: credits.credits.length };
      return send(200, { ...consumeReset, credit: { id: credit.id, status: "redeemed" } });
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  return {
    requests,
    url: `http://127.0.0.1:${port}/backend-api`,
    close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(() => resolve()))),
  };
}

// ---------------------------------------------------------------------------
// The server under test

function startServer({ command, codexHome, cwd, logPath }) {
  const argv = command ?? [process.execPath, path.join(repoRoot, "dist/src/cli.js"), "app-server"];
  const child = spawn(argv[0], [...argv.slice(1), "--listen", "ws://127.0.0.1:0"], {
    cwd,
    env: { ...cleanEnv(), CODEX_HOME: codexHome, LOG_LEVEL: process.env.LOG_LEVEL ?? "debug" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(logPath);
  let stdoutBytes = 0;
  child.stdout.on("data", (chunk) => {
    stdoutBytes += chunk.length;
    log.write(`[stdout] ${chunk}`);
  });
  const url = new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`server did not log "listening on ws://…" within 15 s (see ${logPath})`)), 15_000);
    child.stderr.on("data", (chunk) => {
      log.write(chunk);
      buffer += chunk.toString("utf8");
      const match = /listening on:? (ws:\/\/[0-9.:[\]]+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
        buffer = "";
      } else if (buffer.length > 1 << 20) buffer = buffer.slice(-4096);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${signal ?? code}); see ${logPath}`));
    });
  });
  return {
    child,
    url,
    get stdoutBytes() {
      return stdoutBytes;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}

/** The environment without credentials that could leak into either process. */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(OPENAI_|CODEX_)/.test(key) || /API_KEY/.test(key)) delete env[key];
  }
  return env;
}

// ---------------------------------------------------------------------------
// Logging websocket proxy (TUI ⇄ server)

async function startProxy({ upstream, logPath, injectErrors = new Set() }) {
  const log = createWriteStream(logPath);
  let lines = 0;
  const write = (line) => {
    log.write(`${line}\n`);
    lines++;
  };
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
  const sockets = new Set();
  wss.on("connection", (client, request) => {
    sockets.add(client);
    write(JSON.stringify({ dir: "connect", headers: request.headers, url: request.url }));
    const queue = [];
    // No compression offer upstream: the server then talks plain text frames, as with the reference.
    const server = new WebSocket(`${upstream}${request.url ?? "/"}`, { perMessageDeflate: false });
    sockets.add(server);
    server.on("open", () => {
      for (const frame of queue.splice(0)) server.send(frame.data, { binary: frame.isBinary });
    });
    client.on("message", (data, isBinary) => {
      const text = isBinary ? `<binary ${data.length} bytes>` : data.toString("utf8");
      write(`>> ${text}`);
      if (injectErrors.size > 0 && !isBinary) {
        let message;
        try {
          message = JSON.parse(text);
        } catch {
          message = null;
        }
        if (message && "id" in message && injectErrors.has(message.method)) {
          const reply = JSON.stringify({ id: message.id, error: { code: -32601, message: "unsupported" } });
          write(`!! injected error for ${message.method}`);
          write(`<< ${reply}`);
          client.send(reply);
          return;
        }
      }
      if (server.readyState === WebSocket.OPEN) server.send(data, { binary: isBinary });
      else queue.push({ data, isBinary });
    });
    server.on("message", (data, isBinary) => {
      write(`<< ${isBinary ? `<binary ${data.length} bytes>` : data.toString("utf8")}`);
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    client.on("close", (code) => {
      write(`!! client closed${code ? ` (${code})` : ""}`);
      server.close();
    });
    server.on("close", (code) => {
      write(`!! upstream closed${code ? ` (${code})` : ""}`);
      client.close();
    });
    server.on("error", (error) => write(`!! upstream error ${error.message}`));
    client.on("error", (error) => write(`!! client error ${error.message}`));
  });
  await new Promise((resolve) => wss.once("listening", resolve));
  return {
    url: `ws://127.0.0.1:${wss.address().port}`,
    get lines() {
      return lines;
    },
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise((resolve) => wss.close(() => resolve()));
      await new Promise((resolve) => log.end(resolve));
    },
  };
}

/** Parsed `>>` / `<<` messages of the traffic log from line `from` on. */
function trafficSince(logPath, from) {
  if (!existsSync(logPath)) return [];
  const out = [];
  readFileSync(logPath, "utf8")
    .split("\n")
    .slice(from)
    .forEach((line) => {
      const dir = line.slice(0, 2);
      if (dir !== ">>" && dir !== "<<") return;
      try {
        out.push({ dir, message: JSON.parse(line.slice(3)) });
      } catch {
        /* not JSON */
      }
    });
  return out;
}

// ---------------------------------------------------------------------------
// tmux

class Tui {
  constructor({ codex, codexHome, cwd, url, outDir }) {
    this.socket = `aas-tui-check-${process.pid}`;
    this.target = "tui";
    const conf = path.join(outDir, "tmux.conf");
    writeFileSync(conf, "set -g remain-on-exit on\nset -g history-limit 20000\nset -g status off\n");
    const env = cleanEnv();
    const envArgs = ["env", "-u", "TMUX", `CODEX_HOME=${codexHome}`, "TERM=xterm-256color", `PATH=${env.PATH ?? ""}`, `HOME=${env.HOME ?? os.homedir()}`];
    const command = [...envArgs, codex, "--remote", url].map(shellQuote).join(" ");
    this.tmux(["-f", conf, "new-session", "-d", "-s", this.target, "-x", "200", "-y", "50", "-c", cwd, command]);
  }

  tmux(args, options = {}) {
    return execFileSync("tmux", ["-L", this.socket, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
  }

  /** The visible screen plus scrollback (the TUI writes finished history above its viewport). */
  capture() {
    try {
      return this.tmux(["capture-pane", "-p", "-J", "-S", "-2000", "-t", this.target])
        .split("\n")
        .map((line) => line.trimEnd())
        .join("\n")
        .replace(/\n+$/, "");
    } catch (error) {
      return `<capture failed: ${error.message}>`;
    }
  }

  /** Only the visible screen. */
  screen() {
    try {
      return this.tmux(["capture-pane", "-p", "-J", "-t", this.target]).replace(/[ \t]+$/gm, "").replace(/\n+$/, "");
    } catch (error) {
      return `<capture failed: ${error.message}>`;
    }
  }

  dead() {
    try {
      const [dead, status] = this.tmux(["display-message", "-p", "-t", this.target, "#{pane_dead} #{pane_dead_status}"]).trim().split(" ");
      return dead === "1" ? { status } : null;
    } catch {
      return { status: "gone" };
    }
  }

  keys(...keys) {
    this.tmux(["send-keys", "-t", this.target, ...keys]);
  }

  /** Types `text` literally, waits out the paste-burst detection, then presses Enter. */
  async submit(text) {
    this.tmux(["send-keys", "-t", this.target, "-l", text]);
    await sleep(500);
    this.keys("Enter");
  }

  /** Remembers the error lines on screen now; `waitFor` fails fast on any new one. */
  markErrors() {
    this.errorBaseline = errorLines(this.capture()).length;
  }

  /** Waits until `predicate(capture)` holds; throws with the reason on timeout, a new error line or TUI exit. */
  async waitFor(description, predicate, timeoutMs, { visibleOnly = false } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = visibleOnly ? this.screen() : this.capture();
      if (predicate(text)) return text;
      const errors = errorLines(visibleOnly ? this.capture() : text);
      if (this.errorBaseline !== undefined && errors.length > this.errorBaseline) {
        throw new CheckError(`error on screen while waiting for ${description}:\n${errors.slice(this.errorBaseline).join("\n")}`);
      }
      const dead = this.dead();
      if (dead) throw new CheckError(`the TUI exited (status ${dead.status}) while waiting for ${description}`);
      if (Date.now() > deadline) throw new CheckError(`timed out after ${timeoutMs} ms waiting for ${description}`);
      await sleep(150);
    }
  }

  kill() {
    let socketPath = null;
    try {
      socketPath = this.tmux(["display-message", "-p", "#{socket_path}"]).trim();
      this.tmux(["kill-server"]);
    } catch {
      /* already gone */
    }
    // tmux leaves the socket file of a killed server behind.
    if (socketPath) rmSync(socketPath, { force: true });
  }
}

function shellQuote(value) {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${String(value).replace(/'/g, `'\\''`)}'`;
}

class CheckError extends Error {}

/** Error-looking lines of a capture (what a failing TUI prints). */
function errorLines(text) {
  return text.split("\n").filter((line) => /^\s*(Error:|■)|failed|unsupported \(code|Couldn't|data not available/.test(line));
}

// ---------------------------------------------------------------------------
// Scenarios

const SCENARIOS = [
  {
    name: "startup",
    description: "no error screen; the composer appears and the session footer shows the model",
    async run({ tui, cwd }) {
      const screen = await tui.waitFor(
        `the composer and the footer "${MODEL} … · ${path.basename(cwd)}"`,
        (text) => text.includes("›") && new RegExp(`${MODEL.replace(/\./g, "\\.")}.*·`).test(text.split("\n").slice(-6).join("\n")),
        30_000,
        { visibleOnly: true },
      );
      // The startup requests are answered in the background: give them a moment to land.
      await sleep(2000);
      const after = tui.capture();
      const errors = errorLines(after);
      if (errors.length > 0) throw new CheckError(`error lines on screen:\n${errors.join("\n")}`);
      return screen;
    },
  },
  {
    name: "chat",
    description: `a prompt gets the streamed answer "${ANSWER}"`,
    async run({ tui, model }) {
      const before = model.requests.length;
      await tui.submit(PROMPT);
      await tui.waitFor(`"${ANSWER}"`, (text) => text.includes(ANSWER), 30_000);
      // The turn ends (the composer returns to idle; "Working" goes away).
      const screen = await tui.waitFor("the turn to end", (text) => !/Working \(|esc to interrupt/.test(text.split("\n").slice(-12).join("\n")), 20_000, {
        visibleOnly: true,
      });
      if (model.requests.length <= before) throw new CheckError("the model mock received no request");
      const request = model.requests[before];
      const input = JSON.stringify(request.body?.input ?? "");
      if (!input.includes(PROMPT)) throw new CheckError(`the first model request does not carry the prompt: ${input.slice(0, 300)}`);
      const errors = errorLines(tui.capture());
      if (errors.length > 0) throw new CheckError(`error lines on screen:\n${errors.join("\n")}`);
      return screen;
    },
  },
  {
    name: "usage",
    description: "/status shows the limit windows; /usage lists windows and the reset credits",
    async run({ tui }) {
      await tui.submit("/status");
      await tui.waitFor(
        "/status with the 5h and weekly windows (58% / 93% left)",
        (text) => /5h limit:.*58% left/.test(text) && /Weekly limit:.*93% left/.test(text),
        20_000,
      );
      await sleep(500);
      await tui.submit("/usage");
      await tui.waitFor('the /usage menu with "Redeem reset"', (text) => /Redeem reset/.test(text), 20_000, { visibleOnly: true });
      tui.keys("Down");
      await sleep(300);
      tui.keys("Enter");
      const screen = await tui.waitFor(
        'the reset list ("2 usage limit resets available", the two credits)',
        (text) => /2 usage limit resets available/.test(text) && /Usage limit reset/.test(text) && /Full reset|Does not expire/.test(text),
        20_000,
        { visibleOnly: true },
      );
      return screen;
    },
  },
  {
    name: "reset",
    // Starts from the reset list the usage scenario opened.
    needs: "usage",
    description: "redeem the first credit through the confirmation; exactly one consume POST with a redeem_request_id",
    async run({ tui, backend, trafficLog, trafficFrom }) {
      const consumesBefore = backend.requests.filter((r) => r.path.endsWith("/rate-limit-reset-credits/consume")).length;
      tui.keys("Enter");
      await tui.waitFor('the confirmation "Use this reset?"', (text) => /Use this reset\?/.test(text) && /Yes, use reset/.test(text), 15_000, {
        visibleOnly: true,
      });
      tui.keys("Up");
      await sleep(300);
      tui.keys("Enter");
      const screen = await tui.waitFor(
        '"Usage reset." with one reset left',
        (text) => /Usage reset\. You have 1 usage limit reset left/.test(text),
        30_000,
        { visibleOnly: true },
      );
      const consumes = backend.requests.filter((r) => r.path.endsWith("/rate-limit-reset-credits/consume"));
      const fresh = consumes.slice(consumesBefore);
      if (fresh.length !== 1 || consumes.length !== 1) {
        throw new CheckError(`expected exactly one consume POST at the backend, got ${consumes.length}`);
      }
      const body = fresh[0].json ?? {};
      if (fresh[0].method !== "POST") throw new CheckError(`consume used ${fresh[0].method}`);
      if (typeof body.redeem_request_id !== "string" || body.redeem_request_id.length === 0) {
        throw new CheckError(`consume body without redeem_request_id: ${fresh[0].body}`);
      }
      if (body.credit_id !== "credit-1") throw new CheckError(`consume body credit_id ${JSON.stringify(body.credit_id)}, expected "credit-1"`);
      if (trafficLog) {
        const rpc = trafficSince(trafficLog, trafficFrom).find((m) => m.dir === ">>" && m.message.method === "account/rateLimitResetCredit/consume");
        if (rpc && rpc.message.params?.idempotencyKey !== body.redeem_request_id) {
          throw new CheckError(`redeem_request_id ${body.redeem_request_id} differs from the idempotencyKey ${rpc.message.params?.idempotencyKey}`);
        }
      }
      tui.keys("Enter");
      await sleep(300);
      return screen;
    },
  },
];

// ---------------------------------------------------------------------------
// Main

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.codex === null) {
    try {
      options.codex = referenceCodexBinary();
    } catch (error) {
      fail(`${error instanceof Error ? error.message : error}\nOr pass --codex PATH or set CODEX_BIN.`);
    }
  }
  if (!existsSync(options.codex)) fail(`the Codex TUI was not found at ${options.codex} (--codex PATH or CODEX_BIN).`);
  if (spawnSync("tmux", ["-V"]).status !== 0) fail("tmux is required (apt-get install -y tmux)");
  if (options.injectErrors.size > 0 && !options.proxy) fail("--inject-error needs the proxy (drop --no-proxy)");
  if (!options.server && !existsSync(path.join(repoRoot, "dist/src/cli.js"))) fail("dist/ is missing: run `npx tsc -p tsconfig.json` first");

  const outDir = options.out ? path.resolve(options.out) : mkdtempSync(path.join(os.tmpdir(), "aas-tui-check-"));
  mkdirSync(outDir, { recursive: true });
  const repo = path.join(outDir, "project");
  mkdirSync(repo, { recursive: true });
  writeFileSync(path.join(repo, "README.md"), "# tui-check project\n");
  spawnSync("git", ["init", "-q", repo], { stdio: "ignore" });

  const cleanups = [];
  const runCleanups = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`tui-check: cleanup: ${error.message}\n`);
      }
    }
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(signal, () => {
      process.stderr.write(`tui-check: ${signal}, stopping the TUI, the server and the mocks\n`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
  const results = [];
  const scenarioRanges = {};
  let tui;
  let server;
  const trafficLog = options.proxy ? path.join(outDir, "traffic.log") : null;
  let exitCode = 0;
  try {
    const model = await MockResponsesServer.start();
    cleanups.push(() => model.close());
    const backend = await startBackend();
    cleanups.push(() => backend.close());

    const { auth, accessToken } = authJson();
    const config = configToml({ modelUrl: model.url, backendUrl: backend.url, repo });
    const serverHome = path.join(outDir, "server-home");
    const tuiHome = path.join(outDir, "tui-home");
    writeCodexHome(serverHome, { auth, config });
    writeCodexHome(tuiHome, { auth, config });

    server = startServer({
      command: options.server ? options.server.split(/\s+/).filter(Boolean) : null,
      codexHome: serverHome,
      cwd: repo,
      logPath: path.join(outDir, "server.log"),
    });
    cleanups.push(() => server.stop());
    const serverUrl = await server.url;
    let tuiUrl = serverUrl;
    let proxy;
    if (trafficLog) {
      proxy = await startProxy({ upstream: serverUrl, logPath: trafficLog, injectErrors: options.injectErrors });
      cleanups.push(() => proxy.close());
      tuiUrl = proxy.url;
    }
    process.stderr.write(`tui-check: server ${serverUrl}${proxy ? ` via proxy ${proxy.url}` : ""}; output in ${outDir}\n`);

    tui = new Tui({ codex: options.codex, codexHome: tuiHome, cwd: repo, url: tuiUrl, outDir });
    cleanups.push(() => tui.kill());

    let broken = null;
    const failed = new Set();
    for (const scenario of SCENARIOS) {
      const from = proxy ? proxy.lines : 0;
      const started = Date.now();
      let status = "PASS";
      let detail = "";
      let screen = "";
      if (broken || (scenario.needs && failed.has(scenario.needs))) {
        status = "FAIL";
        detail = `not run: ${broken ?? scenario.needs} failed`;
      } else {
        if (results.length > 0 && results.at(-1).status === "FAIL") {
          // A failed scenario may have left text in the composer or a popup open.
          tui.keys("Escape");
          await sleep(200);
          for (let i = 0; i < 4; i++) tui.keys(...Array(40).fill("BSpace"));
          await sleep(300);
        }
        tui.markErrors();
        try {
          screen = await scenario.run({ tui, model, backend, cwd: repo, trafficLog, trafficFrom: from });
        } catch (error) {
          status = "FAIL";
          detail = error instanceof CheckError ? error.message : `${error.stack ?? error}`;
          screen = tui.capture();
          if (scenario.name === "startup") broken = "startup";
          if (tui.dead()) broken = broken ?? `${scenario.name} (the TUI exited)`;
        }
      }
      scenarioRanges[scenario.name] = [from, proxy ? proxy.lines : 0];
      writeFileSync(path.join(outDir, `screen-${scenario.name}.txt`), `${screen || tui.capture()}\n`);
      results.push({ name: scenario.name, status, detail, ms: Date.now() - started });
      if (status === "FAIL") failed.add(scenario.name);
      process.stdout.write(`${status} ${scenario.name} (${Date.now() - started} ms): ${scenario.description}\n`);
      if (status === "FAIL") {
        exitCode = 1;
        process.stdout.write(`  ${detail.split("\n").join("\n  ")}\n`);
        if (screen) process.stdout.write(`  --- screen ---\n${screen.replace(/\n{3,}/g, "\n\n").split("\n").map((l) => `  | ${l}`).join("\n")}\n  --- end ---\n`);
      }
    }

    // Model requests must carry the ChatGPT login (provider with requires_openai_auth).
    const auths = new Set(model.requests.map((r) => r.headers.authorization));
    const modelAuthOk = model.requests.length > 0 && [...auths].every((a) => a === `Bearer ${accessToken}`);
    if (model.requests.length > 0 && !modelAuthOk) process.stdout.write(`note: model requests did not all carry the ChatGPT access token\n`);
    // The TUI's title-generation turn (ephemeral thread, outputSchema) must reach the model as a json_schema format.
    const titleRequest = model.requests.find((r) => JSON.stringify(r.body?.input ?? "").includes("Generate a concise, single-line task title"));
    const titleFormat = titleRequest ? (titleRequest.body?.text?.format?.type ?? null) : undefined;
    if (titleRequest && titleFormat !== "json_schema") process.stdout.write(`note: the title-generation request has text.format ${titleFormat}\n`);
    writeFileSync(path.join(outDir, "model-requests.json"), JSON.stringify(model.requests.map((r) => ({ path: r.path, body: r.body })), null, 2));
    tui.keys("C-c");
    await sleep(300);
    tui.keys("C-c");
    await sleep(700);
    writeFileSync(path.join(outDir, "screen-final.txt"), `${tui.capture()}\n`);
    const stdoutBytes = server.stdoutBytes;
    if (stdoutBytes > 0) {
      process.stdout.write(`FAIL the server wrote ${stdoutBytes} bytes to stdout in --listen mode\n`);
      exitCode = 1;
    }
    writeFileSync(
      path.join(outDir, "result.json"),
      JSON.stringify(
        {
          codex: options.codex,
          results,
          trafficLog,
          scenarioTrafficLines: scenarioRanges,
          modelRequests: model.requests.length,
          modelAuthIsChatgptToken: modelAuthOk,
          titleRequestFormat: titleFormat ?? null,
          backendRequests: backend.requests.map((r) => `${r.method} ${r.path}${r.query} (user-agent ${String(r.userAgent).split(" ")[0]})`),
        },
        null,
        2,
      ),
    );
  } catch (error) {
    process.stdout.write(`FAIL setup: ${error.message}\n`);
    if (tui) process.stdout.write(`${tui.capture()}\n`);
    exitCode = 2;
  } finally {
    await runCleanups();
  }
  const passed = results.filter((r) => r.status === "PASS").length;
  process.stdout.write(`${passed}/${SCENARIOS.length} scenarios passed; logs, screens${trafficLog ? ` and traffic (${trafficLog})` : ""} in ${outDir}\n`);
  process.exit(exitCode);
}

main();
