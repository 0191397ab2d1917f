import { describe, expect, it } from "vitest";
import { FileIndex, foldCase } from "../../src/core/workspace/fuzzy/file-index.js";
import { rank } from "../../src/core/workspace/fuzzy/ranker.js";
import { fuzzyMatch, normalizeQuery, quickScore } from "../../src/core/workspace/fuzzy/scorer.js";

const PATHS = [
  "README.md",
  "docs/mainline/intro.md",
  "maintenance.txt",
  "src/app/main_window.rs",
  "src/components",
  "src/components/Main.tsx",
  "src/domain/app.ts",
  "src/FooBar.ts",
  "src/foobar/index.ts",
  "src/lib/animation.ts",
  "src/main.ts",
];

function indexOf(paths: readonly string[]): FileIndex {
  const index = new FileIndex();
  index.roots.push("/repo");
  for (const p of paths) index.add(0, p, !p.includes("."));
  index.sortByPath();
  return index;
}

function match(query: string, candidate: string) {
  return fuzzyMatch(normalizeQuery(query), candidate, foldCase(candidate), candidate.lastIndexOf("/") + 1);
}

describe("fuzzy scorer", () => {
  it("matches subsequences case-insensitively and refuses the rest", () => {
    expect(match("ALP", "alpha.txt")?.indices).toEqual([0, 1, 2]);
    expect(match("mn", "src/main.ts")?.indices).toEqual([4, 7]);
    expect(match("xyz", "src/main.ts")).toBeNull();
    expect(match("", "src/main.ts")).toBeNull();
    expect(quickScore("zz", "src/main.ts", "src/main.ts", 4)).toBe(-1);
  });

  it("aligns on word starts and inside the file name rather than the first occurrence", () => {
    // 'm' of "components" comes first, but "Main" is where the word starts.
    expect(match("srcmain", "src/components/Main.tsx")?.indices).toEqual([0, 1, 2, 15, 16, 17, 18]);
    expect(match("fb", "src/FooBar.ts")?.indices).toEqual([4, 7]);
    expect(match("main", "docs/mainline/main.md")?.indices).toEqual([14, 15, 16, 17]);
  });

  it("scores consecutive word-start matches above scattered ones, and never below zero", () => {
    const tight = match("main", "src/main.ts")!.score;
    const scattered = match("main", "src/lib/animation.ts")!.score;
    expect(tight).toBeGreaterThan(scattered);
    const long = `${"deep/".repeat(200)}x/a${"b".repeat(300)}c.ts`;
    expect(match("ac", long)!.score).toBeGreaterThanOrEqual(0);
  });

  it("ranks a fixed list like a file picker: best first, ties by path, match indices for highlighting", () => {
    const index = indexOf(PATHS);
    const main = rank(index, "main").files;
    expect(main.map((f) => f.path)).toEqual([
      "src/main.ts",
      "maintenance.txt",
      "src/app/main_window.rs",
      "src/components/Main.tsx",
      "docs/mainline/intro.md",
      "src/lib/animation.ts",
      "src/domain/app.ts",
    ]);
    expect(main[0]).toEqual({
      root: "/repo",
      path: "src/main.ts",
      match_type: "file",
      file_name: "main.ts",
      score: main[0]!.score,
      indices: [4, 5, 6, 7],
    });
    const scores = main.map((f) => f.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const comp = rank(index, "comp").files;
    expect(comp[0]).toMatchObject({ path: "src/components", match_type: "directory", file_name: "components" });
    expect(rank(index, "FooBar").files.map((f) => f.path)).toEqual(["src/FooBar.ts", "src/foobar/index.ts"]);
    expect(rank(index, "").files).toEqual([]);
    expect(rank(index, "qqq").files).toEqual([]);
  });

  it("narrows a longer query to the previous query's matches with the same outcome", () => {
    const index = indexOf(PATHS);
    const first = rank(index, "ma");
    const narrowed = rank(index, "mai", first.matched);
    expect(narrowed.files).toEqual(rank(index, "mai").files);
  });

  it("keeps the best 50 of many, in order", () => {
    const paths = Array.from({ length: 500 }, (_, i) => `dir${i % 7}/file${String(i).padStart(3, "0")}.ts`);
    const files = rank(indexOf(paths), "file1").files;
    expect(files).toHaveLength(50);
    for (let i = 1; i < files.length; i++) {
      const [a, b] = [files[i - 1]!, files[i]!];
      expect(a.score > b.score || (a.score === b.score && a.path < b.path)).toBe(true);
    }
  });
});
