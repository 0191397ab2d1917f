/**
 * An MCP server for the tests, built with the MCP SDK's server side.
 * `node mcp-test-server.mjs <marker>` serves it over stdio (the marker lets a
 * test find the process); `createMcpTestServer()` returns one for other transports.
 *
 * Tools: `echo {text}` (text content), `add {a, b}` (structured content),
 * `slow {ms, steps}` (progress notifications, then `slept`), `crash` (exits),
 * `remove {path}` (annotated destructive), `ask {question}` (asks the client
 * through an elicitation and reports the answer), `huge {bytes}` (one text of
 * that many bytes), `garbage` (a result that is not a CallToolResult).
 * Resource: `test://readme` (text).
 *
 * With MCP_TEST_CALL_LOG set to a file path, `ask` appends the answer it got
 * (`{"tool":"ask","answer":{...}}`) and `remove` its call (`{"tool":"remove","path":...}`),
 * one JSON line each: what the server saw, for tests whose client never sees the result.
 */
import { appendFileSync } from "node:fs";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ElicitResultSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

const TOOLS = [
  {
    name: "echo",
    description: "Echoes the text back.",
    inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    annotations: { readOnlyHint: true },
  },
  {
    name: "add",
    description: "Adds two numbers.",
    inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
  },
  {
    name: "slow",
    description: "Sleeps, reporting progress.",
    inputSchema: { type: "object", properties: { ms: { type: "number" }, steps: { type: "number" } } },
  },
  { name: "crash", description: "Exits the server process.", inputSchema: { type: "object", properties: {} } },
  {
    name: "remove",
    title: "Remove a file",
    description: "Removes a file.",
    inputSchema: { type: "object", properties: { path: { type: "string" } } },
    annotations: { destructiveHint: true },
  },
  { name: "ask", description: "Asks the user for a name.", inputSchema: { type: "object", properties: { question: { type: "string" } } } },
  { name: "huge", description: "Returns a very long text.", inputSchema: { type: "object", properties: { bytes: { type: "number" } } } },
  { name: "garbage", description: "Returns a malformed result.", inputSchema: { type: "object", properties: {} } },
];

/**
 * With MCP_TEST_EXTRA set, the server also gives `instructions` and two more
 * tools: `shapes` (an input schema using keywords the model never sees,
 * including a boolean subschema) and `picture` (text and an image).
 */
const EXTRA_TOOLS = [
  {
    name: "shapes",
    title: "Shapes",
    description: "Takes every kind of argument.",
    inputSchema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      title: "T",
      properties: {
        some: { anyOf: [{ type: "string" }, { type: "number", minimum: 1 }], description: "either" },
        fixed: { const: "x" },
        when: { format: "date-time", pattern: "^2", default: "d" },
        anything: true,
        vague: { description: "no type" },
        count: { type: "integer", maximum: 5 },
        map: { type: "object", additionalProperties: { type: "integer" } },
        list: { type: "array" },
        pick: { enum: ["a", "b"] },
        "z-last": { type: ["string", "null"] },
      },
      required: ["some"],
    },
    outputSchema: { type: "object", properties: { ok: { type: "boolean" } } },
  },
  { name: "picture", description: "Returns a picture.", inputSchema: { type: "object" } },
];
/**
 * With MCP_TEST_BIG set, two more tools for the result-size tests: `blocks
 * {texts, extra, isError, meta}` (one text block per string given, then the
 * `extra` blocks, `isError` and `_meta` as given) and `structured {bytes}` (a
 * short text with `structuredContent` holding that many bytes).
 */
const BIG_TOOLS = [
  { name: "blocks", description: "Returns one text block per string.", inputSchema: { type: "object", properties: { texts: { type: "array", items: { type: "string" } }, extra: { type: "array" }, isError: { type: "boolean" }, meta: { type: "object" } } } },
  { name: "structured", description: "Returns large structured content.", inputSchema: { type: "object", properties: { bytes: { type: "number" } } } },
];
const PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

function logCall(entry) {
  if (process.env.MCP_TEST_CALL_LOG) appendFileSync(process.env.MCP_TEST_CALL_LOG, `${JSON.stringify(entry)}\n`);
}

export function createMcpTestServer(name = "mcp-test-server") {
  const extra = Boolean(process.env.MCP_TEST_EXTRA);
  const server = new Server(
    { name, version: "1.2.3" },
    { capabilities: { tools: {}, resources: {} }, ...(extra ? { instructions: "Use these test tools." } : {}) },
  );
  const big = Boolean(process.env.MCP_TEST_BIG);
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...TOOLS, ...(extra ? EXTRA_TOOLS : []), ...(big ? BIG_TOOLS : [])] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments ?? {};
    switch (request.params.name) {
      case "echo":
        return { content: [{ type: "text", text: `echo: ${args.text}` }] };
      case "add":
        return { content: [{ type: "text", text: String(args.a + args.b) }], structuredContent: { sum: args.a + args.b } };
      case "slow": {
        const steps = args.steps ?? 2;
        const token = request.params._meta?.progressToken;
        for (let step = 1; step <= steps; step++) {
          await new Promise((resolve) => setTimeout(resolve, (args.ms ?? 100) / steps));
          if (token !== undefined) {
            await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: step, total: steps, message: `step ${step} of ${steps}` } });
          }
        }
        // The SDK client handles a notification a microtask later than a response: give the last progress a moment.
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { content: [{ type: "text", text: "slept" }] };
      }
      case "crash":
        process.exit(3);
      case "remove":
        logCall({ tool: "remove", path: args.path });
        return { content: [{ type: "text", text: `removed ${args.path}` }] };
      case "ask": {
        const answer = await extra.sendRequest(
          {
            method: "elicitation/create",
            params: {
              mode: "form",
              message: args.question ?? "What is your name?",
              requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
            },
          },
          ElicitResultSchema,
        );
        logCall({ tool: "ask", answer });
        return { content: [{ type: "text", text: `${answer.action}: ${JSON.stringify(answer.content ?? null)}` }] };
      }
      case "huge":
        return { content: [{ type: "text", text: "x".repeat(args.bytes ?? 1024) }] };
      case "garbage":
        return { content: "not a list", isError: "maybe" };
      case "blocks":
        return {
          content: [...(args.texts ?? []).map((text) => ({ type: "text", text })), ...(args.extra ?? [])],
          ...(args.isError !== undefined ? { isError: args.isError } : {}),
          ...(args.meta !== undefined ? { _meta: args.meta } : {}),
        };
      case "structured":
        return { content: [{ type: "text", text: "see structured" }], structuredContent: { data: "s".repeat(args.bytes ?? 16) } };
      case "shapes":
        return { content: [{ type: "text", text: JSON.stringify(args) }] };
      case "picture":
        return {
          content: [
            { type: "text", text: "a pixel" },
            { type: "image", data: PIXEL, mimeType: "image/png" },
            { type: "resource", resource: { uri: "test://readme", text: "inline", mimeType: "text/plain" } },
          ],
        };
      default:
        return { content: [{ type: "text", text: `unknown tool ${request.params.name}` }], isError: true };
    }
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [{ uri: "test://readme", name: "readme", mimeType: "text/plain", description: "A test resource." }],
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [{ uriTemplate: "test://files/{name}", name: "files" }],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    if (request.params.uri !== "test://readme") throw Object.assign(new Error(`no resource ${request.params.uri}`), { code: -32002 });
    return { contents: [{ uri: "test://readme", mimeType: "text/plain", text: "hello from the resource" }] };
  });
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.MCP_TEST_FAIL_AT_START) {
    process.stderr.write("refusing to start\n");
    process.exit(2);
  }
  // A server that is slow to come up (MCP_TEST_START_DELAY_MS) for the startup-wait tests.
  const delay = Number(process.env.MCP_TEST_START_DELAY_MS ?? 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  await createMcpTestServer().connect(new StdioServerTransport());
}
