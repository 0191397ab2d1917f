import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logging/logger.js";
import { AppServer } from "../../src/server/app-server.js";
import { createInProcessPair } from "../../src/transport/in-process.js";
import { checkMessages, formatProblem } from "../helpers/conformance.js";
import { InProcessServer } from "../helpers/in-process-server.js";

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("initialize handshake", () => {
  it("answers initialize with the reference's fields and gates other requests", async () => {
    server = new InProcessServer();
    const early = await server.callError("mock/experimentalMethod", {});
    expect(early).toEqual({ code: -32600, message: "Not initialized" });

    const result = await server.initialize();
    expect(result.codexHome).toBe(server.codexHome);
    expect(result.platformFamily).toBe("unix");
    expect(result.platformOs).toBe("linux");
    expect(result.userAgent).toMatch(/^test_client\/0\.169\.0 \(.+; .+\) .+ \(test_client; 0\.0\.1\)$/);

    const again = await server.callError("initialize", { clientInfo: { name: "x", version: "1" } });
    expect(again).toEqual({ code: -32600, message: "Already initialized" });
  });

  it("parses before it gates: a malformed request before initialize gets Invalid request, a valid one Not initialized", async () => {
    server = new InProcessServer();
    expect(await server.callError("mock/experimentalMethod", { value: 5 })).toEqual({
      code: -32600,
      message: "Invalid request: invalid type: integer `5`, expected a string at `value`",
    });
    expect(await server.callError("mock/experimentalMethod")).toEqual({
      code: -32600,
      message: "Invalid request: missing field `params`",
    });
    const unknown = await server.callError("thread/bogus", {});
    expect(unknown.code).toBe(-32600);
    expect(unknown.message).toMatch(/^Invalid request: unknown variant `thread\/bogus`, expected one of `[^`]+`(, `[^`]+`)*$/);
    expect(await server.callError("mock/experimentalMethod", { value: "ok" })).toEqual({ code: -32600, message: "Not initialized" });
  });

  it("stays usable after Already initialized, with the first initialize's capabilities", async () => {
    server = new InProcessServer();
    await server.initialize({ experimentalApi: true });
    expect(await server.callError("initialize", { clientInfo: { name: "y", version: "2" } })).toEqual({
      code: -32600,
      message: "Already initialized",
    });
    expect(await server.call("mock/experimentalMethod", { value: "still" })).toEqual({ echoed: "still" });
  });

  it("rejects a clientInfo.name that is not a valid HTTP header value, with the reference's message", async () => {
    server = new InProcessServer();
    for (const name of ["bad\nname", "tab\tinside\u0001", " leading", "emoji🙂"]) {
      expect(await server.callError("initialize", { clientInfo: { name, version: "1" } })).toEqual({
        code: -32600,
        message: `Invalid clientInfo.name: '${name}'. Must be a valid HTTP header value.`,
      });
    }
    // A failed initialize leaves the connection uninitialized; a good one then succeeds.
    expect(await server.callError("mock/experimentalMethod", {})).toEqual({ code: -32600, message: "Not initialized" });
    expect((await server.initialize()).userAgent).toMatch(/^test_client\//);
  });

  it("accepts string and integer request ids, echoing them back exactly", async () => {
    server = new InProcessServer();
    const response = await server.request("initialize", { clientInfo: { name: "ids", version: "1" } }, "init-1");
    expect(response.id).toBe("init-1");
    expect((await server.request("initialize", { clientInfo: { name: "ids", version: "1" } }, 0)).id).toBe(0);
    expect((await server.request("initialize", { clientInfo: { name: "ids", version: "1" } }, 2 ** 40)).id).toBe(2 ** 40);
  });
});

describe("experimental API gating", () => {
  it("refuses mock/experimentalMethod without the experimentalApi capability", async () => {
    server = new InProcessServer();
    await server.initialize();
    expect(await server.callError("mock/experimentalMethod", { value: "x" })).toEqual({
      code: -32600,
      message: "mock/experimentalMethod requires experimentalApi capability",
    });
  });

  it("refuses it when experimentalApi is explicitly false", async () => {
    server = new InProcessServer();
    await server.initialize({ experimentalApi: false });
    expect((await server.callError("mock/experimentalMethod", {})).message).toBe(
      "mock/experimentalMethod requires experimentalApi capability",
    );
  });

  it("echoes with experimentalApi, null when no value is given", async () => {
    server = new InProcessServer();
    await server.initialize({ experimentalApi: true });
    expect(await server.call("mock/experimentalMethod", { value: "hello" })).toEqual({ echoed: "hello" });
    expect(await server.call("mock/experimentalMethod", {})).toEqual({ echoed: null });
    expect(await server.call("mock/experimentalMethod", { value: null })).toEqual({ echoed: null });
  });
});

describe("optOutNotificationMethods", () => {
  /** A CODEX_HOME whose config.toml does not parse: the server sends configWarning after initialize. */
  function brokenConfigHome(): string {
    const home = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    writeFileSync(path.join(home, "config.toml"), "model = [unclosed\n");
    return home;
  }

  /** Initializes, then makes one more round trip so anything sent after the initialize response has arrived. */
  async function initializeAndSettle(s: InProcessServer, capabilities: Record<string, unknown> | null) {
    await s.initialize(capabilities);
    await s.callError("initialize", { clientInfo: { name: "x", version: "1" } });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it("configWarning reaches a client that did not opt out (positive control)", async () => {
    server = new InProcessServer({ codexHome: brokenConfigHome() });
    await server.initialize({ optOutNotificationMethods: ["warning", "configwarning", "config*"] });
    const warning = await server.waitForNotification("configWarning");
    expect(warning.summary).toMatch(/config\.toml/);
  });

  it("is honoured for configWarning", async () => {
    server = new InProcessServer({ codexHome: brokenConfigHome() });
    await initializeAndSettle(server, { optOutNotificationMethods: ["configWarning"] });
    expect(server.notifications("configWarning")).toEqual([]);
    expect(server.notifications().map((m) => m.method)).toEqual(["remoteControl/status/changed"]);
  });

  it("routes in-process: opted-out methods are not written, others are, nothing before initialize", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    const app = new AppServer({ codexHome, configOverrides: [], logger: silentLogger() });
    const { transport, client } = createInProcessPair();
    const lines: string[] = [];
    client.onLine((line) => lines.push(line));
    const session = app.attach(transport);
    try {
      app.broadcast("deprecationNotice", { summary: "before initialize", details: null });
      expect(session.wantsNotification("deprecationNotice")).toBe(false);

      client.send({
        id: 1,
        method: "initialize",
        params: { clientInfo: { name: "inproc", version: "1" }, capabilities: { optOutNotificationMethods: ["warning", "unknown/method"] } },
      });
      const deadline = Date.now() + 5_000;
      while (!lines.some((l) => l.startsWith('{"id":1,')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(session.wantsNotification("warning")).toBe(false);
      expect(session.wantsNotification("deprecationNotice")).toBe(true);

      app.broadcast("warning", { threadId: null, message: "opted out" });
      app.broadcast("deprecationNotice", { summary: "after initialize", details: null });
      await new Promise((resolve) => setTimeout(resolve, 20));

      const messages = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(messages.map((m) => m.method ?? `response ${String(m.id)}`)).toEqual([
        "response 1",
        "remoteControl/status/changed",
        "deprecationNotice",
      ]);
      expect(messages[2]!.params).toEqual({ summary: "after initialize", details: null });
      const problems = checkMessages(messages.map((message) => ({ message, requestMethod: "id" in message ? "initialize" : undefined })));
      expect(problems.map(formatProblem)).toEqual([]);

      session.close();
      expect(session.wantsNotification("deprecationNotice")).toBe(false);
    } finally {
      app.shutdown();
    }
  });
});
