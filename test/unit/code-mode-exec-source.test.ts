import { describe, expect, it } from "vitest";
import { parseExecSource } from "../../src/core/code-mode/exec-source.js";
import { cellOutput } from "../../src/core/code-mode/output.js";

describe("exec input (pragma line)", () => {
  it("takes plain source as it is, and splits a pragma off the first line", () => {
    expect(parseExecSource('text("a")')).toEqual({ code: 'text("a")', yieldTimeMs: null, maxOutputTokens: null });
    expect(parseExecSource('  // @exec: {"yield_time_ms": 500, "max_output_tokens": 20}\ntext(1)')).toEqual({ code: "text(1)", yieldTimeMs: 500, maxOutputTokens: 20 });
  });

  it("refuses malformed input with the reference's texts", () => {
    expect(parseExecSource("  \n")).toMatch(/^exec expects raw JavaScript source text \(non-empty\)/);
    expect(parseExecSource('// @exec: {"yield_time_ms": 5}')).toBe("exec pragma must be followed by JavaScript source on subsequent lines");
    expect(parseExecSource("// @exec:\ntext(1)")).toBe("exec pragma must be a JSON object with supported fields `yield_time_ms` and `max_output_tokens`");
    expect(parseExecSource("// @exec: [1]\ntext(1)")).toBe("exec pragma must be a JSON object with supported fields `yield_time_ms` and `max_output_tokens`");
    expect(parseExecSource("// @exec: {oops}\ntext(1)")).toMatch(/^exec pragma must be valid JSON with supported fields `yield_time_ms` and `max_output_tokens`: /);
    expect(parseExecSource('// @exec: {"timeout": 1}\ntext(1)')).toBe("exec pragma only supports `yield_time_ms` and `max_output_tokens`; got `timeout`");
    expect(parseExecSource('// @exec: {"yield_time_ms": -1}\ntext(1)')).toBe("exec pragma field `yield_time_ms` must be a non-negative safe integer");
    expect(parseExecSource('// @exec: {"max_output_tokens": 1.5}\ntext(1)')).toBe("exec pragma field `max_output_tokens` must be a non-negative safe integer");
  });
});

describe("exec output", () => {
  it("completed and failed cells answer with content items; a running one with one string", () => {
    expect(cellOutput({ kind: "result", items: [{ type: "input_text", text: "hi" }], error: null }, "1", 340, null)).toEqual([
      { type: "input_text", text: "Script completed\nWall time 0.3 seconds\nOutput:\n" },
      { type: "input_text", text: "hi" },
    ]);
    expect(cellOutput({ kind: "result", items: [], error: "Error: boom\n    at exec_main.mjs:1:7" }, "1", 0, null)).toEqual([
      { type: "input_text", text: "Script failed\nWall time 0.0 seconds\nOutput:\n" },
      { type: "input_text", text: "Script error:\nError: boom\n    at exec_main.mjs:1:7" },
    ]);
    expect(cellOutput({ kind: "yielded", items: [] }, "4", 300, null)).toBe("Script running with cell ID 4\nWall time 0.3 seconds\nOutput:\n");
  });

  it("truncates text past max_output_tokens", () => {
    const output = cellOutput({ kind: "result", items: [{ type: "input_text", text: "x".repeat(1000) }], error: null }, "1", 0, 10) as Array<{ text: string }>;
    expect(output[1]!.text).toMatch(/^Warning: truncated output \(original token count: 250\)\nTotal output lines: 1\n\n/);
    expect(output[1]!.text.length).toBeLessThan(200);
  });
});
