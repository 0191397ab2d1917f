import { afterEach, describe, expect, it } from "vitest";
import { InProcessServer } from "../helpers/in-process-server.js";

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("neutral answers for surfaces this server does not have", () => {
  it("answers the TUI's startup calls with the reference's shapes", async () => {
    server = new InProcessServer();
    await server.initialize({ experimentalApi: true });
    const cwd = "/home/user/project";

    expect(await server.call("hooks/list", { cwds: [cwd], threadId: null })).toEqual({
      data: [{ cwd, hooks: [], warnings: [], errors: [] }],
    });
    expect(await server.call("skills/list", { cwds: [cwd], forceReload: true })).toEqual({
      data: [{ cwd, skills: [], errors: [] }],
    });
    expect(await server.call("plugin/installed", { cwds: [cwd], installSuggestionPluginNames: null })).toEqual({
      marketplaces: [],
      marketplaceLoadErrors: [],
    });
    expect(await server.call("app/installed", { threadId: "thread-1" })).toEqual({ apps: [] });
    expect(await server.call("app/list", { cursor: null, limit: 10 })).toEqual({ data: [], nextCursor: null });
    expect(await server.call("mcpServerStatus/list", {})).toEqual({ data: [], nextCursor: null });
    expect(await server.call("experimentalFeature/list", {})).toMatchObject({
      data: expect.arrayContaining([expect.objectContaining({ name: "apps", stage: "stable", enabled: true })]),
      nextCursor: null,
    });
    expect(await server.call("config/mcpServer/reload")).toEqual({});
    expect(await server.call("account/bedrock/checkGovCloudRequirements", {})).toEqual({
      isGovCloud: false,
      shouldWarn: false,
    });
    expect(await server.call("collaborationMode/list", {})).toEqual({
      data: [
        { name: "Plan", mode: "plan", model: null, reasoning_effort: "medium" },
        { name: "Default", mode: "default", model: null, reasoning_effort: null },
      ],
    });
  });

  it("gates the experimental ones behind experimentalApi", async () => {
    server = new InProcessServer();
    await server.initialize();
    expect(await server.callError("collaborationMode/list", {})).toEqual({
      code: -32600,
      message: "collaborationMode/list requires experimentalApi capability",
    });
    expect(await server.callError("account/bedrock/checkGovCloudRequirements", {})).toEqual({
      code: -32600,
      message: "account/bedrock/checkGovCloudRequirements requires experimentalApi capability",
    });
    // Stable ones answer without it.
    expect(await server.call("app/list", {})).toEqual({ data: [], nextCursor: null });
  });
});
