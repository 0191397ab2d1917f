import { describe, expect, it } from "vitest";
import { childPath, pathUnder, resolveAgentPath } from "../../src/core/agents/agent-path.js";
import { parseStrictArguments } from "../../src/core/agents/strict-args.js";
import type { FunctionCall } from "../../src/core/turn-runner.js";

describe("multi-agent v2 agent paths", () => {
  it("joins a task name under the parent and refuses names the reference refuses", () => {
    expect(childPath("/root", "worker")).toEqual({ path: "/root/worker" });
    expect(childPath("/root/worker", "helper_2")).toEqual({ path: "/root/worker/helper_2" });
    expect(childPath("/root", "Worker")).toEqual({ error: "agent_name must use only lowercase letters, digits, and underscores" });
    expect(childPath("/root", "root")).toEqual({ error: "agent_name `root` is reserved" });
    expect(childPath("/root", "..")).toEqual({ error: "agent_name `..` is reserved" });
    expect(childPath("/root", "a/b")).toEqual({ error: "agent_name must not contain `/`" });
    expect(childPath("/root", "")).toEqual({ error: "agent_name must not be empty" });
  });

  it("resolves references relative to the caller, absolute ones as given", () => {
    expect(resolveAgentPath("/root/researcher", "worker")).toEqual({ path: "/root/researcher/worker" });
    expect(resolveAgentPath("/root/researcher", "/root/other")).toEqual({ path: "/root/other" });
    expect(resolveAgentPath("/root/researcher", "/root")).toEqual({ path: "/root" });
    expect(resolveAgentPath("/root", "")).toEqual({ error: "agent path must not be empty" });
    expect(resolveAgentPath("/root", "/elsewhere")).toEqual({ error: "absolute agent paths must start with `/root`" });
    expect(resolveAgentPath("/root", "/root/x/")).toEqual({ error: "absolute agent path must not end with `/`" });
    expect(resolveAgentPath("/root", "x/")).toEqual({ error: "relative agent path must not end with `/`" });
    expect(resolveAgentPath("/root", "../sibling")).toEqual({ error: "agent_name `..` is reserved" });
  });

  it("matches a prefix on whole path segments", () => {
    expect(pathUnder("/root/worker", "/root")).toBe(true);
    expect(pathUnder("/root/worker", "/root/worker")).toBe(true);
    expect(pathUnder("/root/workers", "/root/worker")).toBe(false);
  });
});

function call(args: unknown): FunctionCall {
  return { kind: "function", callId: "c", name: "t", namespace: null, arguments: typeof args === "string" ? args : JSON.stringify(args), raw: null };
}

describe("strict tool arguments", () => {
  const fields = [
    { name: "target", kind: "string" as const, required: true },
    { name: "timeout_ms", kind: "integer" as const },
    { name: "reasoning_effort", kind: "effort" as const },
  ];

  it("reads known fields and drops null optional ones", () => {
    expect(parseStrictArguments(call({ target: "a", timeout_ms: null }), fields)).toEqual({ target: "a" });
    expect(parseStrictArguments(call(""), [{ name: "path_prefix", kind: "string" }])).toEqual({});
  });

  it("reports the first bad field in serde's words, then missing ones", () => {
    const prefix = "failed to parse function arguments: ";
    expect(parseStrictArguments(call({ target: "a", extra: 1 }), fields)).toBe(`${prefix}unknown field \`extra\`, expected one of \`target\`, \`timeout_ms\`, \`reasoning_effort\``);
    expect(parseStrictArguments(call({ x: 1 }), [fields[0]!])).toBe(`${prefix}unknown field \`x\`, expected \`target\``);
    expect(parseStrictArguments(call({ x: 1 }), fields.slice(0, 2))).toBe(`${prefix}unknown field \`x\`, expected \`target\` or \`timeout_ms\``);
    expect(parseStrictArguments(call({ target: 5 }), fields)).toBe(`${prefix}invalid type: integer \`5\`, expected a string`);
    expect(parseStrictArguments(call({ target: "a", timeout_ms: 1.5 }), fields)).toBe(`${prefix}invalid type: floating point \`1.5\`, expected i64`);
    expect(parseStrictArguments(call({ target: "a", timeout_ms: "9" }), fields)).toBe(`${prefix}invalid type: string "9", expected i64`);
    expect(parseStrictArguments(call({ target: "a", reasoning_effort: "huge" }), fields)).toBe(
      `${prefix}unknown variant \`huge\`, expected one of \`none\`, \`minimal\`, \`low\`, \`medium\`, \`high\`, \`xhigh\`, \`max\`, \`ultra\``,
    );
    expect(parseStrictArguments(call({}), fields)).toBe(`${prefix}missing field \`target\``);
    expect(parseStrictArguments(call([1]), fields)).toBe(`${prefix}invalid type: sequence, expected a map`);
  });
});
