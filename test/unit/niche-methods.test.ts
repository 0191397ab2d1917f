/**
 * windowsSandbox/*, app/read, account/gatewayOAuth/* and the refusals of
 * thread/approveGuardianDeniedAction through an in-process server, answered
 * as the reference answers them on Linux with no apps and no OAuth gateway.
 */
import os from "node:os";
import { describe, expect, it } from "vitest";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";

async function startServer(configOverrides: string[] = []): Promise<InProcessServer> {
  const server = new InProcessServer({ configOverrides });
  await server.initialize();
  return server;
}

function indexOf(server: InProcessServer, predicate: (m: WireMessage) => boolean): number {
  return server.received.findIndex((r) => predicate(r.message));
}

describe("windowsSandbox", () => {
  it("is not configured here; a setup starts, then reports its failure to the caller after the answer", async () => {
    const server = await startServer();
    expect(await server.call("windowsSandbox/readiness")).toEqual({ status: "notConfigured" });
    const start = await server.request("windowsSandbox/setupStart", { mode: "elevated" });
    expect(start.result).toEqual({ started: true });
    expect(await server.waitForNotification("windowsSandbox/setupCompleted")).toEqual({
      mode: "elevated",
      success: false,
      error: "elevated Windows sandbox setup is only supported on Windows",
    });
    expect(indexOf(server, (m) => m.method === "windowsSandbox/setupCompleted")).toBeGreaterThan(indexOf(server, (m) => m.id === start.id));
    await server.call("windowsSandbox/setupStart", { mode: "unelevated", cwd: os.tmpdir() });
    expect(await server.waitForNotification("windowsSandbox/setupCompleted", (p) => p.mode === "unelevated")).toEqual({
      mode: "unelevated",
      success: false,
      error: "legacy Windows sandbox setup is only supported on Windows",
    });
    expect(await server.callError("windowsSandbox/setupStart", { mode: "unelevated", cwd: "relative" })).toEqual({
      code: -32600,
      message: "Invalid request: AbsolutePathBuf deserialized without a base path",
    });
    expect(await server.callError("windowsSandbox/setupStart", {})).toEqual({ code: -32600, message: "Invalid request: missing field `mode`" });
    await server.close();
  });
});

describe("app/read", () => {
  it("reports every id missing, deduplicated in request order; refuses over 100 ids and unknown threads", async () => {
    const server = await startServer();
    expect(await server.call("app/read", { appIds: [] })).toEqual({ apps: [], missingAppIds: [] });
    expect(await server.call("app/read", { appIds: ["b", "a", "b"], includeTools: true })).toEqual({ apps: [], missingAppIds: ["b", "a"] });
    const tooMany = Array.from({ length: 101 }, (_, i) => `app${i % 100}`);
    expect(await server.callError("app/read", { appIds: tooMany })).toEqual({ code: -32602, message: "app/read accepts at most 100 appIds" });
    const unknown = "019d0000-0000-7000-8000-000000000000";
    expect(await server.callError("app/read", { appIds: ["a"], threadId: unknown })).toEqual({ code: -32600, message: `thread not found: ${unknown}` });
    const { thread } = await server.call("thread/start", { cwd: os.tmpdir() });
    expect(await server.call("app/read", { appIds: ["a"], threadId: thread.id })).toEqual({ apps: [], missingAppIds: ["a"] });
    expect(await server.callError("app/read", {})).toEqual({ code: -32600, message: "Invalid request: missing field `appIds`" });
    await server.close();
  });
});

describe("account/gatewayOAuth", () => {
  it("reads the configured provider as not using gateway OAuth, refuses a login, and cancels nothing", async () => {
    const server = await startServer(['model_providers.corp.name="Corp Gateway"', 'model_providers.corp.base_url="http://127.0.0.1:9/v1"']);
    const openai = { providerId: "openai", providerName: "OpenAI", required: false, supportsDeviceAuth: false, status: null, error: null };
    expect(await server.call("account/gatewayOAuth/read")).toEqual(openai);
    expect(await server.call("account/gatewayOAuth/read", { modelProvider: null })).toEqual(openai);
    expect(await server.call("account/gatewayOAuth/read", { modelProvider: "corp" })).toEqual({ ...openai, providerId: "corp", providerName: "Corp Gateway" });
    expect(await server.callError("account/gatewayOAuth/read", { modelProvider: "nosuch" })).toEqual({
      code: -32600,
      message: "This chat uses model provider “nosuch”, which is no longer configured. Restore this provider’s configuration to continue.",
      data: { type: "modelProviderNotConfigured", modelProvider: "nosuch" },
    });
    expect(await server.callError("account/gatewayOAuth/login", { deviceAuth: true })).toEqual({
      code: -32600,
      message: "The selected provider does not use gateway OAuth",
    });
    expect((await server.callError("account/gatewayOAuth/login", { modelProvider: "nosuch" })).data).toEqual({
      type: "modelProviderNotConfigured",
      modelProvider: "nosuch",
    });
    expect(await server.call("account/gatewayOAuth/cancel")).toEqual({});
    expect(server.notifications("account/gatewayOAuth/changed")).toEqual([]);
    await server.close();
  });
});

describe("thread/approveGuardianDeniedAction", () => {
  it("refuses events and threads with the reference's texts", async () => {
    const server = await startServer();
    const { thread } = await server.call("thread/start", { cwd: os.tmpdir() });
    const threadId = thread.id as string;
    const refusal = (message: string) => ({ code: -32600, message: `invalid Guardian denial event: ${message}` });
    const action = { type: "command", source: "shell", command: "ls", cwd: "/tmp" };
    expect(await server.callError("thread/approveGuardianDeniedAction", { threadId })).toEqual({
      code: -32600,
      message: "Invalid request: missing field `event`",
    });
    expect(await server.callError("thread/approveGuardianDeniedAction", { threadId, event: null })).toEqual(
      refusal("invalid type: null, expected struct GuardianAssessmentEvent"),
    );
    // The event is checked before the thread id.
    expect(await server.callError("thread/approveGuardianDeniedAction", { threadId: "bad", event: {} })).toEqual(refusal("missing field `id`"));
    expect(await server.callError("thread/approveGuardianDeniedAction", { threadId, event: { id: "r" } })).toEqual(refusal("missing field `status`"));
    expect(await server.callError("thread/approveGuardianDeniedAction", { threadId, event: { id: "r", status: "denied" } })).toEqual(
      refusal("missing field `action`"),
    );
    expect(await server.callError("thread/approveGuardianDeniedAction", { threadId, event: { id: "r", status: "denied", action: { type: "bogus" } } })).toEqual(
      refusal(
        "unknown variant `bogus`, expected one of `command`, `execve`, `write_stdin`, `apply_patch`, `network_access`, `mcp_tool_call`, `request_permissions`",
      ),
    );
    const event = { id: "r", status: "denied", action };
    expect(await server.callError("thread/approveGuardianDeniedAction", { threadId: "bad", event })).toEqual({
      code: -32600,
      message: "invalid thread id: invalid length: expected length 32 for simple format, found 3",
    });
    const unknown = "019d0000-0000-7000-8000-000000000000";
    expect(await server.callError("thread/approveGuardianDeniedAction", { threadId: unknown, event })).toEqual({
      code: -32600,
      message: `thread not found: ${unknown}`,
    });
    expect(await server.call("thread/approveGuardianDeniedAction", { threadId, event })).toEqual({});
    await server.close();
  });
});
