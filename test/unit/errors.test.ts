import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, flushLogs } from "../../src/logging/logger.js";
import { clientRequests } from "../../src/protocol/registry.js";
import { AppServer } from "../../src/server/app-server.js";
import { RpcError } from "../../src/protocol/errors.js";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends raw lines and resolves with the error answers, in order, once `count` of them have arrived. */
async function rawErrors(s: InProcessServer, lines: string[], count = lines.length): Promise<WireMessage[]> {
  const before = s.received.length;
  s.sendRaw(lines.join("\n"));
  const errors = () => s.received.slice(before).map((r) => r.message).filter((m) => "error" in m);
  const deadline = Date.now() + 10_000;
  while (errors().length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} errors, got ${JSON.stringify(errors())}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return errors();
}

describe("-32700 parse error", () => {
  it("answers a line that is not JSON with id null, and keeps serving", async () => {
    server = new InProcessServer();
    const [error] = await rawErrors(server, ['{"id":1,"method":"initialize",']);
    expect(error).toEqual({ id: null, error: { code: -32700, message: expect.stringMatching(/^Parse error: .+/) } });
    expect((await server.initialize()).platformFamily).toBe("unix");
  });
});

describe("-32600 for JSON that is not a JSON-RPC message", () => {
  it("non-objects and batches get id null", async () => {
    server = new InProcessServer();
    const errors = await rawErrors(server, ["[1,2]", "[]", "42", '"text"', "null", "true"]);
    expect(errors.map((e) => e.id)).toEqual([null, null, null, null, null, null]);
    expect(errors.map((e) => (e.error as { code: number }).code)).toEqual([-32600, -32600, -32600, -32600, -32600, -32600]);
    expect(errors.map((e) => (e.error as { message: string }).message)).toEqual([
      "Invalid request: expected a JSON-RPC message object, got a batch (JSON array)",
      "Invalid request: expected a JSON-RPC message object, got a batch (JSON array)",
      "Invalid request: expected a JSON-RPC message object, got a JSON number",
      "Invalid request: expected a JSON-RPC message object, got a JSON string",
      "Invalid request: expected a JSON-RPC message object, got a JSON null",
      "Invalid request: expected a JSON-RPC message object, got a JSON boolean",
    ]);
  });

  it("an object without method/result/error, or with a bad method or id, keeps a usable id", async () => {
    server = new InProcessServer();
    const errors = await rawErrors(server, ['{"id":5}', '{"id":"six","method":3}', '{"id":{"a":1},"method":"x"}', '{"id":1.5,"method":"x"}']);
    expect(errors).toEqual([
      {
        id: 5,
        error: { code: -32600, message: "Invalid request: a message needs `method` (request or notification) or `result`/`error` (response)" },
      },
      { id: "six", error: { code: -32600, message: "Invalid request: `method` must be a string" } },
      { id: null, error: { code: -32600, message: "Invalid request: `id` must be a string or an integer" } },
      { id: null, error: { code: -32600, message: "Invalid request: `id` must be a string or an integer" } },
    ]);
  });

  it("drops client notifications it does not know and responses to no pending request, silently", async () => {
    server = new InProcessServer();
    await server.initialize();
    server.sendRaw('{"method":"some/unknownNotification","params":{}}');
    server.sendRaw('{"id":77,"result":{}}');
    server.sendRaw('{"id":78,"error":{"code":1,"message":"x"}}');
    const count = server.received.length;
    expect(await server.call("initialize", { clientInfo: { name: "x", version: "1" } }).catch((e) => e.error)).toEqual({
      code: -32600,
      message: "Already initialized",
    });
    expect(server.received.length).toBe(count + 1);
  });
});

describe("-32600 Invalid request from typed deserialization", () => {
  it("unknown method: serde's unknown-variant message listing every method", async () => {
    server = new InProcessServer();
    await server.initialize();
    const error = await server.callError("nonexistent/method", {});
    const expected = Object.keys(clientRequests).map((m) => `\`${m}\``).join(", ");
    expect(error).toEqual({
      code: -32600,
      message: `Invalid request: unknown variant \`nonexistent/method\`, expected one of ${expected}`,
    });
    expect(error.message).toContain("`initialize`");
  });

  it("missing params (omitted or null) on a method that requires them", async () => {
    server = new InProcessServer();
    expect(await server.callError("initialize")).toEqual({ code: -32600, message: "Invalid request: missing field `params`" });
    expect(await server.callError("initialize", null)).toEqual({ code: -32600, message: "Invalid request: missing field `params`" });
    await server.initialize({ experimentalApi: true });
    expect(await server.callError("mock/experimentalMethod")).toEqual({
      code: -32600,
      message: "Invalid request: missing field `params`",
    });
  });

  it("wrong types name the field path", async () => {
    server = new InProcessServer();
    const cases: Array<[unknown, string]> = [
      [{ clientInfo: { name: 5, version: "1" } }, "Invalid request: invalid type: integer `5`, expected a string at `clientInfo.name`"],
      [{ clientInfo: { name: "a" } }, "Invalid request: missing field `clientInfo.version`"],
      [
        { clientInfo: { name: "a", version: "1" }, capabilities: { experimentalApi: "yes" } },
        'Invalid request: invalid type: string "yes", expected a boolean at `capabilities.experimentalApi`',
      ],
      [
        { clientInfo: { name: "a", version: "1" }, capabilities: { optOutNotificationMethods: ["ok", 1] } },
        "Invalid request: invalid type: integer `1`, expected a string at `capabilities.optOutNotificationMethods[1]`",
      ],
      [[], "Invalid request: invalid type: sequence, expected an object"],
      ["x", 'Invalid request: invalid type: string "x", expected an object'],
    ];
    for (const [params, message] of cases) {
      expect(await server.callError("initialize", params)).toEqual({ code: -32600, message });
    }
    // None of those initialized the connection.
    expect(await server.callError("mock/experimentalMethod", {})).toEqual({ code: -32600, message: "Not initialized" });
  });

  it("ignores unknown extra fields in params", async () => {
    server = new InProcessServer();
    const result = await server.call("initialize", {
      clientInfo: { name: "extra_fields", version: "1", nickname: "x" },
      capabilities: { experimentalApi: true, someFutureCapability: { a: 1 } },
      futureTopLevel: [1, 2],
    });
    expect(result.userAgent).toMatch(/^extra_fields\/0\.169\.0 /);
    expect(await server.call("mock/experimentalMethod", { value: "v", unknown: true })).toEqual({ echoed: "v" });
  });
});

describe("-32603 internal error", () => {
  // No request path can fail unexpectedly yet without a test-only backdoor, so the mapping
  // is exercised on the AppServer class itself; the wire form is the error's `toJson()`.
  it("maps an unexpected failure to -32603 without a stack trace, and logs the stack", async () => {
    const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), "aas-log-")), "server.log");
    const logger = createLogger({ file: logFile, level: "error" });
    const app = new AppServer({ codexHome: "/tmp/h", configOverrides: [], logger });
    const toResponseError = (app as unknown as { toResponseError(method: string, error: unknown): RpcError }).toResponseError.bind(app);

    const boom = new Error("disk on fire");
    const mapped = toResponseError("thread/start", boom);
    expect(mapped).toBeInstanceOf(RpcError);
    expect(mapped.toJson()).toEqual({ code: -32603, message: "internal error: disk on fire" });
    expect(JSON.stringify(mapped.toJson())).not.toContain(" at ");
    expect(toResponseError("thread/start", "plain string").toJson()).toEqual({ code: -32603, message: "internal error: plain string" });

    // Errors meant for the client pass through unchanged.
    expect(toResponseError("m", new RpcError(-32600, "thread not found: x", { reason: "r" })).toJson()).toEqual({
      code: -32600,
      message: "thread not found: x",
      data: { reason: "r" },
    });

    // The stack goes to the log instead.
    const deadline = Date.now() + 5_000;
    let log = "";
    while (!log.includes("disk on fire") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      flushLogs();
      try {
        log = readFileSync(logFile, "utf8");
      } catch {
        // not created yet
      }
    }
    const entry = JSON.parse(log.split("\n").find((l) => l.includes("disk on fire"))!);
    expect(entry.msg).toBe("request failed unexpectedly");
    expect(entry.method).toBe("thread/start");
    expect(entry.err.stack).toMatch(/\n\s+at /);
  });
});
