import { randomBytes } from "node:crypto";
import type { TruncationPolicy } from "../../../model/catalog-entry.js";
import { approxTokenCount, formatOutputForModel } from "./truncation.js";

/** What one `exec_command` / `write_stdin` call reports back. */
export interface ExecResponseFields {
  chunkId: string;
  wallTimeMs: number;
  /** Set when the process ended during this call… */
  exitCode: number | null;
  /** …otherwise the id to pass to `write_stdin`. */
  sessionId: number | null;
  /** ⌈bytes / 4⌉ of the output before truncation. */
  originalTokenCount: number;
  /** The `Output:` section, already truncated. */
  output: string;
}

/** A fresh chunk id: six lowercase hex digits. */
export function newChunkId(): string {
  return randomBytes(3).toString("hex");
}

/** Seconds with four decimals, as `Wall time:` shows them. */
export function formatWallTime(ms: number): string {
  return (ms / 1000).toFixed(4);
}

/**
 * The exact tool output text (fact sheet §7.2):
 *
 *     Chunk ID: 53e9f8
 *     Wall time: 1.0216 seconds
 *     Process exited with code 0          (or: Process running with session ID N)
 *     Original token count: 8
 *     Output:
 *     <output>
 */
export function formatExecResponse(fields: ExecResponseFields): string {
  const lines = [`Chunk ID: ${fields.chunkId}`, `Wall time: ${formatWallTime(fields.wallTimeMs)} seconds`];
  if (fields.exitCode !== null) lines.push(`Process exited with code ${fields.exitCode}`);
  else if (fields.sessionId !== null) lines.push(`Process running with session ID ${fields.sessionId}`);
  lines.push(`Original token count: ${fields.originalTokenCount}`, "Output:", fields.output);
  return lines.join("\n");
}

/** Builds the response text from a call's raw output and the output policy. */
export function renderExecResponse(
  rawOutput: string,
  call: { chunkId?: string; wallTimeMs: number; exitCode: number | null; sessionId: number | null; policy: TruncationPolicy },
): { text: string; fields: ExecResponseFields } {
  const fields: ExecResponseFields = {
    chunkId: call.chunkId ?? newChunkId(),
    wallTimeMs: call.wallTimeMs,
    exitCode: call.exitCode,
    sessionId: call.exitCode === null ? call.sessionId : null,
    originalTokenCount: approxTokenCount(rawOutput),
    output: formatOutputForModel(rawOutput, call.policy),
  };
  return { text: formatExecResponse(fields), fields };
}
