/**
 * MCP tools as the model sees them, in the shapes recorded from codex 0.169.0
 * with the same kind of server (names, grouping, order, reduced schemas, the
 * `Wall time` outputs, the resource tools).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { codexHomeWith, mcpMarker, scriptNamespacedCall, stdioServerToml } from "../helpers/mcp-servers.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startThread, startTurn, startTurnServer, text, turnCompleted, turnStream } from "../helpers/turns.js";
import { MCP_OUTPUT_HEADER, toolOutput } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

/** Two servers configured out of order: `zeta` (extra tools, instructions) and `alpha-one` (echo only, no instructions). */
function twoServers(): string {
  return (
    stdioServerToml("zeta", mcpMarker(), 'env = { MCP_TEST_EXTRA = "1" }\ndisabled_tools = ["crash"]') +
    stdioServerToml("alpha-one", mcpMarker(), 'enabled_tools = ["echo"]')
  );
}

async function readyServer(toml: string, args: string[] = []): Promise<ServerProcess> {
  const server = await startTurnServer(mock, { codexHome: codexHomeWith(toml), args });
  for (const name of ["zeta", "alpha-one"]) {
    if (toml.includes(`[mcp_servers.${name}]`)) {
      await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === name && p.status === "ready", 15_000);
    }
  }
  return server;
}

function mcpItems(server: ServerProcess, threadId: string, turnId: string, method: "item/started" | "item/completed"): any[] {
  return turnStream(server, threadId, turnId)
    .filter((m) => m.method === method && (m.params as any).item.type === "mcpToolCall")
    .map((m) => (m.params as any).item);
}

describe("MCP tools in the model request", () => {
  it("groups each server's tools in an mcp__<server> namespace, sorted, names and schemas reduced, placed as the reference places them", async () => {
    const server = await readyServer(twoServers());
    try {
      const threadId = await startThread(server);
      mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
      await turnCompleted(server, (await startTurn(server, threadId, text("hello"))).id);
      const tools = mock.requests[0]!.body.tools as any[];
      const names = tools.map((t) => t.name ?? t.type);
      // The resource tools right after write_stdin; the namespaces after multi_agent_v1, before the goal tools.
      expect(names.slice(0, 5)).toEqual(["exec_command", "write_stdin", "list_mcp_resources", "list_mcp_resource_templates", "read_mcp_resource"]);
      const agents = names.indexOf("multi_agent_v1");
      expect(names.slice(agents, agents + 4)).toEqual(["multi_agent_v1", "mcp__alpha_one", "mcp__zeta", "get_goal"]);

      const alpha = tools.find((t) => t.name === "mcp__alpha_one");
      expect(alpha).toEqual({
        type: "namespace",
        name: "mcp__alpha_one",
        description: "Tools in the mcp__alpha_one namespace.",
        tools: [{ type: "function", name: "echo", description: "Echoes the text back.", strict: false, parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } }],
      });
      const zeta = tools.find((t) => t.name === "mcp__zeta");
      expect(zeta.description).toBe("Use these test tools.");
      expect(zeta.tools.map((t: any) => t.name)).toEqual(["add", "ask", "echo", "garbage", "huge", "picture", "remove", "shapes", "slow"]);
      // Recorded from the reference for the same schema: keywords it drops, types it infers, `const` as an enum, sorted properties.
      expect(JSON.stringify(zeta.tools.find((t: any) => t.name === "shapes"))).toBe(
        JSON.stringify({
          type: "function",
          name: "shapes",
          description: "Takes every kind of argument.",
          strict: false,
          parameters: {
            type: "object",
            properties: {
              anything: { type: "string" },
              count: { type: "integer" },
              fixed: { type: "string", enum: ["x"] },
              list: { type: "array", items: { type: "string" } },
              map: { type: "object", properties: {}, additionalProperties: { type: "integer" } },
              pick: { type: "string", enum: ["a", "b"] },
              some: { description: "either", anyOf: [{ type: "string" }, { type: "number" }] },
              vague: {},
              when: { type: "string" },
              "z-last": { type: ["string", "null"] },
            },
            required: ["some"],
          },
        }),
      );
      expect(zeta.tools.find((t: any) => t.name === "picture").parameters).toEqual({ type: "object", properties: {} });
    } finally {
      await server.close();
    }
  });

  it("a model with tool search finds the MCP namespaces through it, listed in the <tools> section", async () => {
    const server = await readyServer(twoServers(), ["-c", 'model="gpt-5.5"']);
    try {
      const threadId = await startThread(server);
      mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
      await turnCompleted(server, (await startTurn(server, threadId, text("hello"))).id);
      const body = mock.requests[0]!.body;
      expect((body.tools as any[]).filter((t) => String(t.name).startsWith("mcp__"))).toEqual([]);
      expect((body.tools as any[]).map((t) => t.name)).toContain("list_mcp_resources");
      const developer = JSON.stringify(body.input);
      expect(developer).toContain("- mcp__alpha_one\\n- mcp__zeta: Use these test tools.\\n- multi_agent_v1: ");

      // tool_search finds them; the model then calls one on its namespace.
      mock.enqueue(
        { type: "sse", events: functionCallResponse({ calls: [{ kind: "tool_search", name: "tool_search", callId: "call_search", arguments: { query: "picture" } }] }) },
        { type: "sse", events: textResponse({ deltas: ["found"] }) },
      );
      await turnCompleted(server, (await startTurn(server, threadId, text("find it"))).id);
      const found = (mock.requests[2]!.body.input as any[]).find((i) => i.type === "tool_search_output");
      const namespace = found.tools.find((t: any) => t.name === "mcp__zeta");
      expect(namespace.description).toBe("Use these test tools.");
      expect(namespace.tools[0]).toMatchObject({ type: "function", name: "picture", defer_loading: true });
    } finally {
      await server.close();
    }
  });
});

describe("MCP tool results for the model", () => {
  it("start with the Wall time header: content blocks as items (images at high detail, other blocks as JSON), structured content as text", async () => {
    const server = await readyServer(twoServers());
    try {
      const threadId = await startThread(server);
      scriptNamespacedCall(mock, "mcp__zeta", "picture", "call_picture", {});
      await turnCompleted(server, (await startTurn(server, threadId, text("picture"))).id);
      expect(toolOutput(mock.requests[1]!, "call_picture")).toEqual([
        { type: "input_text", text: expect.stringMatching(MCP_OUTPUT_HEADER) },
        { type: "input_text", text: "a pixel" },
        { type: "input_image", image_url: expect.stringMatching(/^data:image\/png;base64,iVBOR/), detail: "high" },
        { type: "input_text", text: '{"type":"resource","resource":{"uri":"test://readme","mimeType":"text/plain","text":"inline"}}' },
      ]);

      mock.reset();
      scriptNamespacedCall(mock, "mcp__zeta", "add", "call_add", { a: 1, b: 2 });
      const turn = await startTurn(server, threadId, text("add"));
      await turnCompleted(server, turn.id);
      expect(toolOutput(mock.requests[1]!, "call_add")).toMatch(/^Wall time: \d+\.\d{4} seconds\nOutput:\n\{"sum":3\}$/);
      const [done] = mcpItems(server, threadId, turn.id, "item/completed");
      expect(done.result).toEqual({ content: [{ type: "text", text: "3" }], structuredContent: { sum: 3 }, _meta: null });

      // An unknown tool on an MCP namespace is refused as the reference words it.
      mock.reset();
      scriptNamespacedCall(mock, "mcp__zeta", "nope", "call_nope", {});
      await turnCompleted(server, (await startTurn(server, threadId, text("nope"))).id);
      expect(toolOutput(mock.requests[1]!, "call_nope")).toBe("unsupported call: mcp__zetanope");
    } finally {
      await server.close();
    }
  });
});

describe("MCP resource tools in a turn", () => {
  it("list and read resources as mcpToolCall items; unknown servers and bad arguments are refused before any item", async () => {
    const server = await readyServer(twoServers());
    try {
      const threadId = await startThread(server);
      const calls = [
        { name: "list_mcp_resources", callId: "c_all", arguments: {} },
        { name: "list_mcp_resources", callId: "c_one", arguments: { server: "zeta" } },
        { name: "list_mcp_resource_templates", callId: "c_templates", arguments: { server: "alpha-one" } },
        { name: "read_mcp_resource", callId: "c_read", arguments: { server: "zeta", uri: "test://readme" } },
        { name: "read_mcp_resource", callId: "c_missing", arguments: { server: "zeta", uri: "test://missing" } },
        { name: "list_mcp_resources", callId: "c_unknown", arguments: { server: "nope" } },
        { name: "list_mcp_resources", callId: "c_cursor", arguments: { cursor: "abc" } },
        { name: "read_mcp_resource", callId: "c_nouri", arguments: { server: "zeta" } },
      ];
      mock.enqueue({ type: "sse", events: functionCallResponse({ calls }) }, { type: "sse", events: textResponse({ deltas: ["done"] }) });
      const turn = await startTurn(server, threadId, text("resources"));
      expect((await turnCompleted(server, turn.id)).turn.status).toBe("completed");
      const out = (id: string) => toolOutput(mock.requests[1]!, id);
      const readme = { uri: "test://readme", name: "readme", description: "A test resource.", mimeType: "text/plain" };
      expect(out("c_all")).toBe(JSON.stringify({ resources: [{ server: "alpha-one", ...readme }, { server: "zeta", ...readme }] }));
      expect(out("c_one")).toBe(JSON.stringify({ server: "zeta", resources: [{ server: "zeta", ...readme }] }));
      expect(out("c_templates")).toBe(JSON.stringify({ server: "alpha-one", resourceTemplates: [{ server: "alpha-one", uriTemplate: "test://files/{name}", name: "files" }] }));
      expect(out("c_read")).toBe(JSON.stringify({ server: "zeta", uri: "test://readme", contents: [{ uri: "test://readme", mimeType: "text/plain", text: "hello from the resource" }] }));
      expect(out("c_missing")).toBe("resources/read failed: resources/read failed for `zeta` (test://missing): Mcp error: -32002: no resource test://missing");
      expect(out("c_unknown")).toBe("unknown MCP server 'nope'");
      expect(out("c_cursor")).toBe("cursor can only be used when a server is specified");
      expect(out("c_nouri")).toBe("failed to parse function arguments: missing field `uri`");

      const completed = mcpItems(server, threadId, turn.id, "item/completed");
      expect(completed.map((item) => item.id).sort()).toEqual(["c_all", "c_cursor", "c_missing", "c_one", "c_read", "c_templates"]);
      const byId = (id: string) => completed.find((item) => item.id === id);
      expect(byId("c_all")).toMatchObject({ server: "codex", tool: "list_mcp_resources", status: "completed", arguments: {}, result: { content: [{ type: "text", text: out("c_all") }], structuredContent: null, _meta: null }, error: null });
      expect(byId("c_read")).toMatchObject({ server: "zeta", tool: "read_mcp_resource", status: "completed" });
      expect(byId("c_missing")).toMatchObject({ status: "failed", result: null, error: { message: out("c_missing") } });
      expect(byId("c_cursor")).toMatchObject({ server: "codex", status: "failed", error: { message: "cursor can only be used when a server is specified" } });
    } finally {
      await server.close();
    }
  });

  it("are not offered without MCP servers", async () => {
    const server = await startTurnServer(mock, { codexHome: codexHomeWith("") });
    try {
      const threadId = await startThread(server);
      mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi"] }) });
      await turnCompleted(server, (await startTurn(server, threadId, text("hello"))).id);
      const names = (mock.requests[0]!.body.tools as any[]).map((t) => t.name);
      expect(names).not.toContain("list_mcp_resources");
      expect(names.filter((name) => String(name).startsWith("mcp__"))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
