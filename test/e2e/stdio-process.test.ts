import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, drainLogs } from "../../src/logging/logger.js";
import { repoRoot, serverBin } from "../helpers/paths.js";
import { ServerProcess } from "../helpers/server-process.js";

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion with stdin closed. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverBin, ...args], {
      env: { ...process.env, CODEX_HOME: mkdtempSync(path.join(os.tmpdir(), "aas-home-")), ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const tmpFile = (name: string) => path.join(mkdtempSync(path.join(os.tmpdir(), "aas-log-")), name);

async function waitForFile(file: string, contains: string, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (text.includes(contains) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("shutdown on end of input", () => {
  it("exits 0 within 1 s of stdin closing", async () => {
    server = new ServerProcess();
    await server.initialize();
    const started = performance.now();
    server.child.stdin.end();
    const exit = await server.exited;
    const elapsed = performance.now() - started;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeLessThan(1_000);
  });

  // These two count the process start-up too (nothing is answered before EOF),
  // so they hold to the 5 s that clients rely on rather than the 1 s above:
  // on a loaded 2-core machine the start-up alone can take over a second.
  it("exits 0 within 5 s of spawning when stdin closes before any message", async () => {
    server = new ServerProcess();
    const started = performance.now();
    server.child.stdin.end();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.received).toEqual([]);
  });

  it("answers every request received before EOF, then exits 0 within 5 s of spawning", async () => {
    server = new ServerProcess();
    const lines = [
      JSON.stringify({ id: 0, method: "initialize", params: { clientInfo: { name: "eof", version: "1" }, capabilities: { experimentalApi: true } } }),
      JSON.stringify({ method: "initialized" }),
      ...Array.from({ length: 25 }, (_, i) => JSON.stringify({ id: i + 1, method: "mock/experimentalMethod", params: { value: `q${i}` } })),
      "not json",
    ];
    const started = performance.now();
    server.sendRaw(lines.join("\n"));
    server.child.stdin.end();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(5_000);
    await server.stdioClosed;
    const messages = server.received.map((r) => r.message);
    const answered = messages.filter((m) => "id" in m);
    expect(answered).toHaveLength(27);
    // Besides the answers, only what every initialized connection is told.
    expect(messages.filter((m) => !("id" in m)).map((m) => m.method)).toEqual(["remoteControl/status/changed"]);
    expect(answered.find((m) => m.id === 0)?.result).toMatchObject({ platformFamily: "unix" });
    for (let i = 0; i < 25; i++) expect(answered).toContainEqual({ id: i + 1, result: { echoed: `q${i}` } });
    expect(answered).toContainEqual({ id: null, error: { code: -32700, message: expect.stringMatching(/^Parse error/) } });
  });
});

describe("command line", () => {
  it.each([["--help"], ["-h"], ["app-server", "--help"]])("%s prints usage and exits 0", async (...args) => {
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}agent-app-server \[app-server\]/);
    expect(result.stderr).toBe("");
  });

  // Clients check `codex --version` against `codex-cli X.Y.Z` before spawning the app-server.
  it.each([["--version"], ["-V"]])("%s prints codex-cli 0.169.0 first, then this program, and exits 0", async (flag) => {
    const result = await runCli([flag]);
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    expect(result).toEqual({ code: 0, stdout: `codex-cli 0.169.0 (agent-app-server ${version})\n`, stderr: "" });
    expect(result.stdout).toMatch(/^codex-cli (\d+)\.(\d+)\.(\d+)/);
  });

  it.each([
    ["unknown flag", ["--bogus"]],
    ["unknown flag after the subcommand", ["app-server", "--frobnicate"]],
    ["unexpected argument", ["app-server", "extra"]],
    ["-c without key=value", ["-c", "novalue"]],
    ["-c with an empty key", ["-c", "=x"]],
    ["-c without a value", ["-c"]],
    ["--listen without a value", ["--listen"]],
    ["--listen with an unsupported scheme", ["--listen", "tcp://127.0.0.1:4500"]],
    ["--listen with something that is not a URL", ["app-server", "--listen", "nonsense"]],
    ["--stdio with --listen ws://", ["app-server", "--stdio", "--listen", "ws://127.0.0.1:0"]],
    ["--stdio with a value", ["app-server", "--stdio=yes"]],
    ["--stdio with generate-ts", ["generate-ts", "--out", "x", "--stdio"]],
  ])("%s: exit 2 with exactly one line on stderr", async (_name, args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.endsWith("\n")).toBe(true);
    expect(result.stderr.slice(0, -1).split("\n")).toHaveLength(1);
  });

  it("serves with valid -c overrides and --listen stdio://", async () => {
    server = new ServerProcess({ args: ["app-server", "--listen", "stdio://", "-c", "model=\"gpt-5\"", "--config", "model_reasoning_effort=high"] });
    expect((await server.initialize()).platformFamily).toBe("unix");
  });

  it("app-server --stdio serves stdio like --listen stdio://, and exits 0 within 5 s of stdin closing", async () => {
    server = new ServerProcess({ args: ["app-server", "--stdio"] });
    expect((await server.initialize()).platformFamily).toBe("unix");
    const started = performance.now();
    server.child.stdin.end();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("stdout carries protocol messages only", () => {
  it("even at LOG_LEVEL=trace every stdout line is a JSON object; logs go to stderr", async () => {
    server = new ServerProcess({ env: { LOG_LEVEL: "trace" } });
    await server.callError("mock/experimentalMethod", {});
    await server.initialize({ experimentalApi: true });
    await server.call("mock/experimentalMethod", { value: "v" });
    server.sendRaw("{broken");
    server.sendRaw('{"method":"unknown/notification"}');
    await server.waitFor((m) => m.id === null);
    expect(await server.close()).toEqual({ code: 0, signal: null });
    await server.stdioClosed;
    expect(server.badLines).toEqual([]);
    expect(server.received.length).toBeGreaterThanOrEqual(4);
    const logLines = server.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(logLines.length).toBeGreaterThan(0);
    const levels = logLines.map((l) => (JSON.parse(l) as { level: number }).level);
    expect(levels.some((level) => level <= 20)).toBe(true); // debug/trace lines are emitted, on stderr
  });
});

describe("log destination", () => {
  it("--log-file writes logs to the file (creating its directory), not to stderr", async () => {
    const file = path.join(tmpFile("dir"), "nested", "server.log");
    server = new ServerProcess({ args: ["app-server", "--log-file", file], env: { LOG_LEVEL: "debug" } });
    await server.initialize();
    await server.close();
    await server.stdioClosed;
    const log = await waitForFile(file, "stdin closed");
    expect(log).toContain("serving on stdio");
    expect(log).toContain("stdin closed");
    expect(server.stderr).toBe("");
  });

  it("--log-file: logs survive an immediate EOF (exit before the file is open), nothing on stderr", async () => {
    const file = tmpFile("early.log");
    server = new ServerProcess({ args: ["--log-file", file], env: { LOG_LEVEL: "debug" } });
    expect(await server.close()).toEqual({ code: 0, signal: null });
    await server.stdioClosed;
    expect(server.stderr).toBe("");
    expect(await waitForFile(file, "stdin closed", 1_000)).toContain("stdin closed");
  });

  it("--log-file=PATH inline form", async () => {
    const file = tmpFile("inline.log");
    server = new ServerProcess({ args: [`--log-file=${file}`], env: { LOG_LEVEL: "debug" } });
    await server.initialize();
    await server.close();
    expect(await waitForFile(file, "stdin closed")).toContain("serving on stdio");
    expect(server.stderr).toBe("");
  });

  it("AGENT_APP_SERVER_LOG_FILE does the same", async () => {
    const file = tmpFile("env.log");
    server = new ServerProcess({ env: { LOG_LEVEL: "debug", AGENT_APP_SERVER_LOG_FILE: file } });
    await server.initialize();
    await server.close();
    expect(await waitForFile(file, "stdin closed")).toContain("serving on stdio");
    expect(server.stderr).toBe("");
  });

  // No server path logs a credential yet, so redaction is checked on the logger the server uses.
  it("redacts authorization headers, API keys and tokens", async () => {
    const file = tmpFile("secrets.log");
    const logger = createLogger({ file, level: "info" });
    logger.info({ authorization: "Bearer sk-secret-1" }, "top-level header");
    logger.info({ headers: { Authorization: "Bearer sk-secret-2", "content-type": "application/json" } }, "headers");
    logger.info({ request: { headers: { authorization: "Bearer sk-secret-3" } } }, "nested headers");
    logger.info({ apiKey: "sk-secret-4", provider: { api_key: "sk-secret-5" } }, "keys");
    logger.info({ auth: { tokens: { access_token: "sk-secret-6" } }, login: { refresh_token: "sk-secret-7" } }, "tokens");
    logger.info({ env: { OPENAI_API_KEY: "sk-secret-8" }, user: { password: "sk-secret-9" } }, "env");
    logger.info({ done: true }, "last line");
    await drainLogs();
    const log = await waitForFile(file, "last line");
    const entries = log.trim().split("\n").map((l) => JSON.parse(l) as Record<string, any>);
    expect(entries).toHaveLength(7);
    expect(log).not.toMatch(/sk-secret/);
    expect(entries[0]!.authorization).toBe("[redacted]");
    expect(entries[1]!.headers).toEqual({ Authorization: "[redacted]", "content-type": "application/json" });
    expect(entries[2]!.request.headers.authorization).toBe("[redacted]");
    expect(entries[3]!.apiKey).toBe("[redacted]");
    expect(entries[3]!.provider.api_key).toBe("[redacted]");
    expect(entries[4]!.auth.tokens).toBe("[redacted]");
    expect(entries[4]!.login.refresh_token).toBe("[redacted]");
    expect(entries[5]!.env.OPENAI_API_KEY).toBe("[redacted]");
    expect(entries[5]!.user.password).toBe("[redacted]");
  });
});
