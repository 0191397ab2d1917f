import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommandActions, shlexSplit } from "../../src/core/tools/command-actions.js";
import { parseApplyPatchArgs, parseUpdatePlanArgs, toolDefinitions } from "../../src/core/tools/definitions.js";
import { HeadTailBuffer } from "../../src/core/tools/output-buffer.js";
import { parseShellToolArgs, runShellTool } from "../../src/core/tools/shell.js";
import { isProcessAlive } from "../../src/core/tools/process.js";
import { pidsWithArg, sleepMarker, waitUntil } from "../helpers/process-scan.js";

const full = { type: "dangerFullAccess" } as const;
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "aas-shell-"));

describe("runShellTool", () => {
  it("runs argv in workdir, interleaves stdout and stderr, streams output", async () => {
    const cwd = tmp();
    const deltas: string[] = [];
    const result = await runShellTool(
      { command: ["sh", "-c", "pwd; echo out; sleep 0.05; echo err >&2; sleep 0.05; echo done; exit 3"], workdir: "." },
      { cwd, sandbox: full, onOutput: (d) => deltas.push(d) },
    );
    expect(result.exitCode).toBe(3);
    expect(result.output).toBe(`${cwd}\nout\nerr\ndone\n`);
    expect(deltas.join("")).toBe(result.output);
    expect(result.truncated).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.sandboxed).toBe(false);
    expect(result.modelOutput).toMatch(/^Exit code: 3\nWall time: \d+\.\d seconds\nOutput:\n/);
    expect(result.modelOutput.endsWith(`${cwd}\nout\nerr\ndone\n`)).toBe(true);
  });

  it("keeps the head and tail of large output and says how many bytes were cut", async () => {
    const script = "i=0; while [ $i -lt 3000 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done";
    const result = await runShellTool({ command: ["sh", "-c", script] }, { cwd: tmp(), sandbox: full });
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.totalBytes).toBeGreaterThan(100_000);
    expect(result.output.startsWith("line-0-")).toBe(true);
    expect(result.output.endsWith("line-2999-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")).toBe(true);
    const kept = Buffer.byteLength(result.output.replace(/\n\[\.\.\. \d+ bytes truncated \.\.\.\]\n/, ""));
    expect(kept).toBe(20 * 1024);
    expect(result.output).toContain(`[... ${result.truncatedBytes} bytes truncated ...]`);
    expect(result.truncatedBytes).toBe(result.totalBytes - 20 * 1024);
    expect(result.modelOutput).toContain(`(${result.truncatedBytes} bytes truncated from the middle)`);
  });

  it("kills the whole process group on timeout", async () => {
    const marker = sleepMarker();
    const started = Date.now();
    const result = await runShellTool(
      { command: ["sh", "-c", `sleep ${marker} & sleep ${marker}`], timeout_ms: 400 },
      { cwd: tmp(), sandbox: full },
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(124);
    expect(result.modelOutput).toContain("command timed out after 400 milliseconds");
    expect(await waitUntil(() => pidsWithArg(marker).length === 0)).toBe(true);
  });

  it("kills the whole process group on abort; no process outlives it", async () => {
    const marker = sleepMarker();
    const controller = new AbortController();
    const pids: number[] = [];
    const running = runShellTool(
      { command: ["sh", "-c", `echo $$; sleep ${marker} & echo $!; sleep ${marker}`] },
      {
        cwd: tmp(),
        sandbox: full,
        timeoutMs: 20_000,
        signal: controller.signal,
        onOutput: (d) => pids.push(...d.split("\n").filter(Boolean).map(Number)),
      },
    );
    expect(await waitUntil(() => pidsWithArg(marker).length === 2)).toBe(true);
    const sleeps = pidsWithArg(marker);
    controller.abort();
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(result.exitCode).toBe(137);
    expect(pids).toHaveLength(2);
    for (const pid of [...pids, ...sleeps]) {
      expect(await waitUntil(async () => !(await isProcessAlive(pid)))).toBe(true);
    }
  });

  it("does not wait for background processes beyond the drain timeout", async () => {
    const marker = sleepMarker();
    const started = Date.now();
    const result = await runShellTool({ command: ["sh", "-c", `sleep ${marker} & echo started`] }, { cwd: tmp(), sandbox: full });
    expect(result.exitCode).toBe(0);
    expect(result.output).toBe("started\n");
    expect(Date.now() - started).toBeLessThan(4_000);
    for (const pid of pidsWithArg(marker)) process.kill(pid, "SIGKILL");
  });

  it("reports a missing program and a missing workdir", async () => {
    const missing = await runShellTool({ command: ["definitely-not-a-command-xyz"] }, { cwd: tmp(), sandbox: full });
    expect(missing.exitCode).toBe(127);
    expect(missing.output).toContain("command not found");
    const noDir = await runShellTool({ command: ["true"], workdir: "nope" }, { cwd: tmp(), sandbox: full });
    expect(noDir.exitCode).toBe(-1);
    expect(noDir.output).toContain("working directory does not exist");
  });
});

describe("tool arguments and definitions", () => {
  it("parses shell, apply_patch and update_plan calls", () => {
    expect(parseShellToolArgs('{"command":["ls","-la"],"workdir":"src","timeout_ms":5000}')).toEqual({
      command: ["ls", "-la"],
      workdir: "src",
      timeout_ms: 5000,
    });
    expect(() => parseShellToolArgs('{"command":[]}')).toThrow(/non-empty array/);
    expect(parseApplyPatchArgs('{"input":"*** Begin Patch"}')).toEqual({ input: "*** Begin Patch" });
    expect(
      parseUpdatePlanArgs({ explanation: "why", plan: [{ step: "a", status: "completed" }, { step: "b", status: "in_progress" }, { step: "c", status: "pending" }] }),
    ).toEqual({
      explanation: "why",
      plan: [
        { step: "a", status: "completed" },
        { step: "b", status: "inProgress" },
        { step: "c", status: "pending" },
      ],
    });
    expect(() => parseUpdatePlanArgs({ plan: [{ step: "a", status: "done" }] })).toThrow(/status/);
  });

  it("offers shell, apply_patch and update_plan as Responses API function tools", () => {
    const tools = toolDefinitions();
    expect(tools.map((t) => t.name)).toEqual(["shell", "apply_patch", "update_plan"]);
    for (const tool of tools) {
      expect(tool.type).toBe("function");
      expect(tool.parameters).toMatchObject({ type: "object", additionalProperties: false });
    }
    expect(tools[0]!.parameters).toMatchObject({ required: ["command"], properties: { command: { type: "array" } } });
    expect(tools[1]!.description).toContain("*** Begin Patch");
  });

  it("HeadTailBuffer keeps exact head and tail bytes", () => {
    const buffer = new HeadTailBuffer(4, 3);
    for (const chunk of ["ab", "cdef", "ghij", "k"]) buffer.push(Buffer.from(chunk));
    expect(buffer.headBuffer().toString()).toBe("abcd");
    expect(buffer.tailBuffer().toString()).toBe("ijk");
    expect(buffer.droppedBytes).toBe(4);
    expect(buffer.toText()).toBe("abcd\n[... 4 bytes truncated ...]\nijk");
  });
});

describe("parseCommandActions", () => {
  it.each([
    [["cat", "README.md"], [{ type: "read", command: "cat README.md", name: "README.md", path: "/w/README.md" }]],
    [["bash", "-lc", "cat src/app.ts"], [{ type: "read", command: "cat src/app.ts", name: "app.ts", path: "/w/src/app.ts" }]],
    [["bash", "-lc", "cd sub && sed -n 1,20p lib/x.py"], [{ type: "read", command: "sed -n 1,20p lib/x.py", name: "x.py", path: "/w/sub/lib/x.py" }]],
    [["ls", "-la"], [{ type: "listFiles", command: "ls -la", path: null }]],
    [["bash", "-lc", "ls docs"], [{ type: "listFiles", command: "ls docs", path: "docs" }]],
    [["rg", "--files"], [{ type: "listFiles", command: "rg --files", path: null }]],
    [["rg", "-n", "TODO", "src/core"], [{ type: "search", command: "rg -n TODO src/core", query: "TODO", path: "core" }]],
    [["bash", "-lc", "grep -rn 'foo bar' . | head -20"], [{ type: "search", command: "grep -rn 'foo bar' .", query: "foo bar", path: "." }]],
    [["bash", "-lc", "rg --files | wc -l"], [{ type: "listFiles", command: "rg --files", path: null }]],
    [["find", ".", "-name", "*.ts"], [{ type: "search", command: "find . -name '*.ts'", query: "*.ts", path: "." }]],
    [["npm", "test"], [{ type: "unknown", command: "npm test" }]],
    [["bash", "-lc", "echo hi > out.txt"], [{ type: "unknown", command: "echo hi > out.txt" }]],
    [["bash", "-lc", "cat a.txt && npm run build"], [
      { type: "read", command: "cat a.txt", name: "a.txt", path: "/w/a.txt" },
      { type: "unknown", command: "npm run build" },
    ]],
  ])("%j", (argv, expected) => {
    expect(parseCommandActions(argv, { cwd: "/w" })).toEqual(expected);
  });

  it("splits shell words with quotes and operators", () => {
    expect(shlexSplit(`a "b c" 'd e'&&f\\ g|h`)!.map((t) => t.text)).toEqual(["a", "b c", "d e", "&&", "f g", "|", "h"]);
    expect(shlexSplit(`unterminated "quote`)).toBeNull();
  });
});
