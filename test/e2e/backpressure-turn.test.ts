/**
 * A client that stops reading holds back the model stream of its turn, on
 * every transport alike: the server stops reading the model's reply while the
 * client's outbound backlog is over the high-water mark, instead of buffering
 * the whole reply in memory. When the client reads again, the turn completes
 * with every delta.
 */
import os from "node:os";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import type { Socket } from "node:net";
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deltaResponse, startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { ServerProcess } from "../helpers/server-process.js";
import { text, workdir } from "../helpers/turns.js";
import { WsClient, spawnListening, stopListeningServers } from "../helpers/ws-client.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
afterEach(async () => {
  mock.reset();
  await stopListeningServers();
});

const DELTAS = 800;
// ~6.5 MB of deltas and the same again in `output_item.done`:
// far more than the kernel buffers on both sides hold.
const CHUNK = "y".repeat(8 * 1024);
const SERVER_ARGS = () => [
  ...mock.configArgs("mock", { request_max_retries: 0, stream_max_retries: 0 }),
  "-c",
  'model="gpt-5.1-codex"',
  "--slow-client-timeout-ms",
  "60000",
  "--max-outbound-bytes",
  String(256 * 1024 * 1024),
];

/** The reply the mock is still writing (bytes the server has not read yet), if any. */
function openReply(): ServerResponse | undefined {
  return [...(mock as unknown as { openResponses: Set<ServerResponse> }).openResponses][0];
}

interface Client {
  call(method: string, params: unknown): Promise<any>;
  deltas(): number;
  completed(): boolean;
  pauseReading(): void;
  resumeReading(): void;
}

/**
 * `deltaResponse` without the closing events that repeat the whole text
 * (`output_text.done`, `content_part.done`, the output of `response.completed`):
 * the message is still taken from `output_item.done`.
 */
function leanDeltaResponse(): Array<{ type: string } & Record<string, unknown>> {
  const events = deltaResponse(DELTAS, CHUNK) as Array<{ type: string; response?: { output?: unknown[] } }>;
  return events
    .filter((event) => event.type !== "response.output_text.done" && event.type !== "response.content_part.done")
    .map((event) => (event.type === "response.completed" ? { ...event, response: { ...event.response, output: [] } } : event));
}

async function stdioClient(): Promise<Client> {
  const server = new ServerProcess({ args: ["app-server", ...SERVER_ARGS()], env: { MOCK_API_KEY: "mock-key" } });
  await server.initialize();
  return {
    call: (method, params) => server.call(method, params),
    deltas: () => server.notifications("item/agentMessage/delta").length,
    completed: () => server.notifications("turn/completed").length > 0,
    pauseReading: () => server.child.stdout.pause(),
    resumeReading: () => server.child.stdout.resume(),
  };
}

async function socketClient(listen: string): Promise<Client> {
  const { endpoint } = await spawnListening(listen, { args: SERVER_ARGS(), env: { MOCK_API_KEY: "mock-key" } });
  const ws = await WsClient.connect(endpoint, { record: false });
  await ws.initialize();
  let deltas = 0;
  let completed = false;
  ws.ws.on("message", (data: Buffer) => {
    const textFrame = data.toString("utf8");
    if (textFrame.startsWith('{"method":"item/agentMessage/delta"')) deltas++;
    else if (textFrame.startsWith('{"method":"turn/completed"')) completed = true;
  });
  const socket = (ws.ws as unknown as { _socket: Socket })._socket;
  return {
    call: (method, params) => ws.call(method, params),
    deltas: () => deltas,
    completed: () => completed,
    pauseReading: () => socket.pause(),
    resumeReading: () => socket.resume(),
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const transports: Array<[string, () => Promise<Client>]> = [
  ["stdio", stdioClient],
  ["websocket", () => socketClient("ws://127.0.0.1:0")],
  ["unix socket", () => socketClient(`unix://${path.join(mkdtempSync(path.join(os.tmpdir(), "aas-bp-")), "s.sock")}`)],
];

describe("a slow reader pauses the model stream of its turn", () => {
  it.each(transports)("%s", async (_name, connect) => {
    const client = await connect();
    mock.enqueue({ type: "sse", events: leanDeltaResponse() });
    const { thread } = await client.call("thread/start", { cwd: workdir() });
    client.pauseReading();
    // Sent while paused: only the request goes out; its answer waits in the pipe.
    void client.call("turn/start", { threadId: thread.id, input: text("stream a lot") });
    await mock.waitForRequest(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // The server stopped reading the model's reply: most of it is still on the mock's side.
    const reply = openReply();
    expect(reply, "the model reply was read to the end while the client read nothing").toBeDefined();
    expect(reply!.writableLength).toBeGreaterThan(2 * 1024 * 1024);
    expect(client.completed()).toBe(false);

    client.resumeReading();
    await waitUntil(() => client.completed(), 90_000, `turn/completed (${client.deltas()} deltas so far)`);
    expect(client.deltas()).toBe(DELTAS);
  }, 120_000);
});
