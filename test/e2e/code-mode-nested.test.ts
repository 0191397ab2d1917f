/**
 * Code mode's namespaced nested tools, as codex-cli 0.169.0 exposes them
 * (observed against the reference with the same MCP test server): MCP tools
 * as `tools.mcp__<server>__<tool>` resolving with the `CallToolResult`,
 * sub-agent tools of multi-agent v1 models as `tools.multi_agent_v1__<name>`;
 * both listed in `ALL_TOOLS` but not described in the `exec` tool. And the
 * `additional_tools` namespaces per catalogue model.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codexHomeWith, mcpMarker, stdioServerToml } from "../helpers/mcp-servers.js";
import { functionCallResponse, startMockResponses, textResponse, type MockResponsesServer, type RecordedRequest } from "../helpers/mock-responses.js";
import type { ServerProcess } from "../helpers/server-process.js";
import { startTurn, startTurnServer, text, turnCompleted, turnStream, workdir } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const HEADER = (status: string) => new RegExp(`^${status}\nWall time \\d+\\.\\d seconds\nOutput:\n`);

function execOutput(request: RecordedRequest, callId: string): any {
  return (request.body.input as any[]).find((i) => i.type === "custom_tool_call_output" && i.call_id === callId)?.output;
}

function enqueueExec(callId: string, source: string): void {
  mock.enqueue({ type: "sse", events: functionCallResponse({ calls: [{ kind: "custom", name: "exec", callId, input: source }] as never }) });
}

async function runTurn(server: ServerProcess, model: string) {
  const thread = await server.call("thread/start", { cwd: workdir(), model, sandbox: "danger-full-access", approvalPolicy: "never" });
  const threadId = thread.thread.id as string;
  const turn = await startTurn(server, threadId, text("go"));
  const completed = await turnCompleted(server, turn.id, 30_000);
  expect(completed.turn.status).toBe("completed");
  return { threadId, turnId: turn.id as string };
}

function additionalTools(request: RecordedRequest): any[] {
  const first = (request.body.input as any[])[0];
  expect(first.type).toBe("additional_tools");
  return first.tools;
}

describe("MCP tools inside exec scripts", () => {
  it("are tools.mcp__<server>__<tool>: in ALL_TOOLS with their declaration, CallToolResult answers, mcpToolCall items", async () => {
    const source = [
      "text(JSON.stringify(ALL_TOOLS.map((t) => t.name).filter((n) => n.startsWith(\"mcp__\"))));",
      'text(ALL_TOOLS.find((t) => t.name === "mcp__tester__echo").description);',
      'text(JSON.stringify(await tools.mcp__tester__echo({ text: "hi" })));',
      "text(JSON.stringify(await tools.mcp__tester__add({ a: 1, b: 2 })));",
      'try { await tools.mcp__tester__echo("bad"); } catch (e) { text("rejected: " + e); }',
      "const broken = await tools.mcp__tester__garbage({});",
      "text(JSON.stringify([broken.isError, broken.content.length, broken.content[0].type, broken.content[0].text.startsWith(\"tool call error: \")]));",
    ].join("\n");
    enqueueExec("call_mcp", source);
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(stdioServerToml("tester", mcpMarker())) });
    const { threadId, turnId } = await runTurn(server, "gpt-6.1-sol");

    const exec = additionalTools(mock.requests[0]!)[0].tools[0];
    // Deferred: reachable from scripts, not described in the exec tool; the MCP result types are.
    expect(exec.description).not.toContain("mcp__tester__echo");
    expect(exec.description).toContain("Shared MCP Types:");
    expect(exec.description).toContain("type CallToolResult<");

    const output = execOutput(mock.requests[1]!, "call_mcp");
    expect(output[0].text).toMatch(HEADER("Script completed"));
    expect(output.slice(1).map((item: any) => item.text)).toEqual([
      JSON.stringify(["mcp__tester__add", "mcp__tester__ask", "mcp__tester__crash", "mcp__tester__echo", "mcp__tester__garbage", "mcp__tester__huge", "mcp__tester__remove", "mcp__tester__slow"]),
      "Echoes the text back.\n\nexec tool declaration:\n```ts\ndeclare const tools: { mcp__tester__echo(args: { text: string; }): Promise<CallToolResult>; };\n```",
      JSON.stringify({ content: [{ type: "text", text: "echo: hi" }] }),
      JSON.stringify({ content: [{ type: "text", text: "3" }], structuredContent: { sum: 3 } }),
      "rejected: tool `mcp__testerecho` expects a JSON object for arguments",
      JSON.stringify([true, 1, "text", true]),
    ]);
    // The nested calls are not in the model's context; they are mcpToolCall items of the turn.
    expect((mock.requests[1]!.body.input as any[]).filter((i) => i.type === "function_call")).toEqual([]);
    const items = turnStream(server, threadId, turnId)
      .filter((m) => m.method === "item/completed")
      .map((m) => (m.params as any).item)
      .filter((item) => item.type === "mcpToolCall");
    expect(items.map((item) => [item.server, item.tool, item.status])).toEqual([
      ["tester", "echo", "completed"],
      ["tester", "add", "completed"],
      ["tester", "garbage", "failed"],
    ]);
    for (const item of items) expect(item.id).toMatch(/^exec-[0-9a-f-]{36}$/);
    expect(items[0].arguments).toEqual({ text: "hi" });
    expect(items[0].result).toEqual({ content: [{ type: "text", text: "echo: hi" }], structuredContent: null, _meta: null });
    expect(items[1].result.structuredContent).toEqual({ sum: 3 });
    await server.close();
  }, 60_000);
});

describe("MCP resource tools inside exec scripts", () => {
  it("list and read resources as JSON text, with mcpToolCall items; unknown servers and missing fields reject", async () => {
    const source = [
      "text(await tools.list_mcp_resources({}));",
      'text(await tools.list_mcp_resources({ server: "tester" }));',
      "text(await tools.list_mcp_resource_templates({}));",
      'text(await tools.read_mcp_resource({ server: "tester", uri: "test://readme" }));',
      'try { await tools.read_mcp_resource({ server: "nope", uri: "x" }); } catch (e) { text("rejected: " + e); }',
      'try { await tools.read_mcp_resource({ server: "tester" }); } catch (e) { text("rejected: " + e); }',
    ].join("\n");
    enqueueExec("call_resources", source);
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(stdioServerToml("tester", mcpMarker())) });
    const { threadId, turnId } = await runTurn(server, "gpt-6.1-sol");
    const exec = additionalTools(mock.requests[0]!)[0].tools[0];
    for (const name of ["list_mcp_resources", "list_mcp_resource_templates", "read_mcp_resource"]) expect(exec.description).toContain(`### \`${name}\``);

    const resource = { server: "tester", uri: "test://readme", name: "readme", description: "A test resource.", mimeType: "text/plain" };
    const output = execOutput(mock.requests[1]!, "call_resources");
    expect(output[0].text).toMatch(HEADER("Script completed"));
    expect(output.slice(1).map((item: any) => item.text)).toEqual([
      JSON.stringify({ resources: [resource] }),
      JSON.stringify({ server: "tester", resources: [resource] }),
      JSON.stringify({ resourceTemplates: [{ server: "tester", uriTemplate: "test://files/{name}", name: "files" }] }),
      JSON.stringify({ server: "tester", uri: "test://readme", contents: [{ uri: "test://readme", mimeType: "text/plain", text: "hello from the resource" }] }),
      "rejected: unknown MCP server 'nope'",
      "rejected: failed to parse function arguments: missing field `uri`",
    ]);
    const items = turnStream(server, threadId, turnId)
      .filter((m) => m.method === "item/completed")
      .map((m) => (m.params as any).item)
      .filter((item) => item.type === "mcpToolCall");
    expect(items.map((item) => [item.server, item.tool, item.status, item.arguments])).toEqual([
      ["codex", "list_mcp_resources", "completed", {}],
      ["tester", "list_mcp_resources", "completed", { server: "tester" }],
      ["codex", "list_mcp_resource_templates", "completed", {}],
      ["tester", "read_mcp_resource", "completed", { server: "tester", uri: "test://readme" }],
    ]);
    expect(items[0].result).toEqual({ content: [{ type: "text", text: JSON.stringify({ resources: [resource] }) }], structuredContent: null, _meta: null });
    await server.close();
  }, 60_000);
});

describe("additional_tools per catalogue model", () => {
  it("gpt-5.6-luna (multi-agent v1): functions without request_user_input_async, no clock or collaboration, sub-agent tools nested", async () => {
    const source = [
      "text(JSON.stringify(ALL_TOOLS.map((t) => t.name).filter((n) => n.startsWith(\"multi_agent_v1\"))));",
      'const spawned = await tools.multi_agent_v1__spawn_agent({ message: "say hi" });',
      "const waited = await tools.multi_agent_v1__wait_agent({ targets: [spawned.agent_id], timeout_ms: 20000 });",
      "text(JSON.stringify(Object.values(waited.status)));",
    ].join("\n");
    enqueueExec("call_agents", source);
    // The sub-agent's request comes while the script waits.
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["hi from the sub-agent"] }) });
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["Done."] }) });
    const server = await startTurnServer(mock);
    const { threadId, turnId } = await runTurn(server, "gpt-5.6-luna");

    const namespaces = additionalTools(mock.requests[0]!);
    expect(namespaces.map((ns) => ns.name)).toEqual(["functions"]);
    expect(namespaces[0].tools.map((t: any) => t.name)).toEqual(["exec", "wait", "request_user_input"]);
    expect(namespaces[0].tools[0].description).not.toContain("multi_agent_v1__spawn_agent");
    const developer = (mock.requests[0]!.body.input as any[]).filter((i) => i.type === "message" && i.role === "developer").map((i) => i.content[0].text as string);
    expect(developer.some((t) => t.startsWith("<multi_agent_role>") || t.startsWith("<multi_agent_mode>"))).toBe(false);

    const main = mock.requests.find((r) => (r.body.input as any[]).some((i) => i.type === "custom_tool_call_output" && i.call_id === "call_agents"))!;
    const output = execOutput(main, "call_agents");
    expect(output[0].text).toMatch(HEADER("Script completed"));
    expect(output[1].text).toBe(
      JSON.stringify(["multi_agent_v1__close_agent", "multi_agent_v1__resume_agent", "multi_agent_v1__send_input", "multi_agent_v1__spawn_agent", "multi_agent_v1__wait_agent"]),
    );
    expect(output[2].text).toBe(JSON.stringify([{ completed: "hi from the sub-agent" }]));
    const collab = turnStream(server, threadId, turnId)
      .filter((m) => m.method === "item/completed")
      .map((m) => (m.params as any).item)
      .filter((item) => item.type === "collabAgentToolCall");
    expect(collab.map((item) => item.tool)).toEqual(["spawnAgent", "wait"]);
    for (const item of collab) expect(item.id).toMatch(/^exec-[0-9a-f-]{36}$/);
    await server.close();
  }, 60_000);

  it("gpt-5.6-sol (v2, no experimental tools): functions without request_user_input_async, collaboration, no clock", async () => {
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    const server = await startTurnServer(mock);
    await runTurn(server, "gpt-5.6-sol");
    const namespaces = additionalTools(mock.requests[0]!);
    expect(namespaces.map((ns) => ns.name)).toEqual(["functions", "collaboration"]);
    expect(namespaces[0].tools.map((t: any) => t.name)).toEqual(["exec", "wait", "request_user_input"]);
    await server.close();
  });
});
