import { describe, expect, it } from "vitest";
import { LineReadBuffer } from "../../src/core/mcp/line-buffer.js";

describe("LineReadBuffer (MCP stdio framing)", () => {
  it("splits lines across and within chunks, and refuses messages past its limit", () => {
    const buffer = new LineReadBuffer(64, (line) => JSON.parse(line));
    buffer.append(Buffer.from('{"a":'));
    expect(buffer.readMessage()).toBeNull();
    buffer.append(Buffer.from('1}\r\n{"b":2}\n{"c"'));
    expect(buffer.readMessage()).toEqual({ a: 1 });
    expect(buffer.readMessage()).toEqual({ b: 2 });
    expect(buffer.readMessage()).toBeNull();
    buffer.append(Buffer.from(":3}\n"));
    expect(buffer.readMessage()).toEqual({ c: 3 });
    expect(() => buffer.append(Buffer.alloc(65, 120))).toThrow(/maximum size of 64 bytes/);
    expect(buffer.readMessage()).toBeNull();
  });

  it("reads a 10 MB line quickly", () => {
    const line = Buffer.from(`${JSON.stringify({ text: "x".repeat(10 * 1024 * 1024) })}\n`);
    const buffer = new LineReadBuffer(64 * 1024 * 1024, (text) => JSON.parse(text));
    const started = Date.now();
    let message: unknown = null;
    for (let offset = 0; offset < line.length; offset += 65536) {
      buffer.append(line.subarray(offset, offset + 65536));
      message ??= buffer.readMessage();
    }
    expect((message as { text: string }).text).toHaveLength(10 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
