import { describe, expect, it } from "vitest";
import { excerptAroundFirstMatch, findLiteral, markdownSearchText, matchSnippet } from "../../src/core/search-text.js";

describe("search text", () => {
  it("matches case-insensitively without overlaps, in UTF-16 indices of the original text", () => {
    expect(findLiteral("🙂NEEDLE needle", "needle")).toEqual([
      { start: 2, end: 8 },
      { start: 9, end: 15 },
    ]);
    expect(findLiteral("aaaa", "aa")).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    // "İ" lowercases to two code units: a match maps back onto the whole original character.
    expect(findLiteral("xİy", "i̇y")).toEqual([{ start: 1, end: 3 }]);
    expect(findLiteral("abc", "")).toEqual([]);
  });

  it("cuts snippets 48 code points before and 96 after, marking the cuts", () => {
    const text = `${"🙂".repeat(50)}hit${"z".repeat(100)}`;
    const [match] = findLiteral(text, "HIT");
    const { snippet, range } = matchSnippet(text, match!);
    expect(snippet).toBe(`... ${"🙂".repeat(48)}hit${"z".repeat(96)} ...`);
    expect(snippet.slice(range.start, range.end)).toBe("hit");
    expect(matchSnippet("short hit", findLiteral("short hit", "hit")[0]!)).toEqual({ snippet: "short hit", range: { start: 6, end: 9 } });
  });

  it("excerpts the first match of whitespace-collapsed text for thread/search", () => {
    expect(excerptAroundFirstMatch("  The\n\nWidget   is  here ", "widget")).toBe("The Widget is here");
    expect(excerptAroundFirstMatch("nothing", "widget")).toBeUndefined();
  });

  it("reduces markdown to its visible words", () => {
    const markdown = "# Title\n\nSome **bold**, *it* and _em_ snake_case_name `code` [link](http://x)\n\n- one\n1. two\n\n```js\nconst x = 1;\n```\n> quoted";
    expect(markdownSearchText(markdown)).toBe("Title Some bold, it and em snake_case_name code link one two const x = 1; quoted");
  });
});
