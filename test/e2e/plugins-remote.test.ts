import { describe, expect, it } from "vitest";
import { chatgptAuthJson, useBackendMock } from "../helpers/backend-mock.js";

const backend = useBackendMock();

const AUTH_REQUIRED = "chatgpt authentication required for remote plugin catalog";

describe("remote plugin catalog", () => {
  it("answers every remote-only call with the ChatGPT sign-in error when signed out, and reconciles nothing", async () => {
    const server = await backend.spawn();
    const calls: Array<[string, unknown, string]> = [
      ["plugin/read", { pluginName: "alpha", remoteMarketplaceName: "foo" }, "read remote plugin details"],
      ["plugin/install", { pluginName: "alpha", remoteMarketplaceName: "foo" }, "read remote plugin details before install"],
      ["plugin/uninstall", { pluginId: "plugins~abc" }, "resolve remote plugin before uninstall"],
      ["plugin/skill/read", { remoteMarketplaceName: "x", remotePluginId: "plugins~abc", skillName: "z" }, "read remote plugin skill details"],
      ["plugin/share/save", { pluginPath: "/tmp/alpha" }, "save remote plugin share"],
      ["plugin/share/updateTargets", { remotePluginId: "p1", discoverability: "LISTED", shareTargets: [] }, "update remote plugin share targets"],
      ["plugin/share/list", {}, "list remote plugin shares"],
      ["plugin/share/checkout", { remotePluginId: "p1" }, "checkout plugin share"],
      ["plugin/share/delete", { remotePluginId: "p1" }, "delete remote plugin share"],
    ];
    for (const [method, params, context] of calls) {
      expect({ method, error: await server.callError(method, params) }).toEqual({ method, error: { code: -32600, message: `${context}: ${AUTH_REQUIRED}` } });
    }
    expect(await server.call("plugin/reconcile", { reason: "startup" })).toEqual({
      changedPlugins: [],
      failedRemotePluginIds: [],
      failedMaterializationRemotePluginIds: [],
    });
    expect(backend.mock.requests.filter((request) => request.path.includes("/plugins/"))).toEqual([]);
  });

  it("deletes a share and updates its targets on the ChatGPT backend, adding the workspace to an UNLISTED share", async () => {
    backend.mock.route("DELETE /backend-api/public/plugins/workspace/plugins_123", { status: 204 });
    backend.mock.route("PUT /backend-api/ps/plugins/plugins_123/shares", (request) => ({
      body: {
        discoverability: (request.json as any).discoverability,
        principals: [
          { principal_type: "user", principal_id: "u1", role: "owner", name: "Ann" },
          { principal_type: "workspace", principal_id: "acct-mock-123", role: "reader", name: "Team" },
        ],
      },
    }));
    const server = await backend.spawn({ auth: chatgptAuthJson() });

    expect(await server.call("plugin/share/delete", { remotePluginId: "plugins_123" })).toEqual({});
    const deleted = backend.mock.requestsTo("/backend-api/public/plugins/workspace/plugins_123", "DELETE");
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.headers.authorization).toBe("Bearer chatgpt-token");
    expect(deleted[0]!.headers["chatgpt-account-id"]).toBe("acct-mock-123");

    const updated = await server.call("plugin/share/updateTargets", {
      remotePluginId: "plugins_123",
      discoverability: "UNLISTED",
      shareTargets: [{ principalType: "user", principalId: "u1", role: "editor" }],
    });
    expect(updated).toEqual({
      discoverability: "UNLISTED",
      principals: [
        { principalType: "user", principalId: "u1", role: "owner", name: "Ann" },
        { principalType: "workspace", principalId: "acct-mock-123", role: "reader", name: "Team" },
      ],
    });
    expect(backend.mock.requestsTo("/backend-api/ps/plugins/plugins_123/shares", "PUT").map((request) => request.json)).toEqual([
      {
        discoverability: "UNLISTED",
        targets: [
          { principal_type: "user", principal_id: "u1", role: "editor" },
          { principal_type: "workspace", principal_id: "acct-mock-123", role: "reader" },
        ],
      },
    ]);

    const missing = `${backend.mock.url()}/public/plugins/workspace/gone`;
    expect(await server.callError("plugin/share/delete", { remotePluginId: "gone" })).toEqual({
      code: -32600,
      message: `delete remote plugin share: remote plugin catalog request to ${missing} failed with status 404 Not Found: not found`,
    });
  });
});
