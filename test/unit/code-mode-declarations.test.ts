/** The TypeScript declarations of nested tools in the `exec` description and `ALL_TOOLS` (reference rendering rules). */
import { describe, expect, it } from "vitest";
import { codeModeIdentifier, nestedToolDescription, renderType } from "../../src/core/tools/specs/index.js";

describe("renderType", () => {
  it("renders objects with sorted properties, `?` for optional ones and `;` after each", () => {
    expect(renderType({ type: "object", properties: { text: { type: "string" }, count: { type: "integer" } }, required: ["text"] })).toBe("{ count?: number; text: string; }");
    expect(renderType({ type: "object", properties: {}, additionalProperties: false })).toBe("{}");
    expect(renderType({ type: "object" })).toBe("{ [key: string]: unknown; }");
    expect(renderType({ type: "object", properties: { "odd-name": { type: "boolean" } }, required: ["odd-name"], additionalProperties: { type: "number" } })).toBe(
      '{ "odd-name": boolean; [key: string]: number; }',
    );
  });

  it("puts property descriptions as comments, one property per line", () => {
    const schema = { type: "object", properties: { cmd: { type: "string", description: "Command.\nRun in a shell." }, tty: { type: "boolean" } }, required: ["cmd"] };
    expect(renderType(schema)).toBe("{\n  // Command.\n  // Run in a shell.\n  cmd: string;\n  tty?: boolean;\n}");
  });

  it("renders enums, consts, unions, intersections, arrays and tuples; unknown shapes as unknown", () => {
    expect(renderType({ enum: ["a", 1] })).toBe('"a" | 1');
    expect(renderType({ const: "x" })).toBe('"x"');
    expect(renderType({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe("string | null");
    expect(renderType({ allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { type: "object", properties: { b: { type: "number" } } }] })).toBe(
      "{ a: string; } & { b?: number; }",
    );
    expect(renderType({ type: ["string", "number"] })).toBe("string | number");
    expect(renderType({ type: "array", items: { type: "string" } })).toBe("Array<string>");
    expect(renderType({ prefixItems: [{ type: "string" }, { type: "number" }] })).toBe("[string, number]");
    expect(renderType({ type: "array" })).toBe("unknown[]");
    expect(renderType(true)).toBe("unknown");
    expect(renderType(false)).toBe("never");
    expect(renderType("nonsense")).toBe("unknown");
  });
});

describe("nestedToolDescription", () => {
  it("declares an MCP tool as resolving with CallToolResult (typed by its outputSchema when it has one)", () => {
    const spec = { type: "function" as const, name: "echo", description: "Echoes.", strict: false as const, parameters: { type: "object" as const, properties: { text: { type: "string" as const } }, required: ["text"] } };
    expect(nestedToolDescription({ name: "mcp__tester__echo", spec, output: "mcp" })).toBe(
      "Echoes.\n\nexec tool declaration:\n```ts\ndeclare const tools: { mcp__tester__echo(args: { text: string; }): Promise<CallToolResult>; };\n```",
    );
    const typed = nestedToolDescription({ name: "mcp__tester__add", spec, output: "mcp", structuredContent: { type: "object", properties: { sum: { type: "number" } }, required: ["sum"] } });
    expect(typed).toContain("Promise<CallToolResult<{ sum: number; }>>");
  });

  it("names a tool by a JavaScript identifier", () => {
    expect(codeModeIdentifier("mcp__my-server__get.item")).toBe("mcp__my_server__get_item");
    expect(codeModeIdentifier("9lives")).toBe("_lives");
    expect(codeModeIdentifier("")).toBe("_");
  });
});
