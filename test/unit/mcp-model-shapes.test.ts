import { describe, expect, it } from "vitest";
import { mcpItemResult } from "../../src/core/tool-calls/mcp-item-result.js";
import { IMAGE_OMITTED_TEXT, mcpResultOutput, withoutImages } from "../../src/core/tool-calls/mcp-output.js";
import { mcpNamespaceDescription, mcpNamespaceOf, mcpToolParameters, sanitizeMcpName } from "../../src/core/tool-calls/mcp-tool-spec.js";

const BYTES = { mode: "bytes", limit: 10_000 } as const;

describe("MCP tools as the model sees them (shapes recorded from codex 0.169.0)", () => {
  it("reduces server and tool names to [a-zA-Z0-9_] and describes a namespace by the server's instructions", () => {
    expect(sanitizeMcpName("dotted.name-x")).toBe("dotted_name_x");
    expect(mcpNamespaceOf("probe-srv")).toBe("mcp__probe_srv");
    expect(mcpNamespaceDescription("mcp__a", "Use me.")).toBe("Use me.");
    expect(mcpNamespaceDescription("mcp__a", undefined)).toBe("Tools in the mcp__a namespace.");
    expect(mcpNamespaceDescription("mcp__a", "  ")).toBe("Tools in the mcp__a namespace.");
  });

  it("reduces an input schema as the reference does (the recorded `complex` tool)", () => {
    const input = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      title: "T",
      description: "top desc",
      properties: {
        any: { anyOf: [{ type: "string" }, { type: "number", minimum: 1 }], description: "anyof" },
        one: { oneOf: [{ type: "string", const: "x" }, { type: "null" }] },
        all: { allOf: [{ type: "object", properties: { q: { type: "string" } } }] },
        c: { const: "fixed" },
        f: { format: "date-time", pattern: "^x", minLength: 1, default: "d", examples: ["e"] },
        b: true,
        noType: { description: "just desc" },
        num: { maximum: 5 },
        ap: { type: "object", additionalProperties: { type: "integer" } },
        ap2: { additionalProperties: true },
        tup: { prefixItems: [{ type: "string" }] },
        arrNoItems: { type: "array", description: "arr desc" },
        ref: { $ref: "#/$defs/Thing" },
        typeArr: { type: ["integer", "string"], enum: [1, "a"] },
        nullable: { type: "string", nullable: true },
        deep: { type: "object", required: ["z"], properties: { z: { type: "array", items: { enum: [1, 2] } } } },
      },
      required: ["any"],
      $defs: { Thing: { type: "string" } },
    };
    // Byte for byte what the reference sent for this schema.
    const recorded =
      '{"type":"object","description":"top desc","properties":{"all":{"allOf":[{"type":"object","properties":{"q":{"type":"string"}}}]},"any":{"description":"anyof","anyOf":[{"type":"string"},{"type":"number"}]},"ap":{"type":"object","properties":{},"additionalProperties":{"type":"integer"}},"ap2":{"type":"object","properties":{},"additionalProperties":true},"arrNoItems":{"type":"array","description":"arr desc","items":{"type":"string"}},"b":{"type":"string"},"c":{"type":"string","enum":["fixed"]},"deep":{"type":"object","properties":{"z":{"type":"array","items":{"type":"string","enum":[1,2]}}},"required":["z"]},"f":{"type":"string"},"noType":{},"nullable":{"type":"string"},"num":{"type":"number"},"one":{"oneOf":[{"type":"string","enum":["x"]},{"type":"null"}]},"ref":{"$ref":"#/$defs/Thing"},"tup":{"type":"array","items":{"type":"string"}},"typeArr":{"type":["integer","string"],"enum":[1,"a"]}},"required":["any"],"$defs":{"Thing":{"type":"string"}}}';
    expect(JSON.stringify(mcpToolParameters(input))).toBe(recorded);
    expect(mcpToolParameters({ type: "object", required: [] })).toEqual({ type: "object", properties: {}, required: [] });
    expect(mcpToolParameters(undefined)).toEqual({ type: "object", properties: {} });
  });
});

describe("MCP results as the model reads them", () => {
  const header = "Wall time: 0.0525 seconds\nOutput:";

  it("puts a Wall time header first; content blocks become items, structured content text", () => {
    expect(mcpResultOutput({ content: [{ type: "text", text: "echo: hi" }] }, BYTES, 52.5)).toEqual([
      { type: "input_text", text: header },
      { type: "input_text", text: "echo: hi" },
    ]);
    expect(mcpResultOutput({ content: [{ type: "text", text: "5" }], structuredContent: { sum: 5 } }, BYTES, 52.5)).toBe(`${header}\n{"sum":5}`);
    expect(mcpResultOutput({ content: [] }, BYTES, 52.5)).toEqual([{ type: "input_text", text: header }]);
    expect(
      mcpResultOutput(
        {
          content: [
            { type: "image", data: "AAA", mimeType: "image/png" },
            { type: "image", data: "data:image/gif;base64,BBB", _meta: { "codex/imageDetail": "low" } },
            { type: "resource", resource: { uri: "x://y", mimeType: "text/plain", text: "t" } },
          ],
          isError: true,
        },
        BYTES,
        52.5,
      ),
    ).toEqual([
      { type: "input_text", text: header },
      { type: "input_image", image_url: "data:image/png;base64,AAA", detail: "high" },
      { type: "input_image", image_url: "data:image/gif;base64,BBB", detail: "low" },
      { type: "input_text", text: '{"type":"resource","resource":{"uri":"x://y","mimeType":"text/plain","text":"t"}}' },
    ]);
  });

  it("cuts a 10 MB text as the reference did (recorded: 5982 bytes, …9 tokens truncated…, 5982 bytes)", () => {
    const digits = "0123456789".repeat(1024 * 1024);
    const output = mcpResultOutput({ content: [{ type: "text", text: digits }] }, BYTES, 954.4) as Array<{ text: string }>;
    expect(output[0]!.text).toBe("Wall time: 0.9544 seconds\nOutput:");
    expect(output[1]!.text).toBe(`${digits.slice(0, 5982)}\u20269 tokens truncated\u2026${digits.slice(-5982)}`);
  });

  it("drops text blocks past the budget and says how many", () => {
    const output = mcpResultOutput({ content: [{ type: "text", text: "a".repeat(20_000) }, { type: "text", text: "b" }, { type: "text", text: "c" }] }, BYTES, 1);
    expect(output).toEqual([
      { type: "input_text", text: expect.stringMatching(/^Wall time/) },
      { type: "input_text", text: expect.stringMatching(/^a+\u2026\d+ tokens truncated\u2026a+$/) },
      { type: "input_text", text: expect.stringMatching(/^\[omitted \d+ text items \.\.\.\]$/) },
    ]);
  });

  it("gives the item's result with null structuredContent/_meta, capped at 1 MiB as one text that says so", () => {
    expect(mcpItemResult({ content: [{ type: "text", text: "x" }] })).toEqual({ content: [{ type: "text", text: "x" }], structuredContent: null, _meta: null });
    const big = mcpItemResult({ content: [{ type: "text", text: "é".repeat(1024 * 1024) }] });
    expect((big.content[0] as { text: string }).text).toMatch(/^Truncated tool output:\né+\u2026\d+ chars truncated\u2026é+$/);
    expect(big).toMatchObject({ structuredContent: null, _meta: null });
  });

  // The sizes below were measured on codex 0.169.0 with the test MCP server (the same calls, byte for byte).
  const MIB = 1024 * 1024;
  const textOf = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

  it("keeps a result whose serialization ({content} without absent fields) is exactly 1 MiB; one byte more is cut", () => {
    // {"content":[{"type":"text","text":""}]} is 39 bytes.
    const fits = { content: [{ type: "text", text: "x".repeat(MIB - 39) }] };
    expect(mcpItemResult(fits)).toEqual({ ...fits, structuredContent: null, _meta: null });
    const over = mcpItemResult({ content: [{ type: "text", text: "x".repeat(MIB - 38) }] });
    expect(over).toEqual({
      content: [{ type: "text", text: `Truncated tool output:\n${"x".repeat(524_233)}\u202649 chars truncated\u2026${"x".repeat(524_256)}` }],
      structuredContent: null,
      _meta: null,
    });
    // The cut result, as the reference holds it, is exactly 1 MiB (the newline escaped, the marker's ellipses 3 bytes each).
    expect(Buffer.byteLength(JSON.stringify({ content: over.content }))).toBe(MIB);
  });

  it("cuts text-only results as the prefix and the texts joined by newlines; the marker counts in the size, escaping too", () => {
    expect(textOf(mcpItemResult({ content: [{ type: "text", text: "x".repeat(3_000_000) }] }))).toBe(
      `Truncated tool output:\n${"x".repeat(524_230)}\u20261951516 chars truncated\u2026${"x".repeat(524_254)}`,
    );
    expect(textOf(mcpItemResult({ content: [{ type: "text", text: "a".repeat(10) }, { type: "text", text: "b".repeat(1_200_000) }] }))).toBe(
      `Truncated tool output:\n${"a".repeat(10)}\n${"b".repeat(524_219)}\u2026151527 chars truncated\u2026${"b".repeat(524_254)}`,
    );
    expect(textOf(mcpItemResult({ content: [{ type: "text", text: `echo: ${"é".repeat(600_000)}` }] }))).toBe(
      `Truncated tool output:\necho: ${"é".repeat(262_113)}\u202675760 chars truncated\u2026${"é".repeat(262_127)}`,
    );
    // Quotes serialize as two bytes: fewer are kept.
    expect(textOf(mcpItemResult({ content: [{ type: "text", text: `echo: ${'"'.repeat(600_000)}` }] }))).toBe(
      `Truncated tool output:\necho: ${'"'.repeat(262_105)}\u202675760 chars truncated\u2026${'"'.repeat(262_135)}`,
    );
  });

  it("cuts any other result as its own JSON (absent fields left out); isError stays and counts in the size", () => {
    const structured = mcpItemResult({ content: [{ type: "text", text: "see structured" }], structuredContent: { data: "s".repeat(2_000_000) } });
    expect(textOf(structured)).toBe(
      `{"content":[{"type":"text","text":"see structured"}],"structuredContent":{"data":"${"s".repeat(524_164)}\u2026951592 chars truncated\u2026${"s".repeat(524_244)}"}}`,
    );
    expect(structured).toMatchObject({ structuredContent: null, _meta: null });
    const failed = mcpItemResult({ content: [{ type: "text", text: "a".repeat(1_200_000) }], isError: true });
    expect(textOf(failed)).toBe(`{"content":[{"type":"text","text":"${"a".repeat(524_206)}\u2026151572 chars truncated\u2026${"a".repeat(524_222)}"}],"isError":true}`);
    const withImage = mcpItemResult({ content: [{ type: "text", text: "a".repeat(1_200_000) }, { type: "image", data: "AAAA", mimeType: "image/png" }] });
    expect(textOf(withImage)).toMatch(/^\{"content":\[\{"type":"text","text":"a+\u2026\d+ chars truncated\u2026a+"\},\{"type":"image","data":"AAAA","mimeType":"image\/png"\}\]\}$/);
  });

  it("gives a model without image input each image block as the reference's text instead (other blocks, isError kept)", () => {
    const result = { content: [{ type: "text", text: "a" }, { type: "image", data: "AAAA", mimeType: "image/png" }], isError: false };
    expect(withoutImages(result)).toEqual({ content: [{ type: "text", text: "a" }, { type: "text", text: IMAGE_OMITTED_TEXT }], isError: false });
    expect(IMAGE_OMITTED_TEXT).toBe("<image content omitted because you do not support image input>");
    const textOnly = { content: [{ type: "text", text: "a" }] };
    expect(withoutImages(textOnly)).toBe(textOnly);
  });
});
