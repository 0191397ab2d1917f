/**
 * vitest setup file (vitest.config.ts `setupFiles`): everything each
 * ServerProcess writes to stdout is checked against the reference schema
 * (test/helpers/conformance.ts); any problem, or any stdout line that is not a
 * JSON object, fails the test.
 *
 * - Servers created during a test are closed (EOF) after it if still running,
 *   so their output is complete, and checked.
 * - Servers created outside a test (beforeAll) are checked after every test
 *   without being closed, and closed and checked once more after the file.
 * - Every WebSocket client's received frames are checked the same way.
 */
import { afterAll, afterEach, beforeEach } from "vitest";
import { ServerProcess } from "./server-process.js";
import { WsClient } from "./ws-client.js";

let preexisting = new Set<ServerProcess>();
const reported = new WeakMap<ServerProcess, Set<string>>();

async function finish(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) await server.close();
  await server.stdioClosed;
}

/** Problems of `server` not reported before, formatted for the failure message. */
function newProblems(server: ServerProcess): string[] {
  const seen = reported.get(server) ?? new Set<string>();
  reported.set(server, seen);
  const fresh = server.conformanceProblems().filter((p) => !seen.has(p));
  for (const p of fresh) seen.add(p);
  return fresh.length === 0 ? [] : [`server pid ${server.child.pid} (${server.received.length} messages received):`, ...fresh.map((p) => `  ${p}`)];
}

const reportedWs = new WeakMap<WsClient, Set<string>>();

/** Problems in what WebSocket clients received, not reported before. */
function wsProblems(): string[] {
  const report: string[] = [];
  for (const client of WsClient.live) {
    const seen = reportedWs.get(client) ?? new Set<string>();
    reportedWs.set(client, seen);
    const fresh = client.conformanceProblems().filter((p) => !seen.has(p));
    for (const p of fresh) seen.add(p);
    if (fresh.length > 0) report.push("websocket client:", ...fresh.map((p) => `  ${p}`));
  }
  return report;
}

function fail(report: string[]): void {
  if (report.length > 0) throw new Error(`server output does not conform to the reference protocol:\n${report.join("\n")}`);
}

beforeEach(() => {
  preexisting = new Set(ServerProcess.live);
});

afterEach(async () => {
  const report: string[] = [];
  for (const server of [...ServerProcess.live]) {
    if (preexisting.has(server)) {
      report.push(...newProblems(server));
      continue;
    }
    ServerProcess.live.delete(server);
    await finish(server);
    report.push(...newProblems(server));
  }
  report.push(...wsProblems());
  fail(report);
});

afterAll(async () => {
  const report: string[] = [];
  for (const server of [...ServerProcess.live]) {
    ServerProcess.live.delete(server);
    await finish(server);
    report.push(...newProblems(server));
  }
  fail(report);
});
