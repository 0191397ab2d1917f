import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ElicitationPause } from "../../src/core/elicitation-pause.js";
import { UnifiedExecSessions, type ExecCallContext } from "../../src/core/tools/unified-exec/index.js";
import { InProcessServer } from "../helpers/in-process-server.js";

const open: UnifiedExecSessions[] = [];
const servers: InProcessServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sessions) => sessions.closeAll()));
  for (const server of servers.splice(0)) await server.close();
});

function setup(pause: ElicitationPause): { exec: UnifiedExecSessions; context: ExecCallContext } {
  const exec = new UnifiedExecSessions({ defaultShell: "/bin/bash" });
  open.push(exec);
  const context: ExecCallContext = {
    callId: "call_1",
    cwd: realpathSync(mkdtempSync(path.join(tmpdir(), "uexec-pause-"))),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" },
    truncationPolicy: { mode: "bytes", limit: 10_000 },
    pause,
  };
  return { exec, context };
}

describe("out-of-band elicitation pause", () => {
  it("counts up and down, paused above zero; decrementing at zero is refused with the reference's text", () => {
    const pause = new ElicitationPause();
    expect(pause.increment()).toEqual({ count: 1, paused: true });
    expect(pause.increment()).toEqual({ count: 2, paused: true });
    expect(pause.decrement()).toEqual({ count: 1, paused: true });
    expect(pause.decrement()).toEqual({ count: 0, paused: false });
    expect(() => pause.decrement()).toThrow("out-of-band elicitation count is already zero");
  });

  it("a command's yield time does not run down while paused", async () => {
    const pause = new ElicitationPause();
    const { exec, context } = setup(pause);
    // Not paused: the 300 ms yield ends first and the command goes on as a session.
    const running = await exec.execCommand({ cmd: "sleep 0.6; echo done", login: false, yield_time_ms: 300 }, context);
    expect(running.exitCode).toBeNull();
    expect(running.sessionId).not.toBeNull();

    // Paused from the start: the call waits for the command to end.
    pause.increment();
    const started = performance.now();
    const finished = await exec.execCommand({ cmd: "sleep 0.6; echo done", login: false, yield_time_ms: 300 }, { ...context, callId: "call_2" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
    expect(finished.exitCode).toBe(0);
    expect(finished.rawOutput).toBe("done\n");
    pause.decrement();
  });

  it("a pause that starts during the wait stops the clock, and the wait resumes when it ends", async () => {
    const pause = new ElicitationPause();
    const { exec, context } = setup(pause);
    setTimeout(() => pause.increment(), 100);
    const finished = await exec.execCommand({ cmd: "sleep 0.6; echo done", login: false, yield_time_ms: 300 }, context);
    expect(finished.exitCode).toBe(0);

    // Paused, then resumed with the yield's remainder: the call ends once the remainder has run down.
    pause.decrement();
    pause.increment();
    setTimeout(() => pause.decrement(), 200);
    const started = performance.now();
    const running = await exec.execCommand({ cmd: "sleep 5", login: false, yield_time_ms: 300 }, { ...context, callId: "call_2" });
    const waited = performance.now() - started;
    expect(running.exitCode).toBeNull();
    expect(waited).toBeGreaterThanOrEqual(480);
    expect(waited).toBeLessThan(3_000);
  });

  it("thread/increment_elicitation and thread/decrement_elicitation answer as codex 0.169.0 does (experimental)", async () => {
    const server = new InProcessServer({});
    servers.push(server);
    await server.initialize({ experimentalApi: true });
    const { thread } = await server.call("thread/start", { cwd: mkdtempSync(path.join(tmpdir(), "aas-cwd-")) });
    expect(await server.call("thread/increment_elicitation", { threadId: thread.id })).toEqual({ count: 1, paused: true });
    expect(await server.call("thread/increment_elicitation", { threadId: thread.id })).toEqual({ count: 2, paused: true });
    expect(await server.call("thread/decrement_elicitation", { threadId: thread.id })).toEqual({ count: 1, paused: true });
    expect(await server.call("thread/decrement_elicitation", { threadId: thread.id })).toEqual({ count: 0, paused: false });
    expect(await server.callError("thread/decrement_elicitation", { threadId: thread.id })).toMatchObject({
      code: -32600,
      message: "out-of-band elicitation count is already zero",
    });
    expect((await server.callError("thread/increment_elicitation", { threadId: "01a2423b-6a17-7c31-9f3c-2b7d1d0a0c11" })).message).toBe(
      "thread not found: 01a2423b-6a17-7c31-9f3c-2b7d1d0a0c11",
    );
    expect((await server.callError("thread/increment_elicitation", {})).message).toBe("Invalid request: missing field `threadId`");

    const plain = new InProcessServer({});
    servers.push(plain);
    await plain.initialize();
    expect((await plain.callError("thread/increment_elicitation", { threadId: thread.id })).message).toBe(
      "thread/increment_elicitation requires experimentalApi capability",
    );
  });
});
