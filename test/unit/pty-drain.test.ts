import { describe, expect, it } from "vitest";
import { loadPty, spawnTerminal } from "../../src/core/tools/pty.js";

/** Blocks this thread, so the event loop reads nothing meanwhile. */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** node-pty's own close of the master, as its post-exit timer does it. */
function closeMaster(term: unknown): void {
  (term as { _socket: { destroy(): void } })._socket.destroy();
}

describe("spawnTerminal", () => {
  it("keeps the output still unread when node-pty closes the master after the exit", async () => {
    const pty = await loadPty();
    for (const spawn of [spawnTerminal, (...args: Parameters<typeof spawnTerminal>) => args[0].spawn(args[1], args[2], args[3])]) {
      const term = spawn(pty, "sh", ["-c", "printf one; printf two"], { cols: 80, rows: 24, cwd: process.cwd(), env: process.env, encoding: null });
      const chunks: Buffer[] = [];
      term.onData((data: string | Buffer) => chunks.push(Buffer.from(data)));
      const exited = new Promise((resolve) => term.onExit(resolve));
      // The child writes and exits while this process reads nothing, as on a loaded machine.
      blockFor(400);
      closeMaster(term);
      await exited;
      const text = Buffer.concat(chunks).toString();
      if (spawn === spawnTerminal) expect(text).toBe("onetwo");
      // Plain node-pty loses it: this is what the test guards against.
      else expect(text).toBe("");
    }
  });

  it("does not wait for a process that still holds the terminal open", async () => {
    const pty = await loadPty();
    const term = spawnTerminal(pty, "sh", ["-c", "sleep 5 & printf started"], { cols: 80, rows: 24, cwd: process.cwd(), env: process.env, encoding: null });
    const chunks: Buffer[] = [];
    term.onData((data: string | Buffer) => chunks.push(Buffer.from(data)));
    const started = Date.now();
    await new Promise((resolve) => term.onExit(resolve));
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(Buffer.concat(chunks).toString()).toBe("started");
    try {
      process.kill(-term.pid, "SIGKILL");
    } catch {
      // already gone
    }
  });
});
