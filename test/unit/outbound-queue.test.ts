import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";

import { silentLogger } from "../../src/logging/logger.js";
import { encodeMessage, encodeResponse } from "../../src/transport/jsonl-codec.js";
import { OutboundQueue } from "../../src/transport/outbound-queue.js";
import { StreamTransport } from "../../src/transport/stdio.js";
import { RawJson } from "../../src/util/raw-json.js";

const LIMITS = { partChars: 1024, highWater: 4096 };

/** A stdio transport whose output nobody reads until the test does (a pipe's writable buffer fills up, as a slow client's). */
function stdioPair() {
  const input = new PassThrough();
  const output = new PassThrough({ highWaterMark: 1024 });
  const transport = new StreamTransport(input, output, { maxOutboundBytes: 1 << 30, logger: silentLogger() });
  let text = "";
  const readAll = () => {
    output.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  };
  return { transport, output, readAll, text: () => text };
}

/** Pieces of a long answer, counting how many were taken. */
function countedPieces(count: number, size: number) {
  const state = { taken: 0, finished: false };
  function* pieces() {
    try {
      for (let i = 0; i < count; i++) {
        state.taken++;
        yield `${i}`.padEnd(size, "x");
      }
    } finally {
      state.finished = true;
    }
  }
  return { state, pieces };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await tick();
  }
}

describe("OutboundQueue", () => {
  it("writes an answer given in pieces whole, and messages written meanwhile after it, in order", async () => {
    const { transport, readAll, text } = stdioPair();
    const queue = new OutboundQueue(transport, () => undefined, LIMITS);
    const raw = new RawJson('{"big":"' + "y".repeat(20_000) + '"}');
    queue.write(encodeResponse(1, { items: [raw, raw] }), true);
    queue.write(encodeMessage({ method: "thread/started", params: { n: 1 } }), false);
    queue.write(encodeResponse(2, { ok: true }), true);
    readAll();
    await until(() => text().split("\n").length === 4);
    const lines = text().split("\n");
    expect(lines[0]).toBe(`{"id":1,"result":{"items":[${raw.text},${raw.text}]}}`);
    expect(JSON.parse(lines[1]!).method).toBe("thread/started");
    expect(lines[2]).toBe('{"id":2,"result":{"ok":true}}');
    expect(lines[3]).toBe("");
    expect(queue.writingParts).toBe(false);
  });

  it("takes pieces only as the peer reads: the backlog stays near the high-water mark", async () => {
    const { transport, readAll, text } = stdioPair();
    const queue = new OutboundQueue(transport, () => undefined, LIMITS);
    const { state, pieces } = countedPieces(400, 100); // 40,000 characters
    queue.write(pieces(), true);
    await tick();
    await tick();
    // Nobody reads: the writer stopped after a few parts, far from the end.
    expect(state.taken).toBeLessThan(100);
    expect(transport.outboundBacklog()).toBeLessThan(LIMITS.highWater + 2 * LIMITS.partChars + 1024 * 2);
    expect(queue.writingParts).toBe(true);
    // A message written now waits behind the answer (and counts in the backlog).
    queue.write('{"method":"after"}\n', false);
    expect(queue.backlog()).toBeGreaterThanOrEqual(transport.outboundBacklog() + '{"method":"after"}\n'.length);
    readAll();
    await until(() => text().endsWith('{"method":"after"}\n'));
    expect(state.taken).toBe(400);
    expect(state.finished).toBe(true);
    const expected = Array.from({ length: 400 }, (_, i) => `${i}`.padEnd(100, "x")).join("");
    expect(text()).toBe(`${expected}{"method":"after"}\n`);
  });

  it("drained() waits for an answer being written in parts", async () => {
    const { transport, readAll } = stdioPair();
    const queue = new OutboundQueue(transport, () => undefined, LIMITS);
    const { state, pieces } = countedPieces(200, 100);
    queue.write(pieces(), true);
    let drained = false;
    void queue.drained().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    readAll();
    await until(() => drained);
    expect(state.finished).toBe(true);
  });

  it("stops reading the pieces and drops waiting messages when the connection closes mid-answer", async () => {
    const { transport, output, text } = stdioPair();
    const queue = new OutboundQueue(transport, () => undefined, LIMITS);
    const { state, pieces } = countedPieces(400, 100);
    queue.write(pieces(), true);
    queue.write('{"method":"never"}\n', false);
    await tick();
    const takenBeforeClose = state.taken;
    expect(takenBeforeClose).toBeLessThan(400);
    queue.close();
    expect(queue.backlog()).toBe(transport.outboundBacklog());
    let received = "";
    output.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    await until(() => state.finished);
    await tick();
    expect(state.taken).toBe(takenBeforeClose);
    expect(received + text()).not.toContain("never");
    queue.write('{"method":"late"}\n', false);
    await tick();
    expect(received).not.toContain("late");
  });

  it("a piece that fails midway reports the broken connection and writes nothing more", async () => {
    const { transport, readAll, text } = stdioPair();
    const failures: unknown[] = [];
    const queue = new OutboundQueue(transport, (error) => failures.push(error), LIMITS);
    function* pieces() {
      yield "x".repeat(2_000);
      throw new Error("store closed");
    }
    queue.write(pieces(), true);
    queue.write('{"method":"after"}\n', false);
    readAll();
    await until(() => failures.length === 1);
    await tick();
    expect((failures[0] as Error).message).toBe("store closed");
    expect(text()).not.toContain("after");
    expect(queue.writingParts).toBe(false);
  });

  it("an id past 2^53 is written exactly in an answer given in pieces", async () => {
    const { transport, readAll, text } = stdioPair();
    const queue = new OutboundQueue(transport, () => undefined, LIMITS);
    const id = 2n ** 63n - 1n;
    queue.write(encodeResponse(id, { turns: [new RawJson("[1,2]")] }), true);
    readAll();
    await until(() => text().endsWith("\n"));
    expect(text()).toBe('{"id":9223372036854775807,"result":{"turns":[[1,2]]}}\n');
  });

  it("reads a deferred raw text only when its piece is reached", () => {
    const read: string[] = [];
    const lazy = (name: string) => new RawJson(() => (read.push(name), `"${name}"`));
    const encoded = encodeResponse(3, { a: lazy("a"), b: lazy("b") });
    expect(typeof encoded).not.toBe("string");
    const iterator = (encoded as Iterable<string>)[Symbol.iterator]();
    expect(iterator.next().value).toBe('{"id":3,"result":');
    expect(read).toEqual([]);
    const rest: string[] = [];
    for (let next = iterator.next(); !next.done; next = iterator.next()) rest.push(next.value);
    expect(read).toEqual(["a", "b"]);
    expect(rest.join("")).toBe('{"a":"a","b":"b"}}\n');
  });
});
