import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { codexHomeWith } from "../helpers/mcp-servers.js";
import { followInBrowser, startOAuthMcpServer, type OAuthMcpServer } from "../helpers/mcp-oauth-server.js";
import { startThread, startTurnServer } from "../helpers/turns.js";

let mock: MockResponsesServer;
let oauth: OAuthMcpServer;
beforeAll(async () => {
  mock = await startMockResponses();
  oauth = await startOAuthMcpServer();
});
afterAll(async () => {
  await mock.close();
  await oauth.close();
});

describe("mcpServer/oauth/login", () => {
  it("logs in with authorization code + PKCE through a loopback callback, stores the tokens (0600), uses and refreshes them", async () => {
    const home = codexHomeWith(`[mcp_servers.secure]\nurl = "${oauth.url}"\n`);
    const server = await startTurnServer(mock, { codexHome: home });
    try {
      // Without a login the server refuses us.
      await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "secure" && p.status === "failed", 15_000);
      const before = (await server.call("mcpServerStatus/list", {})).data[0];
      expect(before, before.toolsError).toMatchObject({ name: "secure", authStatus: "notLoggedIn", runtimeStatus: "failed" });

      // Short-lived tokens: the first is refreshed before the restart connects, the second on the 401 of a later call.
      oauth.tokenLifetimeSec = 1;
      const login = await server.call("mcpServer/oauth/login", { name: "secure" });
      expect(login).toEqual({ authorizationUrl: expect.stringContaining("/authorize?"), loginId: expect.any(String) });
      const authorize = new URL(login.authorizationUrl);
      expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
      expect(authorize.searchParams.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

      const page = await followInBrowser(login.authorizationUrl);
      expect(page.status).toBe(200);
      const completed = await server.waitForNotification("mcpServer/oauthLogin/completed", () => true);
      expect(completed).toEqual({ name: "secure", threadId: null, loginId: login.loginId, success: true, error: null });
      expect(oauth.grants[0]).toBe("authorization_code");

      const file = path.join(home, ".credentials.json");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // The first token, or already its refresh: it lives one second, and the server restarting its MCP server refreshes it.
      expect(readFileSync(file, "utf8")).toMatch(/"access-[12]"/);

      // The server restarts; the token about to expire is refreshed first and sent as bearer.
      await server.waitForNotification("mcpServer/startupStatus/updated", (p) => p.name === "secure" && p.status === "ready", 15_000);
      expect(oauth.grants.slice(0, 2)).toEqual(["authorization_code", "refresh_token"]);
      expect(oauth.acceptedTokens).not.toContain("access-1");
      const grantsBefore = oauth.grants.length;
      expect((await server.call("mcpServerStatus/list", {})).data[0]).toMatchObject({ authStatus: "oAuth", runtimeStatus: "connected" });

      // Once the access token expired, the next call refreshes it.
      oauth.tokenLifetimeSec = 3600;
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const threadId = await startThread(server);
      const echoed = await server.call("mcpServer/tool/call", { threadId, server: "secure", tool: "echo", arguments: { text: "hi" } });
      expect(echoed.content).toEqual([{ type: "text", text: "echo: hi" }]);
      expect(oauth.grants.length).toBe(grantsBefore + 1);
      expect(oauth.grants.at(-1)).toBe("refresh_token");
      const newest = `access-${oauth.grants.length}`;
      expect(oauth.acceptedTokens.at(-1)).toBe(newest);
      expect(readFileSync(file, "utf8")).toContain(newest);
    } finally {
      await server.close();
    }
  });

  it("refuses unknown servers and stdio servers", async () => {
    const server = await startTurnServer(mock, { codexHome: codexHomeWith(`[mcp_servers.local]\ncommand = "true"\nenabled = false\n`) });
    try {
      expect(await server.callError("mcpServer/oauth/login", { name: "nope" })).toMatchObject({ code: -32600, message: "No MCP server named 'nope' found." });
      expect(await server.callError("mcpServer/oauth/login", { name: "local" })).toMatchObject({
        code: -32600,
        message: "OAuth login is only supported for streamable HTTP servers.",
      });
    } finally {
      await server.close();
    }
  });
});
