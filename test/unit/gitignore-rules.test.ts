import { describe, expect, it } from "vitest";
import { IgnoreRules, isIgnored } from "../../src/core/workspace/fuzzy/gitignore.js";

describe(".gitignore rules", () => {
  const root = IgnoreRules.parse("", ["# comment", "", "*.log", "!keep.log", "build/", "/top.txt", "docs/**/draft?.md", "a/**/b", "\\#hash"].join("\n"))!;
  const nested = IgnoreRules.parse("pkg", ["*.tmp", "!important.log", "/local"].join("\n"))!;
  const ignored = (relative: string, isDirectory = false) =>
    isIgnored([root, nested], relative, relative.slice(relative.lastIndexOf("/") + 1), isDirectory);

  it("matches names at any depth, directories only with a trailing slash, anchors with a slash", () => {
    expect(ignored("x.log")).toBe(true);
    expect(ignored("deep/er/x.log")).toBe(true);
    expect(ignored("keep.log")).toBe(false);
    expect(ignored("build", true)).toBe(true);
    expect(ignored("build", false)).toBe(false);
    expect(ignored("src/build", true)).toBe(true);
    expect(ignored("top.txt")).toBe(true);
    expect(ignored("src/top.txt")).toBe(false);
    expect(ignored("docs/a/b/draft1.md")).toBe(true);
    expect(ignored("docs/draft1.md")).toBe(true);
    expect(ignored("docs/draft10.md")).toBe(false);
    expect(ignored("a/b", true)).toBe(true);
    expect(ignored("a/x/y/b")).toBe(true);
    expect(ignored("#hash")).toBe(true);
    expect(ignored("src/main.ts")).toBe(false);
  });

  it("lets a deeper file's rules override and anchors them to its own directory", () => {
    expect(ignored("pkg/a.tmp")).toBe(true);
    expect(ignored("a.tmp")).toBe(false);
    expect(ignored("pkg/important.log")).toBe(false);
    expect(ignored("pkg/local")).toBe(true);
    expect(ignored("pkg/sub/local")).toBe(false);
  });

  it("has no rules for an empty or comment-only file", () => {
    expect(IgnoreRules.parse("", "# nothing\n\n")).toBeNull();
  });
});
