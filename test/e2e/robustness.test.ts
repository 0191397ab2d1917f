import { afterEach, describe, expect, it } from "vitest";
import { ZodObject, type ZodTypeAny } from "zod";
import { clientRequests } from "../../src/protocol/registry.js";
import { ServerProcess } from "../helpers/server-process.js";

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const INIT = JSON.stringify({ id: "init", method: "initialize", params: { clientInfo: { name: "fuzz", version: "1" }, capabilities: { experimentalApi: true } } });

/** The raw text of the id of each response line (`{"id":<raw>,"result"|"error"...`), in order. */
function answeredIds(lines: readonly string[]): string[] {
  const ids: string[] = [];
  for (const line of lines) {
    const match = /^\{"id":(-?\d+|"(?:[^"\\]|\\.)*"|null),"(?:result|error)"/.exec(line);
    if (match) ids.push(match[1]!);
  }
  return ids;
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Answers `id` exactly once (the process is alive and still serving). */
async function stillServes(s: ServerProcess, id: string): Promise<void> {
  s.sendRaw(JSON.stringify({ id, method: "mock/experimentalMethod", params: { value: id } }));
  await waitUntil(() => answeredIds(s.rawLines).includes(JSON.stringify(id)), 10_000, () => `an answer to ${id}; stderr: ${s.stderr}`);
}

describe("no input ends the process", () => {
  const crashers = [
    '{"method":"$/cancelRequest","params":{}}',
    '{"method":"$/cancelRequest"}',
    '{"method":"$/cancelRequest","params":null}',
    '{"method":"$/cancelRequest","params":{"id":null}}',
    '{"method":"$/cancelRequest","params":{"id":{"nested":true}}}',
    '{"method":"$/cancelRequest","params":{"id":1.5}}',
    '{"method":"$/cancelRequest","params":"x"}',
    '{"method":"$/cancelRequest","params":[1]}',
    '{"method":"$/progress"}',
    '{"method":"$/progress","params":{"token":null,"value":7}}',
    '{"method":"$/setTrace","params":null}',
    '{"method":"$/setTrace","params":{"value":42}}',
    '{"method":"$/logTrace","params":[]}',
    '{"method":"$/somethingElse","params":{"id":"x"}}',
  ];

  it.each(crashers)("%s is ignored and the server keeps answering", async (line) => {
    server = new ServerProcess();
    server.sendRaw(INIT);
    server.sendRaw(line);
    await stillServes(server, "after");
    // A `$/` message with an id is a request: unknown method, answered once.
    server.sendRaw(line.replace("{", '{"id":"as-request",'));
    await stillServes(server, "after-request");
    expect(answeredIds(server.rawLines).filter((id) => id === '"as-request"')).toHaveLength(1);
    expect(server.child.exitCode).toBeNull();
    expect(server.stderr).not.toMatch(/TypeError|uncaught/i);
  });

  it("answers a `$/` request whose id is null with -32600 and id null", async () => {
    server = new ServerProcess();
    server.sendRaw(INIT);
    server.sendRaw('{"id":null,"method":"$/cancelRequest","params":{}}');
    await stillServes(server, "after");
    expect(server.rawLines.some((l) => l.startsWith('{"id":null,"error":{"code":-32600'))).toBe(true);
  });

  it("$/cancelRequest still cancels a request named by a valid id, which is answered once", async () => {
    server = new ServerProcess();
    server.sendRaw(INIT);
    server.sendRaw('{"id":77,"method":"mock/experimentalMethod","params":{"value":"v"}}\n{"method":"$/cancelRequest","params":{"id":77}}');
    await stillServes(server, "after");
    expect(answeredIds(server.rawLines).filter((id) => id === "77")).toHaveLength(1);
  });
});

describe("request ids", () => {
  it("round-trips ids beyond 2^53 byte-identical", async () => {
    server = new ServerProcess();
    server.sendRaw(INIT);
    const big = ["9007199254740993", "9223372036854775807", "-9223372036854775808", "12345678901234567890123"];
    for (const id of big) server.sendRaw(`{"id":${id},"method":"mock/experimentalMethod","params":{"value":"${id}"}}`);
    // Also on errors (unknown method) and for a big id beside its rounded neighbour.
    server.sendRaw('{"id":9007199254740995,"method":"no/such/method"}');
    server.sendRaw('{"id":9007199254740996,"method":"mock/experimentalMethod","params":{"value":"n"}}');
    await stillServes(server, "after");
    for (const id of big) {
      expect(server.rawLines).toContain(`{"id":${id},"result":{"echoed":"${id}"}}`);
    }
    expect(server.rawLines.some((l) => l.startsWith('{"id":9007199254740995,"error":{"code":-32600'))).toBe(true);
    expect(answeredIds(server.rawLines).filter((id) => id.startsWith("900719925474099"))).toEqual(
      expect.arrayContaining(["9007199254740993", "9007199254740995", "9007199254740996"]),
    );
  });

  it.each([["1.5"], ["true"], ['{"a":1}'], ["[1]"], ["1e400"]])("answers id %s with -32600 and id null", async (id) => {
    server = new ServerProcess();
    server.sendRaw(INIT);
    server.sendRaw(`{"id":${id},"method":"mock/experimentalMethod","params":{"value":"x"}}`);
    await stillServes(server, "after");
    const nullAnswers = server.rawLines.filter((l) => l.startsWith('{"id":null,"error":{"code":-32600'));
    expect(nullAnswers).toHaveLength(1);
    expect(nullAnswers[0]).toContain("`id` must be a string or an integer");
  });
});

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FuzzInput {
  line: string;
  /** The raw id text the server must answer exactly once; null: answered once with id null; undefined: never answered. */
  answer: string | null | undefined;
}

const WRONG_VALUES: unknown[] = [{ wrong: true }, [1, "two"], 3.5, true, -1, "", "x".repeat(40), null];
const JUNK_PARAMS: unknown[] = [undefined, null, {}, { id: null }, { id: 1.5 }, { id: "nope" }, { id: {} }, 7, "s", [], [null], { token: [], value: {} }];

/**
 * Generates `count` inputs: malformed lines, `$/` notifications with junk
 * params, and requests to every registered method with params of the wrong
 * type (checked against the method's own schema, so none can run).
 */
function fuzzInputs(count: number, seed: number): FuzzInput[] {
  const random = prng(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const methods = Object.entries(clientRequests).filter(([method]) => method !== "initialize");
  const inputs: FuzzInput[] = [];
  let serial = 0;
  const nextId = (): string => {
    serial++;
    switch (serial % 3) {
      case 0:
        return JSON.stringify(`f${serial}`);
      case 1:
        return String(1_000_000 + serial);
      default:
        return (9007199254740993n + BigInt(serial) * 2n).toString();
    }
  };
  while (inputs.length < count) {
    const roll = random();
    if (roll < 0.25) {
      const malformed = [
        "{",
        '{"method":',
        "[]",
        '[{"id":1,"method":"initialize"}]',
        "42",
        '"text"',
        "null",
        '{"id":null}',
        '{"params":{}}',
        `{"method":${Math.floor(random() * 100)}}`,
        String.fromCharCode(...Array.from({ length: 12 }, () => 33 + Math.floor(random() * 90))),
        '{"id":1.25,"method":"thread/list"}',
        '{"id":[],"method":"thread/list"}',
      ];
      const line = pick(malformed);
      let answer: string | null | undefined = null;
      try {
        JSON.parse(line);
      } catch {
        answer = null;
      }
      inputs.push({ line, answer });
    } else if (roll < 0.5) {
      const method = pick(["$/cancelRequest", "$/progress", "$/setTrace", "$/logTrace", "$/unknown"]);
      const params = pick(JUNK_PARAMS);
      const message: Record<string, unknown> = { method };
      if (params !== undefined) message.params = params;
      inputs.push({ line: JSON.stringify(message), answer: undefined });
    } else {
      const [method, spec] = pick(methods);
      const schema = spec.params as ZodTypeAny | null;
      let params: unknown;
      if (schema instanceof ZodObject && random() < 0.8) {
        const shape = schema.shape as Record<string, ZodTypeAny>;
        const wrong: Record<string, unknown> = {};
        for (const key of Object.keys(shape)) wrong[key] = pick(WRONG_VALUES);
        params = wrong;
      } else {
        params = pick([7, "string", [1, 2], true]);
      }
      // Skip the rare combination that happens to be valid: the point is wrong types.
      if (schema !== null && schema.safeParse(params).success) continue;
      if (schema === null) continue;
      const id = nextId();
      inputs.push({ line: `{"id":${id},"method":${JSON.stringify(method)},"params":${JSON.stringify(params)}}`, answer: id });
    }
  }
  return inputs;
}

describe("fuzzing", () => {
  it("stays up through 10,000 malformed inputs and answers every request exactly once", async () => {
    const inputs = fuzzInputs(10_000, 0x5eed);
    server = new ServerProcess();
    server.sendRaw(INIT);
    await waitUntil(() => answeredIds(server!.rawLines).includes('"init"'), 10_000, () => "initialize");
    // In bursts, as a client would write them; some may be refused with -32001, which is an answer too.
    for (let i = 0; i < inputs.length; i += 250) {
      server.sendRaw(inputs.slice(i, i + 250).map((input) => input.line).join("\n"));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await stillServes(server, "final");
    const expectedIds = inputs.filter((input) => typeof input.answer === "string").map((input) => input.answer as string);
    const expectedNulls = inputs.filter((input) => input.answer === null).length;
    await waitUntil(
      () => answeredIds(server!.rawLines).length >= expectedIds.length + expectedNulls + 2,
      20_000,
      () => `all answers (${answeredIds(server!.rawLines).length} of ${expectedIds.length + expectedNulls + 2})`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answered = answeredIds(server.rawLines).filter((id) => id !== '"init"' && id !== '"final"');
    const counts = new Map<string, number>();
    for (const id of answered) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.get("null") ?? 0).toBe(expectedNulls);
    counts.delete("null");
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(counts.keys())).toEqual(new Set(expectedIds));
    expect(server.child.exitCode).toBeNull();
    expect(server.stderr).not.toMatch(/TypeError|uncaught|RangeError/i);
  }, 60_000);
});
