import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sandboxAvailability } from "../../src/core/sandbox/index.js";
import { ServerProcess } from "../helpers/server-process.js";
import { pidsWithArg, sleepMarker, waitUntil } from "../helpers/process-scan.js";

const full = { type: "dangerFullAccess" } as const;
const b64 = (text: string) => Buffer.from(text).toString("base64");
const unb64 = (text: string) => Buffer.from(text, "base64").toString();
const bwrapWorks = sandboxAvailability().available;

async function started(options: ConstructorParameters<typeof ServerProcess>[0] = {}): Promise<ServerProcess> {
  const server = new ServerProcess(options);
  await server.initialize();
  return server;
}

/** All `command/exec/outputDelta` params received for `processId`. */
function deltas(server: ServerProcess, processId: string): Array<{ stream: string; deltaBase64: string; capReached: boolean }> {
  return server.notifications("command/exec/outputDelta").map((m) => m.params as any).filter((p) => p.processId === processId);
}

describe("command/exec", () => {
  it("runs a buffered command: exit code, stdout, stderr, cwd and env", async () => {
    const server = await started();
    const dir = mkdtempSync(path.join(os.tmpdir(), "aas-exec-"));
    mkdirSync(path.join(dir, "sub"));
    const result = await server.call("command/exec", {
      command: ["sh", "-c", 'pwd; echo "$KEEP:${DROP-unset}" >&2; exit 7'],
      cwd: path.join(dir, "sub"),
      env: { KEEP: "kept", DROP: null },
      sandboxPolicy: full,
    });
    expect(result).toEqual({ exitCode: 7, stdout: `${path.join(dir, "sub")}\n`, stderr: "kept:unset\n" });

    const relative = await new ServerProcess({ cwd: dir }).initialize().then(() => ServerProcess.live);
    const inDir = [...relative].at(-1)!;
    expect(await inDir.call("command/exec", { command: ["pwd"], cwd: "sub", sandboxPolicy: full })).toEqual({
      exitCode: 0,
      stdout: `${path.join(dir, "sub")}\n`,
      stderr: "",
    });
  });

  it("streams stdout/stderr as base64 deltas to the caller before the response", async () => {
    const server = await started();
    const other = await started();
    const response = await server.request("command/exec", {
      command: ["sh", "-c", "printf 'one\\n'; sleep 0.1; printf 'two\\n' >&2; sleep 0.1; printf 'three'"],
      processId: "stream-1",
      streamStdoutStderr: true,
      sandboxPolicy: full,
    });
    expect(response.result).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    const received = deltas(server, "stream-1");
    expect(received.filter((d) => d.stream === "stdout").map((d) => unb64(d.deltaBase64)).join("")).toBe("one\nthree");
    expect(received.filter((d) => d.stream === "stderr").map((d) => unb64(d.deltaBase64)).join("")).toBe("two\n");
    expect(received.every((d) => d.capReached === false)).toBe(true);
    // Every delta precedes the response.
    const order = server.received.map((r) => r.message);
    const responseIndex = order.findIndex((m) => m.id === response.id && "result" in m);
    const lastDelta = order.findLastIndex((m) => m.method === "command/exec/outputDelta");
    expect(lastDelta).toBeLessThan(responseIndex);
    // Connection-scoped: the other client got nothing.
    expect(other.notifications("command/exec/outputDelta")).toEqual([]);
  });

  it("streams stdin through command/exec/write until closeStdin", async () => {
    const server = await started();
    const running = server.request("command/exec", {
      command: ["sh", "-c", "while read line; do echo got:$line; done; echo eof"],
      processId: "cat-1",
      streamStdin: true,
      streamStdoutStderr: true,
      sandboxPolicy: full,
    });
    expect(await server.call("command/exec/write", { processId: "cat-1", deltaBase64: b64("hello\n") })).toEqual({});
    await server.waitForNotification("command/exec/outputDelta", (p) => p.processId === "cat-1");
    expect(await server.call("command/exec/write", { processId: "cat-1", deltaBase64: b64("world\n"), closeStdin: true })).toEqual({});
    const response = await running;
    expect(response.result).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    expect(deltas(server, "cat-1").map((d) => unb64(d.deltaBase64)).join("")).toBe("got:hello\ngot:world\neof\n");
    expect(await server.callError("command/exec/write", { processId: "cat-1", closeStdin: true })).toEqual({
      code: -32600,
      message: 'no active command/exec for process id "cat-1"',
    });
  });

  it("write errors: stdin not streamed, already closed, bad base64, nothing to do", async () => {
    const server = await started();
    const marker = sleepMarker();
    const running = server.request("command/exec", { command: ["sleep", marker], processId: "p", sandboxPolicy: full });
    await waitUntil(() => pidsWithArg(marker).length === 1);
    expect(await server.callError("command/exec/write", { processId: "p", deltaBase64: b64("x") })).toEqual({
      code: -32600,
      message: "stdin streaming is not enabled for this command/exec",
    });
    expect(await server.callError("command/exec/write", { processId: "p" })).toEqual({
      code: -32602,
      message: "command/exec/write requires deltaBase64 or closeStdin",
    });
    expect((await server.callError("command/exec/write", { processId: "p", deltaBase64: "%%%" })).message).toMatch(/^invalid deltaBase64/);
    await server.call("command/exec/terminate", { processId: "p" });
    await running;

    const cat = server.request("command/exec", { command: ["cat"], processId: "c", streamStdin: true, sandboxPolicy: full });
    await server.call("command/exec/write", { processId: "c", closeStdin: true });
    const late = await server.request("command/exec/write", { processId: "c", deltaBase64: b64("late") });
    expect((late as any).error?.message ?? "ok").toMatch(/stdin is already closed|no active command\/exec|is no longer running/);
    expect((await cat).result).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  });

  it("terminate kills the process; the response follows with a signal exit code", async () => {
    const server = await started();
    const marker = sleepMarker();
    const running = server.request("command/exec", { command: ["sh", "-c", `sleep ${marker} & sleep ${marker}`], processId: "t", sandboxPolicy: full });
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    expect(await server.call("command/exec/terminate", { processId: "t" })).toEqual({});
    const response = await running;
    expect((response.result as any).exitCode).toBe(137);
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
    expect(await server.callError("command/exec/terminate", { processId: "t" })).toEqual({
      code: -32600,
      message: 'no active command/exec for process id "t"',
    });
  });

  it("times out with exit code 124 (timeoutMs) and honours disableTimeout", async () => {
    const server = await started();
    const marker = sleepMarker();
    const begin = Date.now();
    const result = await server.call("command/exec", { command: ["sleep", marker], timeoutMs: 300, sandboxPolicy: full });
    expect(result.exitCode).toBe(124);
    expect(Date.now() - begin).toBeLessThan(5_000);
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
    expect(await server.call("command/exec", { command: ["sh", "-c", "sleep 0.2; echo late"], disableTimeout: true, sandboxPolicy: full })).toEqual({
      exitCode: 0,
      stdout: "late\n",
      stderr: "",
    });
  });

  it("caps output per stream (outputBytesCap, capReached) unless disableOutputCap", async () => {
    const server = await started();
    const script = "head -c 5000 /dev/zero | tr '\\0' a; head -c 3 /dev/zero | tr '\\0' b >&2";
    expect(await server.call("command/exec", { command: ["sh", "-c", script], outputBytesCap: 10, sandboxPolicy: full })).toEqual({
      exitCode: 0,
      stdout: "aaaaaaaaaa",
      stderr: "bbb",
    });
    const whole = await server.call("command/exec", { command: ["sh", "-c", script], disableOutputCap: true, sandboxPolicy: full });
    expect(whole.stdout).toHaveLength(5000);

    await server.call("command/exec", { command: ["sh", "-c", script], processId: "cap", streamStdoutStderr: true, outputBytesCap: 100, sandboxPolicy: full });
    const stdout = deltas(server, "cap").filter((d) => d.stream === "stdout");
    expect(stdout.map((d) => unb64(d.deltaBase64)).join("")).toBe("a".repeat(100));
    expect(stdout.at(-1)!.capReached).toBe(true);
    expect(stdout.slice(0, -1).every((d) => !d.capReached)).toBe(true);
    const stderr = deltas(server, "cap").filter((d) => d.stream === "stderr");
    expect(stderr.map((d) => unb64(d.deltaBase64)).join("")).toBe("bbb");
    expect(stderr.every((d) => !d.capReached)).toBe(true);
  });

  it("validates its params with the reference's errors", async () => {
    const server = await started();
    const cases: Array<[Record<string, unknown>, number, string | RegExp]> = [
      [{ command: [] }, -32600, "command must not be empty"],
      [{ command: ["true"], size: { rows: 10, cols: 10 } }, -32602, "command/exec size requires tty: true"],
      [{ command: ["true"], outputBytesCap: 5, disableOutputCap: true }, -32602, "command/exec cannot set both outputBytesCap and disableOutputCap"],
      [{ command: ["true"], timeoutMs: 5, disableTimeout: true }, -32602, "command/exec cannot set both timeoutMs and disableTimeout"],
      [{ command: ["true"], timeoutMs: -1 }, -32602, "command/exec timeoutMs must be non-negative, got -1"],
      [{ command: ["true"], streamStdoutStderr: true }, -32600, "command/exec tty or streaming requires a client-supplied processId"],
      [{ command: ["true"], streamStdin: true }, -32600, "command/exec tty or streaming requires a client-supplied processId"],
      [{ command: ["true"], tty: true }, -32600, "command/exec tty or streaming requires a client-supplied processId"],
      [{ command: ["true"], tty: true, processId: "x", size: { rows: 0, cols: 80 } }, -32602, "command/exec size rows and cols must be greater than 0"],
      [{ command: ["true"], tty: null }, -32600, /^Invalid request: invalid type: null, expected a boolean at `tty`/],
      [{ command: ["true"], permissionProfile: "p" }, -32600, "command/exec.permissionProfile requires experimentalApi capability"],
    ];
    for (const [params, code, message] of cases) {
      const error = await server.callError("command/exec", params);
      expect(error.code, JSON.stringify(params)).toBe(code);
      if (typeof message === "string") expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
    }
    const marker = sleepMarker();
    const running = server.request("command/exec", { command: ["sleep", marker], processId: "dup", sandboxPolicy: full });
    await waitUntil(() => pidsWithArg(marker).length === 1);
    expect(await server.callError("command/exec", { command: ["true"], processId: "dup", sandboxPolicy: full })).toEqual({
      code: -32600,
      message: 'duplicate active command/exec process id: "dup"',
    });
    expect(await server.callError("command/exec/resize", { processId: "dup", size: { rows: 24, cols: 80 } })).toEqual({
      code: -32600,
      message: 'failed to resize PTY: command/exec "dup" was not started with tty',
    });
    expect(await server.callError("command/exec/resize", { processId: "dup", size: { rows: 0, cols: 80 } })).toEqual({
      code: -32602,
      message: "command/exec size rows and cols must be greater than 0",
    });
    await server.call("command/exec/terminate", { processId: "dup" });
    await running;
  });

  it("closing the connection kills its processes", async () => {
    const server = await started();
    const marker = sleepMarker();
    void server.request("command/exec", { command: ["sh", "-c", `sleep ${marker} & sleep ${marker}`], processId: "bye", disableTimeout: true, sandboxPolicy: full });
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    await server.close();
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("server shutdown (SIGTERM) kills running commands", async () => {
    const server = await started();
    const marker = sleepMarker();
    void server.request("command/exec", { command: ["sleep", marker], disableTimeout: true, sandboxPolicy: full });
    expect(await waitUntil(() => pidsWithArg(marker).length === 1)).toBe(true);
    server.kill("SIGTERM");
    await server.exited;
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("defaults to the config's sandbox_mode; refuses a restricted policy when bwrap cannot run", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const work = mkdtempSync(path.join(os.tmpdir(), "aas-work-"));
    writeFileSync(path.join(home, "config.toml"), 'sandbox_mode = "danger-full-access"\n');
    const permissive = await started({ codexHome: home, cwd: work });
    expect((await permissive.call("command/exec", { command: ["sh", "-c", "echo x > f.txt"] })).exitCode).toBe(0);
    expect(existsSync(path.join(work, "f.txt"))).toBe(true);

    const noBwrap = await started({ env: { AAS_BWRAP: "off" } });
    const refused = await noBwrap.callError("command/exec", { command: ["true"] });
    expect(refused.code).toBe(-32600);
    expect(refused.message).toMatch(/^sandbox policy readOnly cannot be enforced: sandboxing disabled by AAS_BWRAP\. Install bubblewrap/);
    expect(await noBwrap.call("command/exec", { command: ["true"], sandboxPolicy: full })).toEqual({ exitCode: 0, stdout: "", stderr: "" });
  });

  (bwrapWorks ? it : it.skip)("enforces sandboxPolicy (bubblewrap): workspace writable, the rest read-only", async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "aas-work-"));
    const outside = mkdtempSync(path.join(os.tmpdir(), "aas-outside-"));
    const server = await started({ cwd: work });
    const policy = { type: "workspaceWrite", excludeSlashTmp: true, excludeTmpdirEnvVar: true };
    const result = await server.call("command/exec", {
      command: ["sh", "-c", `echo in > inside.txt; echo out > ${outside}/escape.txt`],
      sandboxPolicy: policy,
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/Read-only file system/);
    expect(readFileSync(path.join(work, "inside.txt"), "utf8")).toBe("in\n");
    expect(existsSync(path.join(outside, "escape.txt"))).toBe(false);
    const readOnly = await server.call("command/exec", { command: ["sh", "-c", "echo x > ro.txt"] });
    expect(readOnly.exitCode).not.toBe(0);
    expect(existsSync(path.join(work, "ro.txt"))).toBe(false);
  });
});

/** The terminal output of `processId` so far (tty deltas are all `stdout`). */
function screen(server: ServerProcess, processId: string): string {
  return deltas(server, processId).map((d) => unb64(d.deltaBase64)).join("");
}

async function waitForScreen(server: ServerProcess, processId: string, pattern: RegExp): Promise<string> {
  expect(await waitUntil(() => pattern.test(screen(server, processId))), `waiting for ${pattern} in ${JSON.stringify(screen(server, processId))}`).toBe(true);
  return screen(server, processId);
}

describe("command/exec with tty: true (PTY)", () => {
  it("runs the command in a terminal: isatty, the default 24x80 size, stderr merged into stdout", async () => {
    const server = await started();
    const response = await server.request("command/exec", {
      command: ["sh", "-c", "test -t 0 && test -t 1 && test -t 2 && echo is-a-tty; tty; stty size; echo to-stderr >&2"],
      processId: "tty-1",
      tty: true,
      sandboxPolicy: full,
    });
    expect(response.result).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    const received = deltas(server, "tty-1");
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((d) => d.stream === "stdout" && d.capReached === false)).toBe(true);
    const text = screen(server, "tty-1");
    // The terminal translates \n to \r\n (onlcr).
    expect(text).toMatch(/^is-a-tty\r\n\/dev\/pts\/\d+\r\n24 80\r\nto-stderr\r\n$/);
    const order = server.received.map((r) => r.message);
    expect(order.findLastIndex((m) => m.method === "command/exec/outputDelta")).toBeLessThan(
      order.findIndex((m) => m.id === response.id && "result" in m),
    );
  });

  it("starts at the requested size; command/exec/resize changes it; write types into it", async () => {
    const server = await started();
    const running = server.request("command/exec", {
      // Prints the size, then once per line read: the line and the size again.
      command: ["sh", "-c", "stty size; while read line; do echo \"got:$line\"; stty size; done; echo eof"],
      processId: "tty-size",
      tty: true,
      size: { rows: 30, cols: 100 },
      disableTimeout: true,
      sandboxPolicy: full,
    });
    await waitForScreen(server, "tty-size", /^30 100\r\n/);
    expect(await server.call("command/exec/resize", { processId: "tty-size", size: { rows: 40, cols: 132 } })).toEqual({});
    expect(await server.call("command/exec/write", { processId: "tty-size", deltaBase64: b64("hello\n") })).toEqual({});
    // The terminal echoes the input, then the command answers.
    await waitForScreen(server, "tty-size", /hello\r\ngot:hello\r\n40 132\r\n$/);
    // closeStdin: newline + EOF (^D), as the reference's PTY does.
    expect(await server.call("command/exec/write", { processId: "tty-size", closeStdin: true })).toEqual({});
    const response = await running;
    expect(response.result).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    expect(screen(server, "tty-size")).toMatch(/got:\r\n40 132\r\neof\r\n$/);
    expect(await server.callError("command/exec/resize", { processId: "tty-size", size: { rows: 10, cols: 10 } })).toEqual({
      code: -32600,
      message: 'no active command/exec for process id "tty-size"',
    });
  });

  it("terminate kills the terminal's whole session; the response carries the signal exit code", async () => {
    const server = await started();
    const marker = sleepMarker();
    const running = server.request("command/exec", {
      command: ["sh", "-c", `sleep ${marker} & sleep ${marker}`],
      processId: "tty-term",
      tty: true,
      disableTimeout: true,
      sandboxPolicy: full,
    });
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    expect(await server.call("command/exec/terminate", { processId: "tty-term" })).toEqual({});
    expect(((await running).result as any).exitCode).toBe(137);
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("an interactive shell: Ctrl-C via write interrupts the foreground job; closing the connection kills the session", async () => {
    const server = await started();
    const marker = sleepMarker();
    void server.request("command/exec", {
      command: ["bash", "--norc", "--noprofile", "-i"],
      processId: "tty-bash",
      tty: true,
      env: { PS1: "prompt$ " },
      disableTimeout: true,
      sandboxPolicy: full,
    });
    await waitForScreen(server, "tty-bash", /prompt\$ $/);
    await server.call("command/exec/write", { processId: "tty-bash", deltaBase64: b64(`sleep ${marker} &\nsleep ${marker}\n`) });
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    // ^C reaches the foreground job only (bash put each job in its own process group).
    await server.call("command/exec/write", { processId: "tty-bash", deltaBase64: b64("\x03") });
    expect(await waitUntil(() => pidsWithArg(marker).length === 1)).toBe(true);
    // The background job is in another process group of the same session: still killed.
    await server.close();
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("times out like a pipe command (exit code 124) and caps the streamed output", async () => {
    const server = await started();
    const marker = sleepMarker();
    const result = await server.call("command/exec", { command: ["sleep", marker], processId: "tty-timeout", tty: true, timeoutMs: 300, sandboxPolicy: full });
    expect(result).toEqual({ exitCode: 124, stdout: "", stderr: "" });
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);

    await server.call("command/exec", {
      command: ["sh", "-c", "head -c 5000 /dev/zero | tr '\\0' a"],
      processId: "tty-cap",
      tty: true,
      outputBytesCap: 100,
      sandboxPolicy: full,
    });
    const received = deltas(server, "tty-cap");
    expect(screen(server, "tty-cap")).toBe("a".repeat(100));
    expect(received.at(-1)!.capReached).toBe(true);
  });

  it("a missing program fails the request like a pipe spawn", async () => {
    const server = await started();
    const error = await server.callError("command/exec", { command: ["no-such-program-aas"], processId: "tty-missing", tty: true, sandboxPolicy: full });
    expect(error).toEqual({ code: -32603, message: "failed to spawn command: spawn no-such-program-aas ENOENT" });
    // The id is free again.
    expect(await server.call("command/exec", { command: ["true"], processId: "tty-missing", tty: true, sandboxPolicy: full })).toEqual({
      exitCode: 0,
      stdout: "",
      stderr: "",
    });
  });

  (bwrapWorks ? it : it.skip)("sandboxed: bubblewrap wraps the command inside the terminal", async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "aas-work-"));
    const outside = mkdtempSync(path.join(os.tmpdir(), "aas-outside-"));
    const server = await started({ cwd: work });
    const response = await server.request("command/exec", {
      command: ["sh", "-c", `test -t 0 && test -t 1 && echo is-a-tty; stty size; echo in > inside.txt; echo out > ${outside}/escape.txt`],
      processId: "tty-sandboxed",
      tty: true,
      size: { rows: 12, cols: 34 },
      sandboxPolicy: { type: "workspaceWrite", excludeSlashTmp: true, excludeTmpdirEnvVar: true },
    });
    expect((response.result as any).exitCode).not.toBe(0);
    const text = screen(server, "tty-sandboxed");
    expect(text).toMatch(/^is-a-tty\r\n12 34\r\n/);
    expect(text).toMatch(/Read-only file system/);
    expect(readFileSync(path.join(work, "inside.txt"), "utf8")).toBe("in\n");
    expect(existsSync(path.join(outside, "escape.txt"))).toBe(false);
  });
});
