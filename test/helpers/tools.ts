/** Helpers for the tool-call and approval suites: scripted function calls and what the model got back. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { functionCallResponse, textResponse, type FunctionCallSpec, type MockResponsesServer, type RecordedRequest } from "./mock-responses.js";
import type { ServerProcess, WireMessage } from "./server-process.js";

export const FULL_ACCESS = { type: "dangerFullAccess" } as const;

/** A `shell` call (argv) with a fixed call id. */
export function shell(callId: string, command: string[], extra: Record<string, unknown> = {}): FunctionCallSpec {
  return { name: "shell", callId, arguments: { command, ...extra } };
}

export function applyPatch(callId: string, patch: string): FunctionCallSpec {
  return { name: "apply_patch", callId, arguments: { input: patch } };
}

/** Queues one model response per entry of `steps` (each a list of calls), then a final text answer. */
export function script(mock: MockResponsesServer, steps: FunctionCallSpec[][], finalText = "Done."): void {
  for (const calls of steps) mock.enqueue({ type: "sse", events: functionCallResponse({ calls }) });
  mock.enqueue({ type: "sse", events: textResponse({ deltas: [finalText] }) });
}

/** The `function_call_output` the model received for `callId` in `request`. */
export function toolOutput(request: RecordedRequest, callId: string): string | undefined {
  const item = (request.body.input as any[]).find((i) => i.type === "function_call_output" && i.call_id === callId);
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
