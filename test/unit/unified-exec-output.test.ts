import { describe, expect, it } from "vitest";
import {
  approxTokenCount,
  byteBudget,
  countLines,
  formatExecResponse,
  formatOutputForModel,
  formatWallTime,
  newChunkId,
  outputPolicy,
  renderExecResponse,
  truncateMiddle,
  truncationMarker,
} from "../../src/core/tools/unified-exec/index.js";

const bytes = (limit: number) => ({ mode: "bytes" as const, limit });
const tokens = (limit: number) => ({ mode: "tokens" as const, limit });

describe("exec output text (fact sheet §7.2)", () => {
  it("exited: the six parts, byte for byte", () => {
    expect(
      formatExecResponse({ chunkId: "53e9f8", wallTimeMs: 1021.6, exitCode: 0, sessionId: null, originalTokenCount: 8, output: "AGENTS.md\nhello.txt\nnotes.md\n" }),
    ).toBe("Chunk ID: 53e9f8\nWall time: 1.0216 seconds\nProcess exited with code 0\nOriginal token count: 8\nOutput:\nAGENTS.md\nhello.txt\nnotes.md\n");
  });

  it("running: the session id instead of the exit code; empty output leaves `Output:` and a newline", () => {
    expect(formatExecResponse({ chunkId: "abcdef", wallTimeMs: 300, exitCode: null, sessionId: 4242, originalTokenCount: 0, output: "" })).toBe(
      "Chunk ID: abcdef\nWall time: 0.3000 seconds\nProcess running with session ID 4242\nOriginal token count: 0\nOutput:\n",
    );
  });

  it("nonzero exit code, stderr in the same stream", () => {
    const { text } = renderExecResponse("oops\n", { chunkId: "000000", wallTimeMs: 12.34567, exitCode: 3, sessionId: 1000, policy: bytes(10_000) });
    expect(text).toBe("Chunk ID: 000000\nWall time: 0.0123 seconds\nProcess exited with code 3\nOriginal token count: 2\nOutput:\noops\n");
  });

  it("chunk ids are six lowercase hex digits, new each time", () => {
    const ids = new Set(Array.from({ length: 20 }, newChunkId));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{6}$/);
    expect(ids.size).toBeGreaterThan(1);
  });

  it("wall time has four decimals", () => {
    expect(formatWallTime(0)).toBe("0.0000");
    expect(formatWallTime(30_000)).toBe("30.0000");
    expect(formatWallTime(1.06)).toBe("0.0011");
  });
});

describe("token estimate and budgets", () => {
  it("⌈bytes / 4⌉ over UTF-8 bytes", () => {
    expect(approxTokenCount("")).toBe(0);
    expect(approxTokenCount("a")).toBe(1);
    expect(approxTokenCount("abcd")).toBe(1);
    expect(approxTokenCount("abcde")).toBe(2);
    expect(approxTokenCount("é")).toBe(1); // 2 bytes
    expect(approxTokenCount("😀😀")).toBe(2); // 8 bytes
  });

  it("bytes mode: limit bytes; tokens mode: 4 × limit; max_output_tokens switches to tokens mode", () => {
    expect(byteBudget(bytes(10_000))).toBe(10_000);
    expect(byteBudget(tokens(10_000))).toBe(40_000);
    expect(outputPolicy(bytes(10_000))).toEqual(bytes(10_000));
    expect(outputPolicy(bytes(10_000), 50)).toEqual(tokens(50));
  });

  it("counts lines as the reference does", () => {
    expect(countLines("")).toBe(0);
    expect(countLines("a")).toBe(1);
    expect(countLines("a\n")).toBe(1);
    expect(countLines("a\nb")).toBe(2);
    expect(countLines("\n\n")).toBe(2);
  });

  it("markers use U+2026 and no newlines", () => {
    expect(truncationMarker(bytes(1), 5)).toBe("…5 chars truncated…");
    expect(truncationMarker(tokens(1), 7)).toBe("…7 tokens truncated…");
  });
});

describe("head-and-tail truncation at the boundaries", () => {
  it("empty output stays empty", () => {
    expect(formatOutputForModel("", bytes(10))).toBe("");
    expect(formatOutputForModel("", tokens(0))).toBe("");
  });

  it("exactly at the limit: unchanged (bytes and tokens mode)", () => {
    expect(formatOutputForModel("x".repeat(10), bytes(10))).toBe("x".repeat(10));
    expect(formatOutputForModel("x".repeat(40), tokens(10))).toBe("x".repeat(40));
  });

  it("one byte over in bytes mode: half the budget each side, removed characters counted", () => {
    const text = "0123456789A"; // 11 bytes, budget 10
    expect(truncateMiddle(text, bytes(10))).toBe("01234…1 chars truncated…6789A");
    expect(formatOutputForModel(text, bytes(10))).toBe(
      "Warning: truncated output (original token count: 3)\nTotal output lines: 1\n\n01234…1 chars truncated…6789A",
    );
  });

  it("one byte over in tokens mode: removed tokens = ⌈(bytes − budget) / 4⌉ = T − budget tokens", () => {
    const text = "a".repeat(41); // 41 bytes, 11 tokens; budget 10 tokens = 40 bytes
    const out = truncateMiddle(text, tokens(10));
    expect(out).toBe(`${"a".repeat(20)}…1 tokens truncated…${"a".repeat(20)}`);
    const big = "b".repeat(400); // 100 tokens
    expect(truncateMiddle(big, tokens(10))).toBe(`${"b".repeat(20)}…90 tokens truncated…${"b".repeat(20)}`);
  });

  it("odd budget: the tail gets the extra byte", () => {
    expect(truncateMiddle("abcdefghij", bytes(5))).toBe("ab…5 chars truncated…hij");
  });

  it("multi-byte characters at the cut are never split", () => {
    // "é" is 2 bytes: 6 × é = 12 bytes; budget 7 → head 3 bytes (1 é fits), tail 4 bytes (2 é).
    const text = "é".repeat(6);
    const out = truncateMiddle(text, bytes(7));
    expect(out).toBe("é…3 chars truncated…éé");
    expect(Buffer.from(out, "utf8").toString("utf8")).toBe(out);
    // 4-byte emoji: head of 5 bytes holds one, tail of 5 bytes holds one.
    expect(truncateMiddle("😀😀😀😀", bytes(10))).toBe("😀…2 chars truncated…😀");
    // A character straddling the tail boundary is dropped, not cut.
    expect(truncateMiddle("ab€cd", bytes(4))).toBe("ab…1 chars truncated…cd");
  });

  it("multi-line output reports the original line count and cuts across lines", () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const out = formatOutputForModel(text, bytes(40));
    expect(out.startsWith(`Warning: truncated output (original token count: ${Math.ceil(Buffer.byteLength(text) / 4)})\nTotal output lines: 100\n\nline 0\nline 1\nline`)).toBe(true);
    expect(out.endsWith("line 98\nline 99\n")).toBe(true);
  });

  it("a zero budget leaves only the marker", () => {
    expect(truncateMiddle("abcdef", tokens(0))).toBe("…2 tokens truncated…");
    expect(truncateMiddle("abcdef", bytes(0))).toBe("…6 chars truncated…");
  });

  it("a truncated response keeps the original token count in its header", () => {
    const { text } = renderExecResponse("z".repeat(100), { chunkId: "aaaaaa", wallTimeMs: 0, exitCode: 0, sessionId: null, policy: tokens(5) });
    expect(text).toBe(
      "Chunk ID: aaaaaa\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 25\nOutput:\n" +
        `Warning: truncated output (original token count: 25)\nTotal output lines: 1\n\n${"z".repeat(10)}…20 tokens truncated…${"z".repeat(10)}`,
    );
  });
});
