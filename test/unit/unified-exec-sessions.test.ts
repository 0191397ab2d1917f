import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isProcessAlive } from "../../src/core/tools/process.js";
import {
  STDIN_CLOSED_MESSAGE,
  UnifiedExecError,
  UnifiedExecSessions,
  type ExecCallContext,
  type ExecExitInfo,
  type ExecStartInfo,
} from "../../src/core/tools/unified-exec/index.js";
import { pidsWithArg, waitUntil } from "../helpers/process-scan.js";

const BYTES_10K = { mode: "bytes" as const, limit: 10_000 };
const HEADER = /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\n/;

const open: UnifiedExecSessions[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sessions) => sessions.closeAll()));
});

function sessions(options: ConstructorParameters<typeof UnifiedExecSessions>[0] = {}): UnifiedExecSessions {
  const s = new UnifiedExecSessions({ defaultShell: "/bin/bash", ...options });
  open.push(s);
  return s;
}

interface Recorded {
  starts: ExecStartInfo[];
  exits: ExecExitInfo[];
  deltas: string[];
}

function context(overrides: Partial<ExecCallContext> = {}): ExecCallContext & { recorded: Recorded } {
  const recorded: Recorded = { starts: [], exits: [], deltas: [] };
  return {
    callId: "call_1",
    cwd: realpathSync(mkdtempSync(path.join(tmpdir(), "uexec-"))),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" },
    truncationPolicy: BYTES_10K,
    events: {
      onStart: (info) => recorded.starts.push(info),
      onOutput: (delta) => recorded.deltas.push(delta),
      onExit: (info) => recorded.exits.push(info),
    },
    recorded,
    ...overrides,
  };
}

describe("exec_command", () => {
  it("a command that finishes within the yield: exit code and output, no session kept", async () => {
    const exec = sessions();
    const ctx = context();
    const result = await exec.execCommand({ cmd: "echo oops >&2; exit 3", login: false, yield_time_ms: 5_000 }, ctx);
    expect(result.exitCode).toBe(3);
    expect(result.sessionId).toBeNull();
    expect(result.rawOutput).toBe("oops\n");
    expect(result.text).toMatch(HEADER);
    expect(result.text.replace(HEADER, "")).toBe("Process exited with code 3\nOriginal token count: 2\nOutput:\noops\n");
    expect(result.wallTimeMs).toBeLessThan(4_000);
    expect(exec.ids).toEqual([]);

    expect(ctx.recorded.starts).toHaveLength(1);
    const start = ctx.recorded.starts[0]!;
    expect(start.command).toEqual(["/bin/bash", "-c", "echo oops >&2; exit 3"]);
    expect(start.displayCommand).toBe("/bin/bash -c 'echo oops >&2; exit 3'");
    expect(start.itemId).toBe("call_1");
    expect(start.processId).toBe(result.processId);
    expect(start.processId).toBeGreaterThanOrEqual(1_000);
    expect(start.processId).toBeLessThan(100_000);
    await waitUntil(() => ctx.recorded.exits.length === 1);
    expect(ctx.recorded.exits[0]).toMatchObject({ exitCode: 3, aggregatedOutput: "oops\n", itemId: "call_1", processId: result.processId });
    expect(ctx.recorded.deltas.join("")).toBe("oops\n");
  });

  it("runs through the user's shell as a login shell unless login is false", async () => {
    const exec = sessions();
    const seen: string[][] = [];
    // The wrap port sees the shell argv; spawning `true` instead keeps the test off the (slow) login profile.
    const wrap = (command: string[]) => (seen.push(command), { argv: ["true"] });
    await exec.execCommand({ cmd: "ls" }, context({ wrap }));
    await exec.execCommand({ cmd: "ls", login: false, shell: "sh" }, context({ wrap }));
    expect(seen[0]).toEqual(["/bin/bash", "-lc", "ls"]);
    expect(seen[1]![1]).toBe("-c");
    expect(seen[1]![0]).toMatch(/\/sh$/);
  });

  it("runs in workdir (relative to the turn cwd) with the unified exec environment; stdin is closed on pipes", async () => {
    const exec = sessions();
    const ctx = context();
    const result = await exec.execCommand(
      { cmd: 'mkdir -p sub && cd sub && pwd; echo "$TERM $PAGER $NO_COLOR"; read x; echo "read=$?"', login: false, yield_time_ms: 5_000 },
      ctx,
    );
    expect(result.rawOutput).toBe(`${ctx.cwd}/sub\ndumb cat 1\nread=1\n`);
    const inSub = await exec.execCommand({ cmd: "pwd", workdir: "sub", login: false }, ctx);
    expect(inSub.rawOutput).toBe(`${ctx.cwd}/sub\n`);
    expect(ctx.recorded.starts[0]!.command).toEqual(["/bin/bash", "-c", expect.any(String)]);
  });

  it("max_output_tokens truncates head and tail in tokens mode", async () => {
    const exec = sessions();
    const result = await exec.execCommand({ cmd: "seq 1 2000", max_output_tokens: 10, login: false, yield_time_ms: 5_000 }, context());
    const total = Buffer.byteLength(result.rawOutput);
    expect(result.originalTokenCount).toBe(Math.ceil(total / 4));
    expect(result.text).toContain(`Output:\nWarning: truncated output (original token count: ${result.originalTokenCount})\nTotal output lines: 2000\n\n1\n2\n3\n`);
    expect(result.text).toContain(`…${result.originalTokenCount - 10} tokens truncated…`);
    expect(result.text.endsWith("1999\n2000\n")).toBe(true);
  });

  it("the sandbox port wraps the shell argv and adds its variables; a refusal is reported with its cause", async () => {
    const exec = sessions();
    const seen: string[][] = [];
    const wrapped = await exec.execCommand(
      { cmd: 'echo "$WRAPPED $SANDBOX_VAR"', login: false },
      context({
        wrap: (command) => {
          seen.push(command);
          return { argv: ["/usr/bin/env", "WRAPPED=yes", ...command], env: { SANDBOX_VAR: "sv" } };
        },
      }),
    );
    expect(wrapped.rawOutput).toBe("yes sv\n");
    expect(seen).toEqual([["/bin/bash", "-c", 'echo "$WRAPPED $SANDBOX_VAR"']]);

    const refusal = new Error("sandbox policy readOnly cannot be enforced");
    const failed = exec.execCommand({ cmd: "true" }, context({ wrap: () => { throw refusal; } }));
    await expect(failed).rejects.toBeInstanceOf(UnifiedExecError);
    await expect(failed).rejects.toMatchObject({ message: "exec_command failed: sandbox policy readOnly cannot be enforced", cause: refusal });
  });
});

describe("sessions continued with write_stdin", () => {
  it("a slow command returns a session id, then an empty poll returns the rest and the exit code", async () => {
    const exec = sessions();
    const ctx = context();
    const first = await exec.execCommand({ cmd: "echo start; sleep 1; echo late", login: false, yield_time_ms: 300 }, ctx);
    expect(first.exitCode).toBeNull();
    expect(first.sessionId).toBe(first.processId);
    expect(first.rawOutput).toBe("start\n");
    expect(first.text.replace(HEADER, "")).toBe(`Process running with session ID ${first.sessionId}\nOriginal token count: 2\nOutput:\nstart\n`);
    expect(exec.ids).toEqual([first.sessionId]);
    expect(ctx.recorded.exits).toHaveLength(0);

    const second = await exec.writeStdin({ session_id: first.sessionId!, chars: "" }, { truncationPolicy: BYTES_10K });
    expect(second.processId).toBe(first.processId);
    expect(second.itemId).toBe("call_1");
    expect(second.exitCode).toBe(0);
    expect(second.rawOutput).toBe("late\n");
    expect(second.text.replace(HEADER, "")).toBe("Process exited with code 0\nOriginal token count: 2\nOutput:\nlate\n");
    expect(second.chunkId).not.toBe(first.chunkId);
    expect(exec.ids).toEqual([]);
    await waitUntil(() => ctx.recorded.exits.length === 1);
    expect(ctx.recorded.exits[0]).toMatchObject({ exitCode: 0, aggregatedOutput: "start\nlate\n" });

    await expect(exec.writeStdin({ session_id: first.sessionId!, chars: "" }, { truncationPolicy: BYTES_10K })).rejects.toThrow(
      `write_stdin failed: Unknown process id ${first.sessionId}`,
    );
  });

  it("an unknown session id gets the reference's error text", async () => {
    const exec = sessions();
    const call = exec.writeStdin({ session_id: 999999, chars: "x" }, { truncationPolicy: BYTES_10K });
    await expect(call).rejects.toBeInstanceOf(UnifiedExecError);
    await expect(call).rejects.toThrow(/^write_stdin failed: Unknown process id 999999$/);
  });

  it("writing to a pipe session is refused: its stdin is closed", async () => {
    const exec = sessions();
    const first = await exec.execCommand({ cmd: "sleep 0.8", login: false, yield_time_ms: 250 }, context());
    expect(first.sessionId).not.toBeNull();
    await expect(exec.writeStdin({ session_id: first.sessionId!, chars: "hi\n" }, { truncationPolicy: BYTES_10K })).rejects.toThrow(
      `write_stdin failed: ${STDIN_CLOSED_MESSAGE}`,
    );
    const done = await exec.writeStdin({ session_id: first.sessionId!, chars: "" }, { truncationPolicy: BYTES_10K });
    expect(done.exitCode).toBe(0);
  });

  it("tty: true runs in a real PTY: input is echoed, lines end with \\r\\n, the same session id is reused", async () => {
    const exec = sessions();
    const ctx = context();
    const first = await exec.execCommand({ cmd: 'read line; echo "got:$line"; read again; echo "again:$again"', tty: true, login: false, yield_time_ms: 400 }, ctx);
    expect(first.exitCode).toBeNull();
    const id = first.sessionId!;
    expect(ctx.recorded.starts[0]!.tty).toBe(true);

    const second = await exec.writeStdin({ session_id: id, chars: "hello\n", yield_time_ms: 500 }, { truncationPolicy: BYTES_10K });
    expect(second.processId).toBe(id);
    expect(second.exitCode).toBeNull();
    expect(second.sessionId).toBe(id);
    expect(second.rawOutput).toBe("hello\r\ngot:hello\r\n");

    const third = await exec.writeStdin({ session_id: id, chars: "world\n", yield_time_ms: 2_000 }, { truncationPolicy: BYTES_10K });
    expect(third.exitCode).toBe(0);
    expect(third.rawOutput).toBe("world\r\nagain:world\r\n");
    expect(third.text.replace(HEADER, "")).toBe(`Process exited with code 0\nOriginal token count: ${Math.ceil(third.rawOutput.length / 4)}\nOutput:\nworld\r\nagain:world\r\n`);
    expect(exec.has(id)).toBe(false);
    await waitUntil(() => ctx.recorded.exits.length === 1);
    expect(ctx.recorded.exits[0]!.aggregatedOutput).toBe("hello\r\ngot:hello\r\nworld\r\nagain:world\r\n");
  });
});

describe("closing", () => {
  it("closeAll kills commands that never exit, their children too (pipes and PTY)", async () => {
    const exec = sessions();
    const ctx = context();
    const marker = `${process.pid}.${Date.now() % 100000}`;
    const piped = await exec.execCommand({ cmd: `sleep ${marker}1; echo never`, login: false, yield_time_ms: 250 }, ctx);
    const terminal = await exec.execCommand({ cmd: `sleep ${marker}2; echo never`, tty: true, login: false, yield_time_ms: 250 }, ctx);
    expect(piped.sessionId).not.toBeNull();
    expect(terminal.sessionId).not.toBeNull();
    const leaders = ctx.recorded.starts.map((s) => s.pid);
    expect(await waitUntil(() => pidsWithArg(`${marker}1`).length === 1 && pidsWithArg(`${marker}2`).length === 1)).toBe(true);
    for (const pid of leaders) expect(await isProcessAlive(pid)).toBe(true);

    await exec.closeAll();
    expect(exec.ids).toEqual([]);
    for (const pid of leaders) expect(await isProcessAlive(pid)).toBe(false);
    expect(await waitUntil(() => pidsWithArg(`${marker}1`).length === 0 && pidsWithArg(`${marker}2`).length === 0)).toBe(true);
    expect(ctx.recorded.exits.map((e) => e.exitCode).sort()).toEqual([137, 137]);
    await expect(exec.writeStdin({ session_id: piped.sessionId!, chars: "" }, { truncationPolicy: BYTES_10K })).rejects.toThrow(
      `write_stdin failed: Unknown process id ${piped.sessionId}`,
    );
  });

  it("beyond the session cap the least recently used session is pruned (killed), the recent ones kept", async () => {
    const exec = sessions({ maxProcesses: 9 });
    const ctx = context();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => exec.execCommand({ cmd: `sleep 30; echo ${i}`, login: false, yield_time_ms: 250 }, { ...ctx, callId: `call_${i}` })),
    );
    const first = results[0]!;
    expect(exec.ids).toHaveLength(9);
    expect(exec.has(first.processId)).toBe(false);
    for (const result of results.slice(1)) expect(exec.has(result.processId)).toBe(true);
    expect(await waitUntil(() => ctx.recorded.exits.some((e) => e.itemId === "call_0"))).toBe(true);
  });
});
