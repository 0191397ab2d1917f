import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  isUnifiedExecTool,
  runUnifiedExecTool,
  UnifiedExecSessions,
  unsupportedCallOutput,
  type ExecCallContext,
} from "../../src/core/tools/unified-exec/index.js";

const exec = new UnifiedExecSessions({ defaultShell: "/bin/bash" });
afterEach(() => exec.closeAll());

function context(): ExecCallContext {
  return {
    callId: "call_d",
    cwd: mkdtempSync(path.join(tmpdir(), "uexec-d-")),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    truncationPolicy: { mode: "bytes", limit: 10_000 },
  };
}

describe("runUnifiedExecTool: tool call → output text", () => {
  it("a successful exec_command", async () => {
    const outcome = await runUnifiedExecTool(exec, "exec_command", '{"cmd":"printf hi","login":false}', context());
    expect(outcome.error).toBeUndefined();
    expect(outcome.output).toMatch(/^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\nProcess exited with code 0\nOriginal token count: 1\nOutput:\nhi$/);
  });

  it("invalid JSON, a missing shell and an unknown session become the model's output", async () => {
    const bad = await runUnifiedExecTool(exec, "exec_command", "{oops", context());
    expect(bad.output).toMatch(/^failed to parse function arguments: /);
    const noShell = await runUnifiedExecTool(exec, "exec_command", '{"cmd":"ls","shell":"/nonexistent/zsh"}', context());
    expect(noShell.output).toBe("exec_command failed: /nonexistent/zsh: No such file or directory (os error 2)");
    const unknown = await runUnifiedExecTool(exec, "write_stdin", '{"session_id":999999}', context());
    expect(unknown.output).toBe("write_stdin failed: Unknown process id 999999");
  });

  it("write_stdin reports the terminal interaction for the originating item", async () => {
    const ctx = context();
    const started = await runUnifiedExecTool(exec, "exec_command", '{"cmd":"read x; echo \\"x=$x\\"","tty":true,"login":false,"yield_time_ms":300}', ctx);
    const id = started.result!.sessionId!;
    const written = await runUnifiedExecTool(exec, "write_stdin", JSON.stringify({ session_id: id, chars: "1\n", yield_time_ms: 2000 }), { ...ctx, callId: "call_w" });
    expect(written.interaction).toEqual({ itemId: "call_d", processId: String(id), stdin: "1\n" });
    expect(written.result!.exitCode).toBe(0);
    expect(written.output.endsWith("Output:\n1\r\nx=1\r\n")).toBe(true);
  });

  it("names and the unsupported-call text", () => {
    expect(isUnifiedExecTool("exec_command")).toBe(true);
    expect(isUnifiedExecTool("shell")).toBe(false);
    expect(unsupportedCallOutput("shell")).toBe("unsupported call: shell");
    expect(unsupportedCallOutput("apply_patch", "custom")).toBe("unsupported custom tool call: apply_patch");
  });
});
