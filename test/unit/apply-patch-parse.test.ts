import { describe, expect, it } from "vitest";
import { ApplyPatchError } from "../../src/core/tools/apply-patch/error.js";
import { parsePatch } from "../../src/core/tools/apply-patch/parse.js";

/** A patch of `body` lines between the Begin/End markers, ending with a newline. */
const patch = (...body: string[]) => ["*** Begin Patch", ...body, "*** End Patch", ""].join("\n");

/** What `parsePatch` threw for `text` (it must throw a parse error). */
function parseError(text: string): ApplyPatchError {
  try {
    parsePatch(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ApplyPatchError);
    expect((error as ApplyPatchError).kind).toBe("parse");
    return error as ApplyPatchError;
  }
  throw new Error("parsePatch accepted a malformed patch");
}

describe("parsePatch: valid patches", () => {
  it("parses an added file, its contents one `+` line each", () => {
    expect(parsePatch(patch("*** Add File: src/new.ts", "+export const a = 1;", "+", "+// end")).hunks).toEqual([
      { type: "add", path: "src/new.ts", contents: "export const a = 1;\n\n// end\n" },
    ]);
  });

  it("parses an added empty file", () => {
    expect(parsePatch(patch("*** Add File: empty.txt")).hunks).toEqual([{ type: "add", path: "empty.txt", contents: "" }]);
  });

  it("parses a deleted file", () => {
    expect(parsePatch(patch("*** Delete File: old.txt")).hunks).toEqual([{ type: "delete", path: "old.txt" }]);
  });

  it("parses an update: context lines go to both sides, `-` to the old, `+` to the new", () => {
    const parsed = parsePatch(patch("*** Update File: a.py", "@@", " def f():", "-    return 1", "+    return 2", " ", "", " # tail"));
    expect(parsed.hunks).toEqual([
      {
        type: "update",
        path: "a.py",
        movePath: null,
        chunks: [
          {
            changeContext: null,
            // An empty line (no marker at all) is a context line too.
            oldLines: ["def f():", "    return 1", "", "", "# tail"],
            newLines: ["def f():", "    return 2", "", "", "# tail"],
            isEndOfFile: false,
          },
        ],
      },
    ]);
  });

  it("parses a move, @@ context headers and several chunks", () => {
    const parsed = parsePatch(
      patch("*** Update File: from.py", "*** Move to: to/dest.py", "@@ class A:", "-a", "+A", "@@", " x", "+y", "@@ def g():", "-z"),
    );
    expect(parsed.hunks).toEqual([
      {
        type: "update",
        path: "from.py",
        movePath: "to/dest.py",
        chunks: [
          { changeContext: "class A:", oldLines: ["a"], newLines: ["A"], isEndOfFile: false },
          { changeContext: null, oldLines: ["x"], newLines: ["x", "y"], isEndOfFile: false },
          { changeContext: "def g():", oldLines: ["z"], newLines: [], isEndOfFile: false },
        ],
      },
    ]);
  });

  it("marks a chunk closed by `*** End of File`, and goes on after it", () => {
    const parsed = parsePatch(patch("*** Update File: t.txt", "@@", "-end", "+END", "*** End of File", "", "@@ top", "+more", "*** End of File"));
    expect(parsed.hunks).toEqual([
      {
        type: "update",
        path: "t.txt",
        movePath: null,
        chunks: [
          { changeContext: null, oldLines: ["end"], newLines: ["END"], isEndOfFile: true },
          { changeContext: "top", oldLines: [], newLines: ["more"], isEndOfFile: true },
        ],
      },
    ]);
  });

  it("accepts a first chunk without @@", () => {
    expect(parsePatch(patch("*** Update File: f.py", " import foo", "+bar")).hunks).toEqual([
      { type: "update", path: "f.py", movePath: null, chunks: [{ changeContext: null, oldLines: ["import foo"], newLines: ["import foo", "bar"], isEndOfFile: false }] },
    ]);
  });

  it("parses every operation kind in one patch, in order", () => {
    const parsed = parsePatch(
      patch("*** Add File: a.txt", "+a", "*** Update File: b.txt", "@@", "-b", "+B", "*** Delete File: c.txt", "*** Update File: d.txt", "*** Move to: e.txt", "@@", " d"),
    );
    expect(parsed.hunks.map((hunk) => [hunk.type, hunk.path])).toEqual([
      ["add", "a.txt"],
      ["update", "b.txt"],
      ["delete", "c.txt"],
      ["update", "d.txt"],
    ]);
  });

  it("ignores surrounding whitespace, CRLF line ends and the marker lines' indentation", () => {
    const text = ["", "  *** Begin Patch  ", " *** Add File: w.txt", "+x", "*** Update File: u.txt", "  *** Move to: v.txt", "@@", "-a", "+b", "*** End Patch ", "", ""].join("\r\n");
    const parsed = parsePatch(text);
    expect(parsed.hunks).toEqual([
      { type: "add", path: "w.txt", contents: "x\n" },
      { type: "update", path: "u.txt", movePath: "v.txt", chunks: [{ changeContext: null, oldLines: ["a"], newLines: ["b"], isEndOfFile: false }] },
    ]);
  });

  it.each(["<<EOF", "<<'EOF'", '<<"EOF"'])("unwraps a %s heredoc around the patch", (opener) => {
    const parsed = parsePatch(`${opener}\n${patch("*** Delete File: gone.txt")}EOF\n`);
    expect(parsed.hunks).toEqual([{ type: "delete", path: "gone.txt" }]);
    expect(parsed.text).toBe("*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch");
  });

  it("keeps the patch text between (and including) the markers", () => {
    expect(parsePatch(`\n\n${patch("*** Add File: a", "+1")}\n`).text).toBe("*** Begin Patch\n*** Add File: a\n+1\n*** End Patch");
  });

  it("parses a patch without hunks", () => {
    expect(parsePatch(patch()).hunks).toEqual([]);
  });
});

describe("parsePatch: malformed patches", () => {
  it.each([
    ["no Begin marker", "*** Add File: a\n+1\n*** End Patch", "invalid patch: The first line of the patch must be '*** Begin Patch'"],
    ["empty text", "", "invalid patch: The first line of the patch must be '*** Begin Patch'"],
    ["only the Begin marker", "*** Begin Patch\n", "invalid patch: The last line of the patch must be '*** End Patch'"],
    ["no End marker", "*** Begin Patch\n*** Delete File: a", "invalid patch: The last line of the patch must be '*** End Patch'"],
    ["a heredoc around a patch without End marker", "<<'EOF'\n*** Begin Patch\n*** Delete File: a\nEOF", "invalid patch: The last line of the patch must be '*** End Patch'"],
    ["a heredoc too short to hold a patch", "<<EOF\n*** Begin Patch\nEOF", "invalid patch: The first line of the patch must be '*** Begin Patch'"],
    [
      "an unknown hunk header",
      patch("*** Frobnicate File: x"),
      "invalid hunk at line 2, '*** Frobnicate File: x' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
    ],
    [
      "a stray line after an added file",
      patch("*** Add File: a", "+1", "2"),
      "invalid hunk at line 4, '2' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
    ],
    ["an update without chunks", patch("*** Update File: test.py"), "invalid hunk at line 2, Update file hunk for path 'test.py' is empty"],
    ["an update followed by another hunk header", patch("*** Delete File: a", "*** Update File: b", "*** Delete File: c"), "invalid hunk at line 3, Update file hunk for path 'b' is empty"],
    ["a @@ marker with nothing after it", patch("*** Update File: a.py", "@@"), "invalid hunk at line 4, Update hunk does not contain any lines"],
    ["a chunk of only `*** End of File`", patch("*** Update File: a.py", "@@", "*** End of File"), "invalid hunk at line 4, Update hunk does not contain any lines"],
    [
      "a second chunk without @@",
      patch("*** Update File: a.py", "@@", "-x", "bad"),
      "invalid hunk at line 5, Expected update hunk to start with a @@ context marker, got: 'bad'",
    ],
    [
      "a chunk starting with an unmarked line",
      patch("*** Update File: a.py", "@@", "-x", "@@ second", "bad line"),
      "invalid hunk at line 6, Unexpected line found in update hunk: 'bad line'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    ],
    [
      "a first chunk (without @@) starting with an unmarked line",
      patch("*** Update File: a.py", "oops"),
      "invalid hunk at line 4, Unexpected line found in update hunk: 'oops'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    ],
  ])("rejects %s", (_case, text, message) => {
    expect(parseError(text).message).toBe(message);
  });
});
