import { afterEach, describe, expect, it } from "vitest";
import { ServerProcess } from "./helpers/server-process.js";

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("initialize handshake over stdio", () => {
  it("answers initialize with the reference's fields and gates other requests", async () => {
    server = new ServerProcess();
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
});
