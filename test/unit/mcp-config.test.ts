import { describe, expect, it } from "vitest";
import { mcpServerConfigs } from "../../src/config/mcp-servers.js";
import { sanitizeConfig } from "../../src/config/settings.js";

describe("[mcp_servers.<name>]", () => {
  it("reads stdio and streamable HTTP servers with their defaults", () => {
    const { values, problems } = sanitizeConfig({
      mcp_servers: {
        docs: { command: "npx", args: ["-y", "docs-mcp"], env: { A: "1" }, env_vars: ["TOKEN"], cwd: "/tmp", tool_timeout_sec: 1.5, disabled_tools: ["x"] },
        web: { url: "https://mcp.example/mcp", bearer_token_env_var: "WEB_TOKEN", http_headers: { "X-A": "b" }, env_http_headers: { "X-B": "B_VAR" }, required: true, startup_timeout_sec: 3, enabled_tools: ["search"] },
      },
    });
    expect(problems).toEqual([]);
    expect(mcpServerConfigs(values)).toEqual([
      {
        name: "docs",
        transport: { type: "stdio", command: "npx", args: ["-y", "docs-mcp"], env: { A: "1" }, envVars: ["TOKEN"], cwd: "/tmp" },
        enabled: true,
        required: false,
        startupTimeoutMs: 10_000,
        toolTimeoutMs: 1_500,
        enabledTools: null,
        disabledTools: ["x"],
        toolApprovalModes: {},
      },
      {
        name: "web",
        transport: { type: "streamableHttp", url: "https://mcp.example/mcp", bearerTokenEnvVar: "WEB_TOKEN", httpHeaders: { "X-A": "b" }, envHttpHeaders: { "X-B": "B_VAR" } },
        enabled: true,
        required: true,
        startupTimeoutMs: 3_000,
        toolTimeoutMs: 60_000,
        enabledTools: ["search"],
        disabledTools: [],
        toolApprovalModes: {},
      },
    ]);
  });

  it("reports invalid fields by key and drops them, and skips entries that cannot run", () => {
    const { values, problems } = sanitizeConfig({
      mcp_servers: {
        a: { command: "srv", args: "not-a-list", tool_timeout_sec: -1, enabled: "yes" },
        b: { enabled: true },
        c: { command: "x", url: "http://y" },
        d: "nope",
      },
    });
    expect(problems.map((p) => p.key).sort()).toEqual([
      "mcp_servers.a.args",
      "mcp_servers.a.enabled",
      "mcp_servers.a.tool_timeout_sec",
      "mcp_servers.b",
      "mcp_servers.c",
      "mcp_servers.d",
    ]);
    expect(problems.find((p) => p.key === "mcp_servers.a.args")!.message).toBe("invalid type: string \"not-a-list\", expected an array of strings");
    const configs = mcpServerConfigs(values);
    expect(configs.map((c) => c.name)).toEqual(["a"]);
    expect(configs[0]).toMatchObject({ transport: { args: [] }, enabled: true, toolTimeoutMs: 60_000 });
  });
});
