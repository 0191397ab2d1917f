import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, textResponse, type MockResponsesServer } from "../helpers/mock-responses.js";
import { runTurn, startThread, startTurnServer, text } from "../helpers/turns.js";
import { readZip } from "../helpers/zip-reader.js";
import { tmpDir } from "../helpers/tools.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const API_KEY = "sk-proj-" + "Q".repeat(12) + "ab12cd34ef56gh78";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ";

describe("feedback/save", () => {
  it("writes the thread's bundle (record, history, server log, extra logs) as a ZIP with every secret redacted", async () => {
    mock.enqueue({ type: "sse", events: textResponse({ deltas: [`Noted ${API_KEY}.`] }) });
    const server = await startTurnServer(mock, { env: { LOG_LEVEL: "debug" } });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text(`my key is ${API_KEY}`));
    const dir = tmpDir("aas-feedback-");
    const extra = path.join(dir, "client.log");
    writeFileSync(extra, `connecting\nAuthorization: Bearer ${JWT}\nkey=${API_KEY}\ndone\n`);
    const savePath = path.join(dir, "bundle.zip");

    const result = await server.call("feedback/save", {
      classification: "bug",
      reason: "the answer leaked my key",
      threadId,
      includeLogs: true,
      extraLogFiles: [extra],
      tags: { area: "turns" },
      savePath,
    });
    expect(result).toEqual({ savedPath: savePath, threadId, promptHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const entries = readZip(readFileSync(savePath));
    expect([...entries.keys()]).toEqual(["feedback.json", "thread.json", "history.jsonl", "server.log", "extra/0-client.log"]);
    expect(JSON.parse(entries.get("feedback.json")!)).toMatchObject({ classification: "bug", reason: "the answer leaked my key", tags: { area: "turns" }, threadId });
    expect(JSON.parse(entries.get("thread.json")!)).toMatchObject({ id: threadId });
    const history = entries.get("history.jsonl")!;
    expect(history).toContain("my key is [REDACTED]");
    expect(entries.get("extra/0-client.log")).toBe("connecting\nAuthorization: Bearer [REDACTED]\nkey=[REDACTED]\ndone\n");
    expect(entries.get("server.log")!.length).toBeGreaterThan(0);
    for (const [name, content] of entries) {
      expect(content, name).not.toContain(API_KEY);
      expect(content, name).not.toContain(JWT);
    }

    // The path must be absolute and unused; a missing extra log file is named.
    expect(await server.callError("feedback/save", { classification: "bug", savePath })).toMatchObject({ code: -32600, message: `savePath already exists: ${savePath}` });
    expect(await server.callError("feedback/save", { classification: "bug", savePath: "bundle.zip" })).toMatchObject({
      code: -32600,
      message: "savePath must be an absolute path: bundle.zip",
    });
    const missing = path.join(dir, "nope.log");
    expect(
      await server.callError("feedback/save", { classification: "bug", includeLogs: true, extraLogFiles: [missing], savePath: path.join(dir, "other.zip") }),
    ).toMatchObject({ code: -32600, message: `cannot read extra log file ${missing}: no such file` });

    // Without a thread: only the metadata, under a fresh id.
    const bare = await server.call("feedback/save", { classification: "idea", savePath: path.join(dir, "bare.zip") });
    expect(bare).toEqual({ savedPath: path.join(dir, "bare.zip"), threadId: expect.any(String), promptHash: null });
    expect([...readZip(readFileSync(path.join(dir, "bare.zip"))).keys()]).toEqual(["feedback.json"]);
    await server.close();
  });
});

interface Upload {
  headers: IncomingMessage["headers"];
  body: Buffer;
}

async function uploadEndpoint(status: number): Promise<{ url: string; uploads: Upload[]; close: () => Promise<void> }> {
  const uploads: Upload[] = [];
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      uploads.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/feedback`, uploads, close: () => new Promise((resolve) => http.close(() => resolve())) };
}

describe("feedback/upload", () => {
  it("refuses without a configured endpoint and says how to configure one", async () => {
    const server = await startTurnServer(mock);
    const error = await server.callError("feedback/upload", { classification: "bug" });
    expect(error.code).toBe(-32600);
    expect(error.message).toContain("feedback/upload has no endpoint");
    expect(error.message).toContain('[feedback] upload_url = "https://..."');
    expect(error.message).toContain("feedback/save");
    await server.close();
  });

  it("posts the redacted bundle to the configured endpoint only, and reports its failures", async () => {
    const endpoint = await uploadEndpoint(200);
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["ok"] }) });
    const server = await startTurnServer(mock, { args: ["-c", `feedback.upload_url="${endpoint.url}"`] });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text(`token ${API_KEY}`));
    const result = await server.call("feedback/upload", { classification: "bad result", threadId, includeLogs: true });
    expect(result).toEqual({ threadId, promptHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(endpoint.uploads).toHaveLength(1);
    const upload = endpoint.uploads[0]!;
    expect(upload.headers["content-type"]).toBe("application/zip");
    expect(upload.headers["x-feedback-thread-id"]).toBe(threadId);
    expect(upload.headers["x-feedback-classification"]).toBe("bad%20result");
    const entries = readZip(upload.body);
    expect(entries.get("history.jsonl")).toContain("token [REDACTED]");
    expect(upload.body.includes(API_KEY)).toBe(false);
    await server.close();
    await endpoint.close();

    const failing = await uploadEndpoint(503);
    const other = await startTurnServer(mock, { args: ["-c", `feedback.upload_url="${failing.url}"`] });
    expect(await other.callError("feedback/upload", { classification: "bug" })).toMatchObject({
      code: -32603,
      message: `feedback upload to ${new URL(failing.url).origin} failed: HTTP 503`,
    });
    await other.close();
    await failing.close();
  });
});
