/** Helpers for the tool-call and approval suites: scripted function calls and what the model got back. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { functionCallResponse, textResponse, type FunctionCallSpec, type MockResponsesServer, type RecordedRequest } from "./mock-responses.js";
import type { ServerProcess, WireMessage } from "./server-process.js";

export const FULL_ACCESS = { type: "dangerFullAccess" } as const;

/** An `exec_command` call (a shell command line) with a fixed call id. */
export function exec(callId: string, cmd: string, extra: Record<string, unknown> = {}): FunctionCallSpec {
  return { name: "exec_command", callId, arguments: { cmd, ...extra } };
}

/** A `write_stdin` call continuing session `sessionId`. */
export function writeStdin(callId: string, sessionId: number, chars: string, extra: Record<string, unknown> = {}): FunctionCallSpec {
  return { name: "write_stdin", callId, arguments: { session_id: sessionId, chars, ...extra } };
}

/** A patch sent the way models without an apply_patch tool send it: an `apply_patch` heredoc through `exec_command`. */
export function applyPatch(callId: string, patch: string): FunctionCallSpec {
  return exec(callId, `apply_patch <<'EOF'\n${patch}\nEOF`);
}

/** A patch through the freeform custom `apply_patch` tool (catalogue models with `apply_patch_tool_type: "freeform"`). */
export function freeformPatch(callId: string, patch: string): FunctionCallSpec {
  return { kind: "custom", name: "apply_patch", callId, input: patch };
}

/** `Chunk ID: …\nWall time: …\n<status line>\nOriginal token count: …\nOutput:\n` as a regex source (fact sheet §7.2). */
export function execOutputPattern(status: string, output: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^Chunk ID: [0-9a-f]{6}\nWall time: \\d+\\.\\d{4} seconds\n${escape(status)}\nOriginal token count: \\d+\nOutput:\n${escape(output)}$`);
}

/** Queues one model response per entry of `steps` (each a list of calls), then a final text answer. */
export function script(mock: MockResponsesServer, steps: FunctionCallSpec[][], finalText = "Done."): void {
  for (const calls of steps) mock.enqueue({ type: "sse", events: functionCallResponse({ calls }) });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: [finalText] }) });
}

/** The `function_call_output` (or `custom_tool_call_output`) the model received for `callId` in `request`. */
export function toolOutput(request: RecordedRequest, callId: string): any {
  const item = (request.body.input as any[]).find(
    (i) => (i.type === "function_call_output" || i.type === "custom_tool_call_output") && i.call_id === callId,
  );
  return item?.output;
}

/** Server → client requests received so far (optionally of one method). */
export function serverRequests(server: ServerProcess, method?: string): WireMessage[] {
  return server.received
    .map((r) => r.message)
    .filter((m) => typeof m.method === "string" && "id" in m && (method === undefined || m.method === method));
}

/** Position of the first received message matching `predicate` (-1 when none). */
export function indexOf(server: ServerProcess, predicate: (m: Record<string, any>) => boolean): number {
  return server.received.findIndex((r) => predicate(r.message as Record<string, any>));
}

export function tmpDir(prefix = "aas-tools-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A `*** Begin Patch` envelope around `body` lines. */
export function patchText(...body: string[]): string {
  return ["*** Begin Patch", ...body, "*** End Patch"].join("\n");
}

/** The `Wall time` header every MCP tool output starts with. */
export const MCP_OUTPUT_HEADER = /^Wall time: \d+\.\d{4} seconds\nOutput:$/;

/**
 * An MCP tool call's output as the model read it, checked to start with the
 * `Wall time` header: the texts after it (content items), or the text after
 * the header line (structured content).
 */
export function mcpOutputTexts(output: any): string[] {
  if (typeof output === "string") {
    const [header, ...rest] = output.split("\n");
    if (!MCP_OUTPUT_HEADER.test(`${header}\n${rest[0]}`)) throw new Error(`not an MCP output: ${output.slice(0, 200)}`);
    return [rest.slice(1).join("\n")];
  }
  if (!Array.isArray(output) || output[0]?.type !== "input_text" || !MCP_OUTPUT_HEADER.test(output[0].text)) {
    throw new Error(`not an MCP output: ${JSON.stringify(output).slice(0, 200)}`);
  }
  return output.slice(1).map((item: any) => (item.type === "input_text" ? item.text : JSON.stringify(item)));
}
