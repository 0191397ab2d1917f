import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "../helpers/server-process.js";

// The checker's own tests, and the in-process harness's, are in test/unit/conformance.test.ts.
describe("the harness checks every spawned server", () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("records responses with their request method and finds nothing wrong in a real session", async () => {
    server = new ServerProcess();
    await server.initialize({ experimentalApi: true });
    server.sendRaw(JSON.stringify({ id: "raw", method: "mock/experimentalMethod", params: { value: "v" } }));
    await server.waitFor((m) => m.id === "raw");
    expect(server.received.find((r) => r.message.id === "raw")?.requestMethod).toBe("mock/experimentalMethod");
    expect(server.conformanceProblems()).toEqual([]);
  });

  it("reports a non-conforming message and non-JSON stdout lines", async () => {
    server = new ServerProcess();
    await server.initialize();
    const injected = { message: { id: 1, result: { userAgent: 5 } }, requestMethod: "initialize" };
    server.received.push(injected);
    server.badLines.push("not json");
    const problems = server.conformanceProblems();
    expect(problems).toContain("stdout line is not a JSON object: not json");
    expect(problems.some((p) => p.startsWith("response to initialize (id 1): result.userAgent"))).toBe(true);
    // Undo the injection so the automatic after-test check passes.
    server.received.splice(server.received.indexOf(injected), 1);
    server.badLines.length = 0;
    expect(server.conformanceProblems()).toEqual([]);
  });
});
