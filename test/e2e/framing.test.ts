import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { InboundMessage, OutboundMessage as Message } from "../../src/transport/message.js";
import { DEFAULT_MAX_LINE_BYTES, JsonlMessageReader, JsonlMessageWriter, type InvalidInput } from "../../src/transport/jsonl.js";
import { ServerProcess, type WireMessage } from "../helpers/server-process.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));
const MIXED = "é漢🙂"; // 2-, 3- and 4-byte UTF-8 sequences

/** A decoded message as it looked on the wire (members that were present). */
function wireForm(message: InboundMessage): Message {
  const { kind: _kind, ...members } = message as InboundMessage & Record<string, unknown>;
  for (const key of Object.keys(members)) if (members[key] === undefined) delete members[key];
  return members as unknown as Message;
}

function readerHarness(maxLineBytes?: number) {
  const input = new PassThrough();
  const messages: Message[] = [];
  const invalid: InvalidInput[] = [];
  let ended = 0;
  const reader = new JsonlMessageReader(input, {
    maxLineBytes,
    onInvalid: (i) => invalid.push(i),
    onEnd: () => ended++,
  });
  reader.listen((m) => messages.push(wireForm(m)));
  return {
    input,
    messages,
    invalid,
    ended: () => ended,
    async write(...chunks: Array<string | Buffer>) {
      for (const chunk of chunks) {
        input.write(chunk);
        await tick();
      }
    },
  };
}

describe("JsonlMessageReader", () => {
  it("joins a line split across chunks and delivers it only at its newline", async () => {
    const h = readerHarness();
    await h.write('{"id":1,"me', 'thod":"a","par', 'ams":{"k":1}}');
    expect(h.messages).toEqual([]);
    await h.write("\n");
    expect(h.messages).toEqual([{ id: 1, method: "a", params: { k: 1 } }]);
    expect(h.invalid).toEqual([]);
  });

  it("splits many messages in one chunk, in order, including a trailing partial one", async () => {
    const h = readerHarness();
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: i, method: "m", params: { i } }));
    await h.write(`${lines.join("\n")}\n{"method":"tail"`);
    expect(h.messages.map((m) => (m as unknown as { id: number }).id)).toEqual(lines.map((_, i) => i));
    await h.write("}\n");
    expect(h.messages).toHaveLength(101);
    expect(h.messages[100]).toEqual({ method: "tail" });
  });

  it("accepts CRLF line endings", async () => {
    const h = readerHarness();
    await h.write('{"method":"a"}\r\n{"id":"x","method":"b","params":{"s":"keep\\r"}}\r\n');
    expect(h.messages).toEqual([{ method: "a" }, { id: "x", method: "b", params: { s: "keep\r" } }]);
    expect(h.invalid).toEqual([]);
  });

  it("decodes multi-byte UTF-8 split at every byte offset", async () => {
    const line = Buffer.from(`${JSON.stringify({ id: 1, method: "m", params: { name: MIXED } })}\n`, "utf8");
    const start = line.indexOf(Buffer.from(MIXED, "utf8"));
    for (let cut = start; cut <= start + Buffer.byteLength(MIXED); cut++) {
      const h = readerHarness();
      await h.write(line.subarray(0, cut), line.subarray(cut));
      expect(h.messages).toEqual([{ id: 1, method: "m", params: { name: MIXED } }]);
    }
    // One byte at a time.
    const h = readerHarness();
    await h.write(...Array.from(line, (byte) => Buffer.from([byte])));
    expect(h.messages).toEqual([{ id: 1, method: "m", params: { name: MIXED } }]);
  });

  it("ignores blank and whitespace-only lines", async () => {
    const h = readerHarness();
    await h.write('\n\n   \n\r\n\t\n{"method":"a"}\n\n');
    expect(h.messages).toEqual([{ method: "a" }]);
    expect(h.invalid).toEqual([]);
  });

  it("discards a line over the size limit up to its newline, reports it once, and carries on", async () => {
    const h = readerHarness(64);
    const long = JSON.stringify({ id: 7, method: "m", params: { pad: "x".repeat(200) } });
    const chunks = long.match(/.{1,10}/g)!;
    await h.write(...chunks, '\n{"id":8,"method":"next"}\n');
    expect(h.invalid).toEqual([
      {
        code: -32600,
        id: null,
        message: "Invalid request: message exceeds the maximum size of 64 bytes and was discarded",
      },
    ]);
    expect(h.messages).toEqual([{ id: 8, method: "next" }]);
  });

  it("accepts a line of exactly the limit and rejects one byte more", async () => {
    const exact = (n: number) => {
      const base = '{"method":"m","params":{"p":""}}';
      return base.replace('""', `"${"y".repeat(n - base.length)}"`);
    };
    expect(Buffer.byteLength(exact(64))).toBe(64);
    const h = readerHarness(64);
    await h.write(`${exact(64)}\n${exact(65)}\n`);
    expect(h.messages).toHaveLength(1);
    expect(h.invalid.map((i) => i.code)).toEqual([-32600]);
  });

  it("defaults to a 16 MiB limit", () => {
    expect(DEFAULT_MAX_LINE_BYTES).toBe(16 * 1024 * 1024);
  });

  it("answers input vscode-jsonrpc would drop: parse errors and non-messages", async () => {
    const h = readerHarness();
    await h.write('{"id":1,\n[1,2]\n42\n{"id":3}\n{"id":{"x":1},"method":"m"}\n');
    expect(h.messages).toEqual([]);
    expect(h.invalid.map(({ code, id }) => ({ code, id }))).toEqual([
      { code: -32700, id: null },
      { code: -32600, id: null },
      { code: -32600, id: null },
      { code: -32600, id: 3 },
      { code: -32600, id: null },
    ]);
    expect(h.invalid[0]!.message).toMatch(/^Parse error: /);
    expect(h.invalid[1]!.message).toMatch(/batch/);
  });

  it("reports end of input once", async () => {
    const h = readerHarness();
    h.input.end('{"method":"last"}\n');
    await tick();
    await tick();
    expect(h.messages).toEqual([{ method: "last" }]);
    expect(h.ended()).toBe(1);
  });
});

describe("JsonlMessageWriter", () => {
  function writerHarness() {
    const lines: string[] = [];
    const writer = new JsonlMessageWriter({ write: (line) => lines.push(line) });
    return { lines, writer };
  }

  it("writes notifications without jsonrpc and with emittedAtMs", async () => {
    const { lines, writer } = writerHarness();
    const before = Date.now();
    await writer.write({ jsonrpc: "2.0", method: "configWarning", params: { summary: "s", details: null } } as Message);
    const after = Date.now();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(lines[0]!.slice(0, -1)).not.toContain("\n");
    const parsed = JSON.parse(lines[0]!);
    expect(Object.keys(parsed)).toEqual(["method", "params", "emittedAtMs"]);
    expect(parsed.params).toEqual({ summary: "s", details: null });
    expect(parsed.emittedAtMs).toBeGreaterThanOrEqual(before);
    expect(parsed.emittedAtMs).toBeLessThanOrEqual(after);
  });

  it("writes requests, responses and errors without jsonrpc or emittedAtMs", async () => {
    const { lines, writer } = writerHarness();
    await writer.write({ jsonrpc: "2.0", id: 0, method: "item/tool/call", params: { a: 1 } } as Message);
    await writer.write({ jsonrpc: "2.0", id: "r", result: { ok: true } } as Message);
    await writer.write({ jsonrpc: "2.0", id: 5, error: { code: -32600, message: "m" } } as Message);
    await writer.write({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "p", data: { x: 1 } } } as unknown as Message);
    expect(lines).toEqual([
      '{"id":0,"method":"item/tool/call","params":{"a":1}}\n',
      '{"id":"r","result":{"ok":true}}\n',
      '{"id":5,"error":{"code":-32600,"message":"m"}}\n',
      '{"id":null,"error":{"code":-32700,"message":"p","data":{"x":1}}}\n',
    ]);
  });

  it("keeps each message on one line whatever its strings contain", async () => {
    const { lines, writer } = writerHarness();
    await writer.write({ jsonrpc: "2.0", id: 1, result: { text: `a\nb\r\nc\u2028${MIXED}` } } as Message);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.indexOf("\n")).toBe(lines[0]!.length - 1);
    expect(JSON.parse(lines[0]!).result.text).toBe(`a\nb\r\nc\u2028${MIXED}`);
  });

  it("drops writes after end()", async () => {
    const { lines, writer } = writerHarness();
    writer.end();
    await writer.write({ jsonrpc: "2.0", id: 1, result: {} } as Message);
    writer.writeRaw("x\n");
    expect(lines).toEqual([]);
  });
});

describe("JsonlMessageWriter batching (stdio)", () => {
  function batchHarness(maxBatchChars?: number) {
    const writes: string[] = [];
    const writer = new JsonlMessageWriter({ write: (data) => writes.push(data) }, { batch: true, maxBatchChars });
    const notify = (n: number) => writer.write({ jsonrpc: "2.0", method: "item/agentMessage/delta", params: { delta: String(n) } } as Message);
    const deltas = (data: string) => data.trimEnd().split("\n").map((l) => JSON.parse(l).params?.delta ?? `#${JSON.parse(l).id}`);
    return { writes, writer, notify, deltas };
  }

  it("coalesces the lines of one tick into one write, in order, flushed on setImmediate", async () => {
    const { writes, notify, deltas } = batchHarness();
    for (let i = 0; i < 1000; i++) void notify(i);
    expect(writes).toEqual([]);
    await tick();
    expect(writes).toHaveLength(1);
    expect(deltas(writes[0]!)).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
    void notify(1000);
    await tick();
    expect(writes).toHaveLength(2);
  });

  it("writes a response at once, after the lines before it", async () => {
    const { writes, writer, notify, deltas } = batchHarness();
    void notify(1);
    void notify(2);
    await writer.write({ jsonrpc: "2.0", id: 7, result: {} } as Message);
    writer.writeRaw('{"id":8,"error":{"code":-32001,"message":"overloaded"}}\n');
    expect(writes.flatMap(deltas)).toEqual(["1", "2", "#7", "#8"]);
  });

  it("flushes past maxBatchChars, on flush() and on end(); nothing is accepted after end()", async () => {
    const { writes, writer, notify, deltas } = batchHarness(200);
    for (let i = 0; i < 10; i++) void notify(i);
    expect(writes.length).toBeGreaterThan(0);
    expect(writer.pendingLength).toBeLessThan(200);
    writer.flush();
    expect(writer.pendingLength).toBe(0);
    void notify(10);
    writer.end();
    void notify(11);
    await tick();
    expect(writes.flatMap(deltas)).toEqual(Array.from({ length: 11 }, (_, i) => String(i)));
  });
});

describe("framing end to end over real pipes", () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const responses = (s: ServerProcess) => s.received.map((r) => r.message).filter((m) => "id" in m && !("method" in m));

  it("reassembles lines split mid-character across writes and echoes the text intact", async () => {
    server = new ServerProcess();
    const init = `${JSON.stringify({
      id: 1,
      method: "initialize",
      params: { clientInfo: { name: "clienté", title: `T ${MIXED}`, version: `1.0-${MIXED}` }, capabilities: { experimentalApi: true } },
    })}\n`;
    const initBytes = Buffer.from(init);
    const cutInit = initBytes.indexOf(Buffer.from("é")) + 1; // inside the 2-byte é
    const cutEmoji = initBytes.lastIndexOf(Buffer.from("🙂")) + 2; // inside the 4-byte emoji
    await server.sendChunks(init, [5, cutInit, cutEmoji]);
    const initialized = await server.waitFor((m) => m.id === 1);
    expect((initialized.result as { userAgent: string }).userAgent).toMatch(new RegExp(`^clienté/0\\.169\\.0 .* \\(clienté; 1\\.0-${MIXED}\\)$`));

    const echo = `${JSON.stringify({ id: 2, method: "mock/experimentalMethod", params: { value: MIXED } })}\n`;
    const echoBytes = Buffer.from(echo);
    const at = echoBytes.indexOf(Buffer.from(MIXED));
    await server.sendChunks(echo, [at + 1, at + 4, at + 7]); // inside é, 漢 and 🙂
    expect(await server.waitFor((m) => m.id === 2)).toEqual({ id: 2, result: { echoed: MIXED } });
  });

  it("answers many requests written in one chunk, CRLF and blank lines included", async () => {
    server = new ServerProcess();
    const lines = [
      JSON.stringify({ id: 0, method: "initialize", params: { clientInfo: { name: "c", version: "1" }, capabilities: { experimentalApi: true } } }),
      "",
      JSON.stringify({ method: "initialized" }),
      ...Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: i + 1, method: "mock/experimentalMethod", params: { value: `v${i}` } })),
    ];
    server.sendRaw(`${lines.join("\r\n")}\r\n\n   \n`);
    await server.waitFor((m) => m.id === 20);
    const last = JSON.stringify({ id: "last", method: "mock/experimentalMethod", params: { value: "end" } });
    server.sendRaw(`\n\n${last}\n`);
    await server.waitFor((m) => m.id === "last");
    const got = responses(server);
    expect(got).toHaveLength(22);
    for (let i = 0; i < 20; i++) expect(got).toContainEqual({ id: i + 1, result: { echoed: `v${i}` } });
    expect(got.some((m) => m.id === null)).toBe(false);
  });

  it("discards a 17 MiB line with one -32600 error (id null) and keeps serving", async () => {
    server = new ServerProcess();
    await server.initialize({ experimentalApi: true });
    const huge = JSON.stringify({ id: 99, method: "mock/experimentalMethod", params: { value: "x".repeat(17 * 1024 * 1024) } });
    server.sendRaw(huge);
    const after = await server.call("mock/experimentalMethod", { value: "still here" });
    expect(after).toEqual({ echoed: "still here" });
    const errors = server.received.map((r) => r.message).filter((m): m is WireMessage => "error" in m);
    expect(errors).toEqual([
      {
        id: null,
        error: {
          code: -32600,
          message: `Invalid request: message exceeds the maximum size of ${16 * 1024 * 1024} bytes and was discarded`,
        },
      },
    ]);
    expect(server.received.some((r) => r.message.id === 99)).toBe(false);
  });
});
