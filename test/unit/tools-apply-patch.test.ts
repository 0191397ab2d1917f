import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ApplyPatchError,
  applyPatch,
  commitPatchPlan,
  extractApplyPatchInvocation,
  fileUpdateChanges,
  parsePatch,
  planPatch,
} from "../../src/core/tools/apply-patch/index.js";
import { unifiedDiffHunks } from "../../src/core/tools/diff.js";
import { TurnDiffTracker } from "../../src/core/tools/turn-diff.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "aas-patch-"));
});

const write = (rel: string, content: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
};
const read = (rel: string) => readFileSync(path.join(dir, rel), "utf8");
const exists = (rel: string) => existsSync(path.join(dir, rel));
const patch = (...body: string[]) => ["*** Begin Patch", ...body, "*** End Patch", ""].join("\n");

describe("parsePatch", () => {
  it("parses every operation of the format", () => {
    const parsed = parsePatch(
      patch(
        "*** Add File: path/add.py",
        "+abc",
        "+def",
        "*** Delete File: path/delete.py",
        "*** Update File: path/update.py",
        "*** Move to: path/update2.py",
        "@@ def f():",
        "-    pass",
        "+    return 123",
        "*** Update File: other.py",
        "@@",
        " keep",
        "-old",
        "+new",
        "*** End of File",
      ),
    );
    expect(parsed.hunks).toEqual([
      { type: "add", path: "path/add.py", contents: "abc\ndef\n" },
      { type: "delete", path: "path/delete.py" },
      {
        type: "update",
        path: "path/update.py",
        movePath: "path/update2.py",
        chunks: [{ changeContext: "def f():", oldLines: ["    pass"], newLines: ["    return 123"], isEndOfFile: false }],
      },
      {
        type: "update",
        path: "other.py",
        movePath: null,
        chunks: [{ changeContext: null, oldLines: ["keep", "old"], newLines: ["keep", "new"], isEndOfFile: true }],
      },
    ]);
  });

  it("accepts a first chunk without @@ and a heredoc wrapper", () => {
    const parsed = parsePatch(`<<'EOF'\n${patch("*** Update File: f.py", " import foo", "+bar")}EOF\n`);
    expect(parsed.hunks).toEqual([
      { type: "update", path: "f.py", movePath: null, chunks: [{ changeContext: null, oldLines: ["import foo"], newLines: ["import foo", "bar"], isEndOfFile: false }] },
    ]);
  });

  it.each([
    ["bad", "invalid patch: The first line of the patch must be '*** Begin Patch'"],
    ["*** Begin Patch\nbad", "invalid patch: The last line of the patch must be '*** End Patch'"],
    [patch("*** Frobnicate File: x"), "invalid hunk at line 2, '*** Frobnicate File: x' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'"],
    [patch("*** Update File: test.py"), "invalid hunk at line 2, Update file hunk for path 'test.py' is empty"],
    [patch("*** Update File: a.py", "@@", "-x", "@@ second", "bad line"), "invalid hunk at line 6, Unexpected line found in update hunk: 'bad line'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)"],
  ])("reports malformed patch %#", (text, message) => {
    expect(() => parsePatch(text)).toThrow(ApplyPatchError);
    expect(() => parsePatch(text)).toThrow(message);
  });
});

describe("applyPatch", () => {
  it("adds a file (creating directories) and reports it", async () => {
    const result = await applyPatch(patch("*** Add File: nested/dir/hello.txt", "+Hello", "+world"), { cwd: dir });
    expect(result.success).toBe(true);
    expect(read("nested/dir/hello.txt")).toBe("Hello\nworld\n");
    expect(result.output).toBe("Success. Updated the following files:\nA nested/dir/hello.txt\n");
    expect(result.changes).toEqual([{ path: path.join(dir, "nested/dir/hello.txt"), kind: { type: "add" }, diff: "Hello\nworld\n" }]);
    expect(result.unifiedDiff).toBe(
      "diff --git a/nested/dir/hello.txt b/nested/dir/hello.txt\nnew file mode 100644\n--- /dev/null\n+++ b/nested/dir/hello.txt\n@@ -0,0 +1,2 @@\n+Hello\n+world\n",
    );
  });

  it("updates with context lines, several chunks and @@ anchors", async () => {
    write(
      "app.py",
      ["class A:", "    def run(self):", "        return 1", "", "class B:", "    def run(self):", "        return 1", "", "x = 1", "y = 2", ""].join("\n"),
    );
    const result = await applyPatch(
      patch(
        "*** Update File: app.py",
        "@@ class B:",
        "     def run(self):",
        "-        return 1",
        "+        return 2",
        "@@",
        " x = 1",
        "-y = 2",
        "+y = 3",
      ),
      { cwd: dir },
    );
    expect(result.error?.message).toBeUndefined();
    expect(read("app.py")).toBe(
      ["class A:", "    def run(self):", "        return 1", "", "class B:", "    def run(self):", "        return 2", "", "x = 1", "y = 3", ""].join("\n"),
    );
    expect(result.output).toBe("Success. Updated the following files:\nM app.py\n");
    const [change] = result.changes;
    expect(change!.kind).toEqual({ type: "update", move_path: null });
    expect(change!.diff).toBe("@@ -6,5 +6,5 @@\n     def run(self):\n-        return 1\n+        return 2\n \n x = 1\n-y = 2\n+y = 3\n");
  });

  it("matches despite whitespace and typographic punctuation differences, keeps CRLF", async () => {
    write("w.txt", "alpha  \r\n  beta \u2013 gamma\r\nomega\r\n");
    const result = await applyPatch(patch("*** Update File: w.txt", "@@", " alpha", "-beta - gamma", "+BETA"), { cwd: dir });
    expect(result.success).toBe(true);
    // Matched lines are replaced by the patch's lines, context included (as the reference).
    expect(read("w.txt")).toBe("alpha\r\nBETA\r\nomega\r\n");
  });

  it("anchors *** End of File chunks at the end and appends pure additions", async () => {
    write("tail.txt", "a\nend\nb\nend\n");
    await applyPatch(patch("*** Update File: tail.txt", "@@", "-end", "+END", "*** End of File"), { cwd: dir });
    expect(read("tail.txt")).toBe("a\nend\nb\nEND\n");
    await applyPatch(patch("*** Update File: tail.txt", "@@", "+appended"), { cwd: dir });
    expect(read("tail.txt")).toBe("a\nend\nb\nEND\nappended\n");
  });

  it("moves a file into a new directory", async () => {
    write("old/name.txt", "one\ntwo\n");
    const result = await applyPatch(patch("*** Update File: old/name.txt", "*** Move to: renamed/dir/name.txt", "@@", "-two", "+TWO"), { cwd: dir });
    expect(result.success).toBe(true);
    expect(exists("old/name.txt")).toBe(false);
    expect(read("renamed/dir/name.txt")).toBe("one\nTWO\n");
    const dest = path.join(dir, "renamed/dir/name.txt");
    expect(result.changes).toEqual([
      { path: path.join(dir, "old/name.txt"), kind: { type: "update", move_path: dest }, diff: `@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n\n\nMoved to: ${dest}` },
    ]);
    expect(result.output).toBe("Success. Updated the following files:\nM renamed/dir/name.txt\n");
    expect(result.unifiedDiff).toContain("rename from old/name.txt\nrename to renamed/dir/name.txt\n");
  });

  it("deletes a file; deleting a missing file or a directory fails", async () => {
    write("gone.txt", "bye\n");
    const result = await applyPatch(patch("*** Delete File: gone.txt"), { cwd: dir });
    expect(result.success).toBe(true);
    expect(exists("gone.txt")).toBe(false);
    expect(result.changes).toEqual([{ path: path.join(dir, "gone.txt"), kind: { type: "delete" }, diff: "bye\n" }]);
    expect(result.output).toBe("Success. Updated the following files:\nD gone.txt\n");

    const missing = await applyPatch(patch("*** Delete File: gone.txt"), { cwd: dir });
    expect(missing.success).toBe(false);
    expect(missing.output).toBe(`apply_patch verification failed: Failed to delete file ${path.join(dir, "gone.txt")}: No such file or directory (os error 2)`);
    mkdirSync(path.join(dir, "adir"));
    const directory = await applyPatch(patch("*** Delete File: adir"), { cwd: dir });
    expect(directory.success).toBe(false);
    expect(existsSync(path.join(dir, "adir"))).toBe(true);
  });

  it("changes nothing on disk when a later hunk does not match", async () => {
    write("b.txt", "keep\nchange me\n");
    write("c.txt", "something else\n");
    write("d.txt", "delete me\n");
    const before = readdirSync(dir).sort();
    const result = await applyPatch(
      patch(
        "*** Add File: a.txt",
        "+new",
        "*** Update File: b.txt",
        "@@",
        "-change me",
        "+changed",
        "*** Delete File: d.txt",
        "*** Update File: c.txt",
        "@@",
        "-this line is not there",
        "+replacement",
      ),
      { cwd: dir },
    );
    expect(result.success).toBe(false);
    expect(result.output).toBe("apply_patch verification failed: Failed to find expected lines in c.txt:\nthis line is not there");
    expect(result.changes).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(read("b.txt")).toBe("keep\nchange me\n");
    expect(read("d.txt")).toBe("delete me\n");
  });

  it("reports a missing @@ context and a missing file to update", async () => {
    write("f.txt", "a\n");
    const context = await applyPatch(patch("*** Update File: f.txt", "@@ nowhere", "-a", "+b"), { cwd: dir });
    expect(context.output).toBe("apply_patch verification failed: Failed to find context 'nowhere' in f.txt");
    const missing = await applyPatch(patch("*** Update File: nope.txt", "@@", "-a", "+b"), { cwd: dir });
    // As the reference: the absolute path and the OS error number.
    expect(missing.output).toBe(`apply_patch verification failed: Failed to read file to update ${path.join(dir, "nope.txt")}: No such file or directory (os error 2)`);
    const empty = await applyPatch(patch(), { cwd: dir });
    expect(empty.output).toBe("apply_patch verification failed: No files were modified.");
    const malformed = await applyPatch("*** Begin Patch\n*** Add File: x\n+y\n", { cwd: dir });
    expect(malformed.success).toBe(false);
    expect(malformed.output).toBe("invalid patch: The last line of the patch must be '*** End Patch'");
    expect(exists("x")).toBe(false);
  });

  it("restores everything when a write fails half-way through the commit", async () => {
    write("a.txt", "original\n");
    write("blocker", "a file where a directory is needed\n");
    const plan = await planPatch(patch("*** Update File: a.txt", "@@", "-original", "+patched", "*** Add File: blocker/child.txt", "+x"), { cwd: dir });
    await expect(commitPatchPlan(plan)).rejects.toThrow(/Failed to write patch changes/);
    expect(read("a.txt")).toBe("original\n");
    expect(readdirSync(dir).sort()).toEqual(["a.txt", "blocker"]);
  });

  it("dryRun verifies and reports without writing; later hunks see earlier ones", async () => {
    const result = await applyPatch(patch("*** Add File: n.txt", "+one", "*** Update File: n.txt", "@@", "-one", "+two"), { cwd: dir, dryRun: true });
    expect(result.success).toBe(true);
    expect(exists("n.txt")).toBe(false);
    expect(result.plan!.changes.map((c) => c.newContent)).toEqual(["one\n", "two\n"]);
    expect(fileUpdateChanges(result.plan!)).toHaveLength(2);
  });
});

describe("diffs", () => {
  it("unified hunks mark a missing final newline", () => {
    expect(unifiedDiffHunks("a\nb", "a\nb\n", 1)).toBe("@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
    expect(unifiedDiffHunks("same\n", "same\n")).toBe("");
  });

  it("TurnDiffTracker aggregates a turn's changes against first-touch baselines", async () => {
    write("t.txt", "v1\n");
    const tracker = new TurnDiffTracker(dir);
    for (const [from, to] of [
      ["v1", "v2"],
      ["v2", "v3"],
    ]) {
      const plan = await planPatch(patch("*** Update File: t.txt", "@@", `-${from}`, `+${to}`), { cwd: dir });
      tracker.track(plan);
      await commitPatchPlan(plan);
    }
    const added = await planPatch(patch("*** Add File: new.txt", "+hi"), { cwd: dir });
    tracker.track(added);
    await commitPatchPlan(added);
    expect(await tracker.unifiedDiff()).toBe(
      "diff --git a/new.txt b/new.txt\nnew file mode 100644\n--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hi\n" +
        "diff --git a/t.txt b/t.txt\n--- a/t.txt\n+++ b/t.txt\n@@ -1 +1 @@\n-v1\n+v3\n",
    );
  });
});

describe("extractApplyPatchInvocation", () => {
  it("recognises apply_patch argv and heredoc shell forms", () => {
    const text = patch("*** Add File: a", "+b").trimEnd();
    expect(extractApplyPatchInvocation(["apply_patch", text])).toEqual({ patch: text, workdir: null });
    expect(extractApplyPatchInvocation(["bash", "-lc", `apply_patch <<'EOF'\n${text}\nEOF\n`])).toEqual({ patch: text, workdir: null });
    expect(extractApplyPatchInvocation(["bash", "-lc", `cd sub && apply_patch <<"PATCH"\n${text}\nPATCH`])).toEqual({ patch: text, workdir: "sub" });
    expect(extractApplyPatchInvocation(["bash", "-lc", "ls"])).toBeUndefined();
  });
});
