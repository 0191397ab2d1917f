import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { startTurn, startTurnServer, text, turnCompleted, turnStream, workdir } from "../helpers/turns.js";
import { applyPatch, indexOf, patchText, script, serverRequests, exec, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

async function workspaceThread(server: Awaited<ReturnType<typeof startTurnServer>>, cwd: string): Promise<string> {
  const result = await server.call("thread/start", { cwd, sandbox: "workspace-write" });
  return result.thread.id;
}

/** The model's output for a patch sent as an `exec_command` heredoc: the patch tool's text inside the exec frame (fact sheet §7.3). */
const VIA_SHELL = "Wall time: 0.0000 seconds\nOutput:\n";
function patchSuccess(summary: string): RegExp {
  return new RegExp(`^${VIA_SHELL}Exit code: 0\nWall time: \\d+\\.\\d seconds\nOutput:\n${summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

describe("apply_patch (as an exec_command heredoc) in a turn", () => {
  it("applies a patch: fileChange item, the model's summary, then turn/diff/updated", async () => {
    const cwd = workdir();
    writeFileSync(path.join(cwd, "app.py"), "def greet():\n    print('Hi')\n");
    const patch = patchText("*** Add File: hello.txt", "+Hello world", "*** Update File: app.py", "@@ def greet():", "-    print('Hi')", "+    print('Hello, world!')");
    script(mock, [[applyPatch("call_patch", patch)]]);
    const server = await startTurnServer(mock);
    const threadId = await workspaceThread(server, cwd);
    const turn = await startTurn(server, threadId, text("edit"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(serverRequests(server)).toHaveLength(0);

    expect(readFileSync(path.join(cwd, "hello.txt"), "utf8")).toBe("Hello world\n");
    expect(readFileSync(path.join(cwd, "app.py"), "utf8")).toBe("def greet():\n    print('Hello, world!')\n");

    const stream = turnStream(server, threadId, turn.id);
    const started = stream.find((m) => m.method === "item/started" && (m.params as any).item.type === "fileChange")!.params as any;
    expect(started.item).toMatchObject({ type: "fileChange", id: "call_patch", status: "inProgress", completedAtMs: null });
    expect(started.item.changes).toEqual([
      { path: path.join(cwd, "app.py"), kind: { type: "update", move_path: null }, diff: expect.stringContaining("-    print('Hi')\n+    print('Hello, world!')") },
      { path: path.join(cwd, "hello.txt"), kind: { type: "add" }, diff: "Hello world\n" },
    ]);
    const done = stream.find((m) => m.method === "item/completed" && (m.params as any).item.type === "fileChange")!.params as any;
    expect(done.item).toMatchObject({ id: "call_patch", status: "completed" });
    const diffs = stream.filter((m) => m.method === "turn/diff/updated").map((m) => m.params as any);
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({ threadId, turnId: turn.id });
    expect(diffs[0].diff).toContain("diff --git a/app.py b/app.py");
    expect(diffs[0].diff).toContain("diff --git a/hello.txt b/hello.txt\nnew file mode 100644");
    expect(indexOf(server, (m) => m.method === "item/completed" && m.params.item.id === "call_patch")).toBeLessThan(
      indexOf(server, (m) => m.method === "turn/diff/updated"),
    );
    expect(toolOutput(mock.requests[1]!, "call_patch")).toMatch(patchSuccess("Success. Updated the following files:\nA hello.txt\nM app.py\n"));
  });

  it("a move: kind update with move_path; the old file is gone; the turn diff aggregates both patches", async () => {
    const cwd = workdir();
    writeFileSync(path.join(cwd, "old.txt"), "one\ntwo\n");
    script(mock, [
      [applyPatch("call_move", patchText("*** Update File: old.txt", "*** Move to: new.txt", "@@", " one", "-two", "+three"))],
      [applyPatch("call_more", patchText("*** Add File: extra.txt", "+x"))],
    ]);
    const server = await startTurnServer(mock);
    const threadId = await workspaceThread(server, cwd);
    const turn = await startTurn(server, threadId, text("move it"));
    await turnCompleted(server, turn.id);
    expect(existsSync(path.join(cwd, "old.txt"))).toBe(false);
    expect(readFileSync(path.join(cwd, "new.txt"), "utf8")).toBe("one\nthree\n");
    const done = server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.id === "call_move");
    expect(done.status).toBe("completed");
    expect(done.changes).toEqual([
      { path: path.join(cwd, "old.txt"), kind: { type: "update", move_path: path.join(cwd, "new.txt") }, diff: expect.stringContaining("Moved to: ") },
    ]);
    const diffs = server.notifications("turn/diff/updated").map((m) => (m.params as any).diff as string);
    expect(diffs).toHaveLength(2);
    expect(diffs[0]).toContain("rename from old.txt\nrename to new.txt");
    expect(diffs[1]).toContain("rename from old.txt\nrename to new.txt");
    expect(diffs[1]).toContain("diff --git a/extra.txt b/extra.txt");
    expect(toolOutput(mock.requests[1]!, "call_move")).toMatch(patchSuccess("Success. Updated the following files:\nM new.txt\n"));
  });

  it("a patch that fails half-way changes nothing and is reported to the model; the turn goes on", async () => {
    const cwd = workdir();
    writeFileSync(path.join(cwd, "b.txt"), "alpha\nbeta\n");
    const patch = patchText("*** Add File: a.txt", "+new", "*** Update File: b.txt", "@@", "-gamma", "+delta");
    script(mock, [[applyPatch("call_half", patch)]]);
    const server = await startTurnServer(mock);
    const threadId = await workspaceThread(server, cwd);
    const turn = await startTurn(server, threadId, text("edit"));
    const completed = await turnCompleted(server, turn.id);
    expect(completed.turn.status).toBe("completed");
    expect(existsSync(path.join(cwd, "a.txt"))).toBe(false);
    expect(readFileSync(path.join(cwd, "b.txt"), "utf8")).toBe("alpha\nbeta\n");
    // Observed on codex-cli 0.169.0: a failed verification is the bare error, without the exec tool's frame.
    expect(toolOutput(mock.requests[1]!, "call_half")).toBe("apply_patch verification failed: Failed to find expected lines in b.txt:\ngamma");
    // Nothing was applied: no fileChange item, no diff.
    expect(server.notifications("item/started").filter((m) => (m.params as any).item.type === "fileChange")).toHaveLength(0);
    expect(server.notifications("turn/diff/updated")).toHaveLength(0);
  });

  it("a patch that does not parse is reported to the model", async () => {
    script(mock, [[applyPatch("call_garbage", "*** Begin Patch\n*** Frobnicate: x\n*** End Patch")]]);
    const server = await startTurnServer(mock);
    const threadId = await workspaceThread(server, workdir());
    const turn = await startTurn(server, threadId, text("edit"));
    await turnCompleted(server, turn.id);
    expect(toolOutput(mock.requests[1]!, "call_garbage")).toMatch(/^apply_patch verification failed: invalid hunk at line 2, '\*\*\* Frobnicate: x' is not a valid hunk header/);
  });

  it("`apply_patch` invoked through the shell tool is a fileChange too", async () => {
    const cwd = workdir();
    const script_ = `apply_patch <<'EOF'\n${patchText("*** Add File: via-shell.txt", "+hi")}\nEOF`;
    script(mock, [[exec("call_shell_patch", script_)]]);
    const server = await startTurnServer(mock);
    const threadId = await workspaceThread(server, cwd);
    const turn = await startTurn(server, threadId, text("edit"));
    await turnCompleted(server, turn.id);
    expect(readFileSync(path.join(cwd, "via-shell.txt"), "utf8")).toBe("hi\n");
    const done = server.notifications("item/completed").map((m) => (m.params as any).item).find((i) => i.id === "call_shell_patch");
    expect(done).toMatchObject({ type: "fileChange", status: "completed" });
  });
});
