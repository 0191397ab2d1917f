import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkMessage,
  formatProblem,
  referenceResultDefinition,
  type CheckedMessage,
  type ConformanceProblem,
} from "../helpers/conformance.js";
import { referenceTrafficDir } from "../helpers/paths.js";
import { InProcessServer } from "../helpers/in-process-server.js";

/** Server → client messages of a recorded reference session, with the method each response answers. */
function referenceTraffic(file: string): CheckedMessage[] {
  const text = readFileSync(path.join(referenceTrafficDir, file), "utf8");
  const methods = new Map<string, string>();
  const out: CheckedMessage[] = [];
  for (const line of text.split("\n")) {
    const match = /^(?:[\d.]+ )?(>>|<<) (\{.*)$/.exec(line);
    if (!match) continue;
    const message = JSON.parse(match[2]!) as Record<string, unknown>;
    const key = JSON.stringify(message.id);
    if (match[1] === ">>") {
      if (typeof message.method === "string" && "id" in message) methods.set(key, message.method);
      continue;
    }
    out.push({ message, requestMethod: typeof message.method === "string" ? undefined : methods.get(key) });
  }
  return out;
}

/** The reference names results after params (`XParams` → `XResponse`); params-less methods are listed. */
const referenceResult = (method: string) =>
  referenceResultDefinition(method) ?? ({ "configRequirements/read": "ConfigRequirementsReadResponse" } as Record<string, string>)[method];

const check = (message: Record<string, unknown>, requestMethod?: string): ConformanceProblem[] =>
  checkMessage({ message, requestMethod }, { resultDefinition: referenceResult });

const transcript = referenceTraffic("stdio-transcript-codex-0.169.0.txt");
const tui = referenceTraffic("tui-traffic-codex-0.169.0.log");

function find(traffic: CheckedMessage[], predicate: (m: Record<string, any>) => boolean): Record<string, any> {
  const found = traffic.find((m) => predicate(m.message));
  if (!found) throw new Error("fixture message not found in the reference traffic");
  return structuredClone(found.message) as Record<string, any>;
}

const paths = (problems: ConformanceProblem[]) => problems.map((p) => p.path);

describe("conformance checker against the reference's own traffic", () => {
  it.each([
    ["stdio transcript", transcript],
    ["TUI traffic", tui],
  ])("finds no problem in anything the reference sent (%s)", (_name, traffic) => {
    expect(traffic.length).toBeGreaterThan(20);
    const problems = traffic.flatMap((m) => checkMessage(m, { resultDefinition: referenceResult })).map(formatProblem);
    expect(problems).toEqual([]);
  });
});

describe("conformance checker finds what deviates", () => {
  const threadStarted = () => find(transcript, (m) => m.method === "thread/started");
  const turnCompleted = () => find(transcript, (m) => m.method === "turn/completed");

  it("an undeclared field, deep inside a notification, by its JSON path", () => {
    const message = threadStarted();
    message.params.thread.bogusField = 1;
    message.params.thread.status.extra = true;
    const problems = check(message);
    expect(paths(problems).sort()).toEqual(["params.thread.bogusField", "params.thread.status.extra"]);
    expect(problems[0]!.problem).toMatch(/not declared/);
    expect(problems[0]!.message).toBe("notification thread/started");
  });

  it("an undeclared field inside the matching branch of a tagged union", () => {
    const message = turnCompleted();
    expect(message.params.turn.items[0].type).toBe("agentMessage");
    message.params.turn.items[0].userOnlyField = "x";
    expect(paths(check(message))).toEqual(["params.turn.items[0].userOnlyField"]);
  });

  it("a tag the union does not have", () => {
    const message = turnCompleted();
    message.params.turn.items[0].type = "bogusItem";
    const problems = check(message).filter((p) => !p.problem.includes("(ajv,"));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe("params.turn.items[0]");
    expect(problems[0]!.problem).toMatch(/^matches none of the \d+ shapes .*closest: params\.turn\.items\[0\]\.type "bogusItem" is not one of/);
  });

  it("a missing `T | null` field (the reference always sends it)", () => {
    const message = threadStarted();
    delete message.params.thread.name;
    const problems = check(message);
    expect(paths(problems)).toEqual(["params.thread.name"]);
    expect(problems[0]!.problem).toMatch(/always sends/);
  });

  it("a missing required field", () => {
    const message = threadStarted();
    delete message.params.thread.preview;
    expect(paths(check(message))).toContain("params.thread.preview");
  });

  it("a wrong type and a null where the reference never sends one", () => {
    const message = threadStarted();
    message.params.thread.createdAt = "yesterday";
    message.params.thread.preview = null;
    const problems = check(message);
    expect(paths(problems)).toContain("params.thread.createdAt");
    expect(paths(problems)).toContain("params.thread.preview");
  });

  it("a non-integer where the reference has an integer format", () => {
    const message = threadStarted();
    message.params.thread.createdAt = 1.5;
    expect(paths(check(message))).toContain("params.thread.createdAt");
  });

  it("ranges and formats the walker does not check, through ajv, without union noise", () => {
    const range = { start: { line: -1, column: 1 }, end: { line: 1, column: 1 } };
    const problems = check({ method: "configWarning", params: { summary: "s", details: null, range }, emittedAtMs: Date.now() });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.path === "params.range.start.line" && p.problem.includes("(ajv,"))).toBe(true);
  });

  it("accepts `T | null` fields the reference is known to omit", () => {
    const warning = { method: "configWarning", params: { summary: "s", details: null }, emittedAtMs: Date.now() };
    expect(check(warning)).toEqual([]);
    const renamed = { method: "thread/name/updated", params: { threadId: "t" }, emittedAtMs: Date.now() };
    expect(check(renamed)).toEqual([]);
  });

  it("notification envelope: emittedAtMs required, nothing else beside method/params", () => {
    const message = threadStarted();
    delete message.emittedAtMs;
    message.jsonrpc = "2.0";
    expect(paths(check(message)).sort()).toEqual(["emittedAtMs", "jsonrpc"]);
  });

  it("reports methods the reference does not know", () => {
    const notification = check({ method: "thread/bogus", params: {}, emittedAtMs: Date.now() });
    expect(notification.map((p) => p.problem)).toEqual(["is not a server notification the reference knows"]);
    const request = check({ id: 0, method: "item/bogus/requestApproval", params: {} });
    expect(request.map((p) => p.problem)).toEqual(["is not a server request the reference knows"]);
    const response = check({ id: 3, result: {} }, "bogus/method");
    expect(response.map((p) => p.problem)).toEqual(["answers bogus/method, a method the reference does not know"]);
    const untracked = check({ id: 99, result: {} });
    expect(untracked.map((p) => p.problem)).toEqual(["answers a request id the client never sent"]);
  });

  it("server requests: params checked, integer ids", () => {
    expect(check({ id: 0, method: "currentTime/read", params: { threadId: "t" } })).toEqual([]);
    expect(paths(check({ id: "a", method: "currentTime/read", params: { threadId: "t", extra: 1 } })).sort()).toEqual([
      "id",
      "params.extra",
    ]);
    expect(check({ id: 1, method: "account/chatgptAuthTokens/refresh", params: { reason: "unauthorized", previousAccountId: null } })).toEqual([]);
    expect(paths(check({ id: 1, method: "account/chatgptAuthTokens/refresh", params: { reason: "unauthorized" } }))).toEqual([
      "params.previousAccountId",
    ]);
  });

  it("error responses: JSON-RPC error shape, id null allowed, no stack traces", () => {
    expect(check({ id: null, error: { code: -32700, message: "Parse error: x" } })).toEqual([]);
    expect(check({ id: 4, error: { code: -32600, message: "m", data: { any: ["thing"] } } }, "thread/start")).toEqual([]);
    expect(paths(check({ id: 4, error: { code: -32600, message: "m", stack: "x" } }, "thread/start"))).toEqual(["error.stack"]);
    expect(paths(check({ id: 4, error: { code: "bad", message: "m" } }, "thread/start"))).toContain("error.code");
    const stack = "internal error: boom\n    at handler (/app/dist/src/api/x.js:10:5)";
    expect(check({ id: 4, error: { code: -32603, message: stack } }, "thread/start").map((p) => p.problem)).toEqual([
      "carries a stack trace",
    ]);
    expect(paths(check({ id: 4, error: { code: -32600, message: "m" }, result: {} }, "thread/start"))).toEqual(["result"]);
  });

  it("responses are checked against the definition our registry names", () => {
    const ok = { userAgent: "a/0.169.0", codexHome: "/h", platformFamily: "unix", platformOs: "linux" };
    expect(checkMessage({ message: { id: 1, result: ok }, requestMethod: "initialize" })).toEqual([]);
    const extra = checkMessage({ message: { id: 1, result: { ...ok, serverVersion: "1" } }, requestMethod: "initialize" });
    expect(paths(extra)).toEqual(["result.serverVersion"]);
    const { codexHome: _, ...missing } = ok;
    expect(paths(checkMessage({ message: { id: 1, result: missing }, requestMethod: "initialize" }))).toContain("result.codexHome");
    expect(checkMessage({ message: { id: 2, result: { echoed: null } }, requestMethod: "mock/experimentalMethod" })).toEqual([]);
    expect(paths(checkMessage({ message: { id: 2, result: {} }, requestMethod: "mock/experimentalMethod" }))).toEqual([
      "result.echoed",
    ]);
  });

  it("empty-struct results take no fields; free-form maps take any", () => {
    expect(check({ id: 1, result: {} }, "thread/archive")).toEqual([]);
    expect(paths(check({ id: 1, result: { archived: true } }, "thread/archive"))).toEqual(["result.archived"]);
    const message = threadStarted();
    message.params.thread.extra = { implementationSpecific: { nested: [1] } };
    expect(check(message)).toEqual([]);
  });
});

// The spawned-server counterpart is in test/e2e/conformance.test.ts.
describe("the harness checks every in-process server", () => {
  it("records responses with their request method and finds nothing wrong in a real session", async () => {
    const server = new InProcessServer();
    await server.initialize({ experimentalApi: true });
    server.sendRaw(JSON.stringify({ id: "raw", method: "mock/experimentalMethod", params: { value: "v" } }));
    await server.waitFor((m) => m.id === "raw");
    expect(server.received.find((r) => r.message.id === "raw")?.requestMethod).toBe("mock/experimentalMethod");
    expect(server.conformanceProblems()).toEqual([]);
  });

  it("reports a non-conforming message", async () => {
    const server = new InProcessServer();
    await server.initialize();
    const injected = { message: { id: 1, result: { userAgent: 5 } }, requestMethod: "initialize" };
    server.received.push(injected);
    expect(server.conformanceProblems().some((p) => p.startsWith("response to initialize (id 1): result.userAgent"))).toBe(true);
    // Undo the injection so the automatic after-test check passes.
    server.received.splice(server.received.indexOf(injected), 1);
    expect(server.conformanceProblems()).toEqual([]);
  });
});
