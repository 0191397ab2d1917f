import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { waitUntil } from "../helpers/process-scan.js";
import { ServerProcess } from "../helpers/server-process.js";

async function started(experimentalApi = false): Promise<ServerProcess> {
  const server = new ServerProcess();
  await server.initialize(experimentalApi ? { experimentalApi: true } : null);
  return server;
}

/** A small git work tree: sources, a .gitignore'd build output, hidden files, a symlink loop. */
function fixedTree(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "aas-fuzzy-"));
  const files = [
    "README.md",
    "maintenance.txt",
    "src/main.ts",
    "src/components/Main.tsx",
    "src/lib/animation.ts",
    "docs/guide.md",
    "build/main.js",
    "debug.log",
    ".hidden_main",
    ".git/HEAD",
  ];
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), "");
  }
  writeFileSync(path.join(root, ".gitignore"), "build/\n*.log\n");
  symlinkSync(root, path.join(root, "src", "loop"));
  return root;
}

function paths(files: Array<{ path: string }>): string[] {
  return files.map((f) => f.path);
}

describe("fuzzyFileSearch", () => {
  it("ranks a fixed tree: file-name matches first, .gitignore honoured, indices into the path", async () => {
    const server = await started();
    const root = fixedTree();
    const { files } = await server.call("fuzzyFileSearch", { query: "main", roots: [root], cancellationToken: null });
    expect(paths(files)).toEqual(["src/main.ts", "maintenance.txt", "src/components/Main.tsx", ".hidden_main", "src/lib/animation.ts"]);
    expect(files[0]).toEqual({
      root,
      path: "src/main.ts",
      match_type: "file",
      file_name: "main.ts",
      score: files[0].score,
      indices: [4, 5, 6, 7],
    });
    expect(files[2].indices).toEqual([15, 16, 17, 18]);

    const comp = await server.call("fuzzyFileSearch", { query: "COMP", roots: [root] });
    expect(comp.files[0]).toMatchObject({ path: "src/components", match_type: "directory", file_name: "components" });
    expect(paths((await server.call("fuzzyFileSearch", { query: "head", roots: [root] })).files)).toEqual([".git/HEAD"]);

    // Empty query, no roots, a missing root: no files, no error.
    expect(await server.call("fuzzyFileSearch", { query: "", roots: [root] })).toEqual({ files: [] });
    expect(await server.call("fuzzyFileSearch", { query: "main", roots: [] })).toEqual({ files: [] });
    expect(await server.call("fuzzyFileSearch", { query: "main", roots: [path.join(root, "missing")] })).toEqual({ files: [] });
  });

  it("a newer search with the same cancellationToken makes the older one answer with no files", async () => {
    const server = await started();
    const root = mkdtempSync(path.join(os.tmpdir(), "aas-fuzzy-big-"));
    for (let d = 0; d < 200; d++) {
      mkdirSync(path.join(root, `dir${d}`));
      for (let f = 0; f < 100; f++) writeFileSync(path.join(root, `dir${d}`, `file${f}.txt`), "");
    }
    const older = server.request("fuzzyFileSearch", { query: "file", roots: [root], cancellationToken: "picker" });
    const newer = server.request("fuzzyFileSearch", { query: "file99", roots: [root], cancellationToken: "picker" });
    const [olderResponse, newerResponse] = await Promise.all([older, newer]);
    expect(olderResponse.result).toEqual({ files: [] });
    const files = (newerResponse.result as { files: Array<{ path: string }> }).files;
    expect(files).toHaveLength(50);
    expect(files.every((f) => /file99\.txt$/.test(f.path))).toBe(true);
  });
});

describe("fuzzyFileSearch sessions", () => {
  it("needs the experimental API", async () => {
    const server = await started();
    expect(await server.callError("fuzzyFileSearch/sessionStart", { sessionId: "s", roots: ["/"] })).toEqual({
      code: -32600,
      message: "fuzzyFileSearch/sessionStart requires experimentalApi capability",
    });
  });

  it("indexes once, answers each query update with sessionUpdated then sessionCompleted, and stops", async () => {
    const server = await started(true);
    const root = fixedTree();
    expect(await server.call("fuzzyFileSearch/sessionStart", { sessionId: "picker", roots: [root] })).toEqual({});
    // The walk's end answers the initial empty query.
    await server.waitForNotification("fuzzyFileSearch/sessionCompleted", (p) => p.sessionId === "picker");
    expect(server.notifications("fuzzyFileSearch/sessionUpdated").map((m) => m.params)).toEqual([
      { sessionId: "picker", query: "", files: [] },
    ]);

    for (const query of ["m", "ma", "mai", "main"]) {
      expect(await server.call("fuzzyFileSearch/sessionUpdate", { sessionId: "picker", query })).toEqual({});
    }
    const last = await server.waitForNotification("fuzzyFileSearch/sessionUpdated", (p) => p.query === "main");
    expect(paths(last.files)).toEqual(["src/main.ts", "maintenance.txt", "src/components/Main.tsx", ".hidden_main", "src/lib/animation.ts"]);
    // Each answered query is followed by its sessionCompleted.
    const methods = () => server.notifications().map((m) => m.method).filter((m) => String(m).startsWith("fuzzyFileSearch/"));
    expect(await waitUntil(() => methods().at(-1) === "fuzzyFileSearch/sessionCompleted")).toBe(true);
    const sequence = methods();
    for (let i = 0; i < sequence.length; i += 2) {
      expect(sequence.slice(i, i + 2)).toEqual(["fuzzyFileSearch/sessionUpdated", "fuzzyFileSearch/sessionCompleted"]);
    }
    // Every update names a query that was asked, in order; superseded queries may be skipped.
    const queries = server.notifications("fuzzyFileSearch/sessionUpdated").map((m) => (m.params as { query: string }).query);
    expect(queries[0]).toBe("");
    expect(queries.at(-1)).toBe("main");
    expect(queries.every((q) => ["", "m", "ma", "mai", "main"].includes(q))).toBe(true);

    const before = server.notifications("fuzzyFileSearch/sessionUpdated").length;
    await server.call("fuzzyFileSearch/sessionUpdate", { sessionId: "picker", query: "" });
    expect(await waitUntil(() => server.notifications("fuzzyFileSearch/sessionUpdated").length > before)).toBe(true);
    expect(server.notifications("fuzzyFileSearch/sessionUpdated").at(-1)!.params).toEqual({ sessionId: "picker", query: "", files: [] });

    expect(await server.call("fuzzyFileSearch/sessionStop", { sessionId: "picker" })).toEqual({});
    expect(await server.callError("fuzzyFileSearch/sessionUpdate", { sessionId: "picker", query: "x" })).toEqual({
      code: -32600,
      message: "fuzzy file search session not found: picker",
    });
    expect(await server.call("fuzzyFileSearch/sessionStop", { sessionId: "never" })).toEqual({});
  });

  it("refuses an empty sessionId or no roots with the reference's errors", async () => {
    const server = await started(true);
    expect(await server.callError("fuzzyFileSearch/sessionStart", { sessionId: "", roots: ["/tmp"] })).toEqual({
      code: -32600,
      message: "sessionId must not be empty",
    });
    expect(await server.callError("fuzzyFileSearch/sessionStart", { sessionId: "e", roots: [] })).toEqual({
      code: -32603,
      message: "failed to start fuzzy file search session: at least one search directory is required",
    });
    // A missing root is an empty index, not an error.
    await server.call("fuzzyFileSearch/sessionStart", { sessionId: "n", roots: ["/nonexistent/root"] });
    await server.call("fuzzyFileSearch/sessionUpdate", { sessionId: "n", query: "a" });
    expect(await server.waitForNotification("fuzzyFileSearch/sessionUpdated", (p) => p.query === "a")).toEqual({
      sessionId: "n",
      query: "a",
      files: [],
    });
  });
});
