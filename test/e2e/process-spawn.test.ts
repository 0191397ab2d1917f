import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";
import { pidsWithArg, sleepMarker, waitUntil } from "../helpers/process-scan.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const unb64 = (text: string) => Buffer.from(text, "base64").toString();

async function experimentalServer(): Promise<ServerProcess> {
  const server = new ServerProcess();
  await server.initialize({ experimentalApi: true });
  return server;
}

function exited(server: ServerProcess, processHandle: string, timeoutMs = 10_000): Promise<any> {
  return server.waitForNotification("process/exited", (p) => p.processHandle === processHandle, timeoutMs);
}

function streamed(server: ServerProcess, processHandle: string, stream: "stdout" | "stderr"): string {
  return server
    .notifications("process/outputDelta")
    .map((m) => m.params as any)
    .filter((p) => p.processHandle === processHandle && p.stream === stream)
    .map((p) => unb64(p.deltaBase64))
    .join("");
}

describe("process/spawn", () => {
  it("is offered only to connections with experimentalApi", async () => {
    const server = new ServerProcess();
    await server.initialize();
    const error = await server.callError("process/spawn", { command: ["true"], cwd: "/", processHandle: "p" });
    expect(error).toEqual({ code: -32600, message: "process/spawn requires experimentalApi capability" });
  });

  it("answers once started, then reports exit code and buffered output in process/exited", async () => {
    const server = await experimentalServer();
    const dir = mkdtempSync(path.join(os.tmpdir(), "aas-process-"));
    mkdirSync(path.join(dir, "sub"));
    const response = await server.request("process/spawn", {
      command: ["sh", "-c", 'pwd; echo "$KEEP:${DROP-unset}" >&2; exit 3'],
      cwd: path.join(dir, "sub"),
      processHandle: "buffered",
      env: { KEEP: "kept", DROP: null },
    });
    expect(response.result).toEqual({});
    const exit = await exited(server, "buffered");
    expect(exit).toEqual({
      processHandle: "buffered",
      exitCode: 3,
      outputDrainTimedOut: false,
      stdout: `${path.join(dir, "sub")}\n`,
      stdoutCapReached: false,
      stderr: "kept:unset\n",
      stderrCapReached: false,
    });
    const order = server.received.map((r) => r.message);
    expect(order.findIndex((m) => m.id === response.id)).toBeLessThan(order.findIndex((m) => m.method === "process/exited"));
  });

  it("streams output as deltas to the caller only, before process/exited", async () => {
    const server = await experimentalServer();
    const other = await experimentalServer();
    await server.call("process/spawn", {
      command: ["sh", "-c", "printf 'one\\n'; sleep 0.1; printf 'two\\n' >&2; sleep 0.1; printf three"],
      cwd: os.tmpdir(),
      processHandle: "stream",
      streamStdoutStderr: true,
    });
    const exit = await exited(server, "stream");
    expect(exit).toMatchObject({ exitCode: 0, stdout: "", stderr: "", stdoutCapReached: false, stderrCapReached: false });
    expect(streamed(server, "stream", "stdout")).toBe("one\nthree");
    expect(streamed(server, "stream", "stderr")).toBe("two\n");
    const order = server.received.map((r) => r.message);
    expect(order.findLastIndex((m) => m.method === "process/outputDelta")).toBeLessThan(
      order.findIndex((m) => m.method === "process/exited"),
    );
    expect(other.notifications("process/outputDelta")).toEqual([]);
  });

  it("takes stdin through process/writeStdin until closeStdin; the handle is free again after exit", async () => {
    const server = await experimentalServer();
    await server.call("process/spawn", {
      command: ["sh", "-c", "while read line; do echo got:$line; done; echo eof"],
      cwd: os.tmpdir(),
      processHandle: "cat",
      streamStdin: true,
    });
    expect(await server.call("process/writeStdin", { processHandle: "cat", deltaBase64: b64("hello\n") })).toEqual({});
    expect(await server.call("process/writeStdin", { processHandle: "cat", deltaBase64: b64("world\n"), closeStdin: true })).toEqual({});
    expect(await exited(server, "cat")).toMatchObject({ exitCode: 0, stdout: "got:hello\ngot:world\neof\n" });
    expect(await server.callError("process/writeStdin", { processHandle: "cat", deltaBase64: b64("late") })).toEqual({
      code: -32600,
      message: 'no active process for process handle "cat"',
    });
    await server.call("process/spawn", { command: ["true"], cwd: os.tmpdir(), processHandle: "cat" });
    expect(await exited(server, "cat")).toMatchObject({ exitCode: 0 });
  });

  it("refuses bad requests with the reference's texts", async () => {
    const server = await experimentalServer();
    const cwd = os.tmpdir();
    const spawnError = (params: Record<string, unknown>) =>
      server.callError("process/spawn", { command: ["true"], cwd, processHandle: "x", ...params });
    expect(await spawnError({ command: [] })).toEqual({ code: -32600, message: "command must not be empty" });
    expect(await spawnError({ processHandle: "" })).toEqual({ code: -32600, message: "processHandle must not be empty" });
    expect(await spawnError({ cwd: "relative" })).toEqual({
      code: -32600,
      message: "Invalid request: AbsolutePathBuf deserialized without a base path",
    });
    expect(await spawnError({ size: { rows: 5, cols: 5 } })).toEqual({ code: -32602, message: "process/spawn size requires tty: true" });
    expect(await spawnError({ tty: true, size: { rows: 0, cols: 5 } })).toEqual({
      code: -32602,
      message: "process size rows and cols must be greater than 0",
    });
    expect(await spawnError({ timeoutMs: -1 })).toEqual({ code: -32602, message: "process/spawn timeoutMs must be non-negative, got -1" });
    const missing = { code: -32603, message: "failed to spawn process: No such file or directory (os error 2)" };
    expect(await spawnError({ command: ["no-such-program-aas"] })).toEqual(missing);
    expect(await spawnError({ cwd: path.join(cwd, "no-such-dir-aas") })).toEqual(missing);

    await server.call("process/spawn", { command: ["sleep", "30"], cwd, processHandle: "busy" });
    expect(await server.callError("process/spawn", { command: ["true"], cwd, processHandle: "busy" })).toEqual({
      code: -32600,
      message: 'duplicate active process handle: "busy"',
    });
    expect(await server.callError("process/writeStdin", { processHandle: "busy", deltaBase64: b64("x") })).toEqual({
      code: -32600,
      message: "stdin streaming is not enabled for this process",
    });
    expect(await server.callError("process/resizePty", { processHandle: "busy", size: { rows: 5, cols: 5 } })).toEqual({
      code: -32600,
      message: "failed to resize PTY: process is not attached to a PTY",
    });
    expect(await server.callError("process/writeStdin", { processHandle: "busy" })).toEqual({
      code: -32602,
      message: "process/writeStdin requires deltaBase64 or closeStdin",
    });
    expect(await server.callError("process/writeStdin", { processHandle: "busy", deltaBase64: "!!" })).toEqual({
      code: -32602,
      message: "invalid deltaBase64: Invalid symbol 33, offset 0.",
    });
    expect(await server.callError("process/kill", { processHandle: "nobody" })).toEqual({
      code: -32600,
      message: 'no active process for process handle "nobody"',
    });
    expect(await server.call("process/kill", { processHandle: "busy" })).toEqual({});
    expect(await exited(server, "busy")).toMatchObject({ exitCode: 137, stdout: "", stderr: "" });
  });

  it("ends a process at its timeout with exit code 124; null means no timeout", async () => {
    const server = await experimentalServer();
    await server.call("process/spawn", { command: ["sleep", "5"], cwd: os.tmpdir(), processHandle: "slow", timeoutMs: 200 });
    await server.call("process/spawn", {
      command: ["sh", "-c", "sleep 0.5; echo done"],
      cwd: os.tmpdir(),
      processHandle: "untimed",
      timeoutMs: null,
    });
    expect(await exited(server, "slow", 3_000)).toMatchObject({ exitCode: 124 });
    expect(await exited(server, "untimed", 3_000)).toMatchObject({ exitCode: 0, stdout: "done\n" });
  });

  it("caps each stream at outputBytesCap, buffered and streamed", async () => {
    const server = await experimentalServer();
    const command = ["sh", "-c", "printf abcdefgh; sleep 0.1; printf 12345678 >&2"];
    await server.call("process/spawn", { command, cwd: os.tmpdir(), processHandle: "capped", outputBytesCap: 3 });
    expect(await exited(server, "capped")).toMatchObject({ stdout: "abc", stdoutCapReached: true, stderr: "123", stderrCapReached: true });

    await server.call("process/spawn", { command, cwd: os.tmpdir(), processHandle: "capped-stream", outputBytesCap: 3, streamStdoutStderr: true });
    expect(await exited(server, "capped-stream")).toMatchObject({ stdout: "", stdoutCapReached: true, stderrCapReached: true });
    expect(streamed(server, "capped-stream", "stdout")).toBe("abc");
    expect(streamed(server, "capped-stream", "stderr")).toBe("123");
    const last = server
      .notifications("process/outputDelta")
      .map((m) => m.params as any)
      .filter((p) => p.processHandle === "capped-stream" && p.stream === "stdout")
      .at(-1);
    expect(last.capReached).toBe(true);
  });

  it("says when output was still open at the drain deadline (a background child holds the pipes)", async () => {
    const server = await experimentalServer();
    const marker = sleepMarker();
    await server.call("process/spawn", { command: ["sh", "-c", `sleep ${marker} & echo started`], cwd: os.tmpdir(), processHandle: "bg" });
    expect(await exited(server, "bg")).toMatchObject({ exitCode: 0, stdout: "started\n", outputDrainTimedOut: true });
    for (const pid of pidsWithArg(marker)) process.kill(pid, "SIGKILL");
  });

  it("runs in a PTY with tty: size, resize and typed input", async () => {
    const server = await experimentalServer();
    await server.call("process/spawn", {
      command: ["sh", "-c", "stty size; read x; stty size; echo got $x"],
      cwd: os.tmpdir(),
      processHandle: "term",
      tty: true,
      size: { rows: 30, cols: 100 },
    });
    await waitUntil(() => streamed(server, "term", "stdout").includes("30 100"));
    expect(await server.call("process/resizePty", { processHandle: "term", size: { rows: 40, cols: 120 } })).toEqual({});
    expect(await server.call("process/writeStdin", { processHandle: "term", deltaBase64: b64("yo\n") })).toEqual({});
    expect(await exited(server, "term")).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    const output = streamed(server, "term", "stdout").replace(/\r/g, "");
    expect(output).toContain("30 100\n");
    expect(output).toContain("40 120\n");
    expect(output).toContain("got yo\n");
    expect(server.notifications("process/outputDelta").every((m) => (m.params as any).stream === "stdout")).toBe(true);
  });

  it("kills the connection's processes when it closes", async () => {
    const server = await experimentalServer();
    const marker = sleepMarker();
    await server.call("process/spawn", { command: ["sleep", marker], cwd: os.tmpdir(), processHandle: "orphan", timeoutMs: null });
    expect(await waitUntil(() => pidsWithArg(marker).length === 1)).toBe(true);
    await server.close();
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });
});
