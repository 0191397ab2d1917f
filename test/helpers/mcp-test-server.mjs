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
 */
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

export function createMcpTestServer(name = "mcp-test-server") {
  const server = new Server({ name, version: "1.2.3" }, { capabilities: { tools: {}, resources: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
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
        return { content: [{ type: "text", text: `${answer.action}: ${JSON.stringify(answer.content ?? null)}` }] };
      }
      case "huge":
        return { content: [{ type: "text", text: "x".repeat(args.bytes ?? 1024) }] };
      case "garbage":
        return { content: "not a list", isError: "maybe" };
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
