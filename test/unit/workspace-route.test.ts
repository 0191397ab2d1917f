/**
 * Workspace routing applied to a ChatGPT model endpoint: only the origin
 * changes (the API path stays), and the routing override travels as a header
 * for `us` / `us_cr` only.
 */
import { describe, expect, it } from "vitest";
import type { ResolvedProvider } from "../../src/config/provider.js";
import type { ModelEndpoint } from "../../src/model/endpoint.js";
import { ACCOUNT_ROUTING_HEADER, withOrigin, withWorkspaceRouting } from "../../src/model/workspace-route.js";
import { resolveRouting } from "../../src/backend/workspace-routing.js";

const provider: ResolvedProvider = {
  id: "openai",
  name: "OpenAI",
  baseUrl: "https://chatgpt.example/backend-api/codex",
  headers: { version: "0.169.0", "chatgpt-account-id": "acct-1", [ACCOUNT_ROUTING_HEADER]: "stale" },
  queryParams: {},
  envKey: null,
  requiresOpenaiAuth: true,
  wireApi: "responses",
  retries: { request: 4, stream: 5 },
  idleTimeoutMs: 300_000,
};
const endpoint: ModelEndpoint = { provider, bearer: "token", compressRequestBody: true, websocket: true };

describe("withWorkspaceRouting", () => {
  it("replaces scheme, host and port and keeps the API path", () => {
    expect(withOrigin("http://127.0.0.1:9/backend-api/codex", "https://127.0.0.1")).toBe("https://127.0.0.1/backend-api/codex");
    const routed = withWorkspaceRouting(endpoint, { chatgptAccountId: "acct-1", backendOrigin: "https://eu.example:8443", accountRoutingOverride: "NO_CONSTRAINT" });
    expect(routed.provider.baseUrl).toBe("https://eu.example:8443/backend-api/codex");
    expect(routed.bearer).toBe("token");
    expect(endpoint.provider.baseUrl).toBe("https://chatgpt.example/backend-api/codex");
  });

  it("sends us and us_cr as x-openai-account-routing-override, NO_CONSTRAINT as no header", () => {
    const route = (accountRoutingOverride: "NO_CONSTRAINT" | "us" | "us_cr") =>
      withWorkspaceRouting(endpoint, { chatgptAccountId: "acct-1", backendOrigin: "https://chatgpt.example", accountRoutingOverride }).provider.headers;
    expect(route("us")[ACCOUNT_ROUTING_HEADER]).toBe("us");
    expect(route("us_cr")[ACCOUNT_ROUTING_HEADER]).toBe("us_cr");
    expect(route("NO_CONSTRAINT")).toEqual({ version: "0.169.0", "chatgpt-account-id": "acct-1" });
  });

  it("takes exactly the reference's routing overrides from accounts/check", () => {
    const entry = { id: "acct-1", workspace_backend_origin: "NO_CONSTRAINT" };
    const base = "https://chatgpt.example/backend-api";
    for (const value of ["NO_CONSTRAINT", "us", "us_cr"]) {
      expect(resolveRouting({ ...entry, account_routing_override: value }, base).accountRoutingOverride).toBe(value);
    }
    for (const value of ["US", "us-cr", " us", "eu", ""]) {
      expect(() => resolveRouting({ ...entry, account_routing_override: value }, base)).toThrow(
        "workspace routing discovery has invalid account routing override",
      );
    }
  });
});
