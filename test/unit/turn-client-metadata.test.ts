/**
 * turn/start's experimental `responsesapiClientMetadata` and
 * `responsesapiClientMetadataPatch`: entries for that turn's
 * `x-codex-turn-metadata`, placed as codex 0.169.0 places them (observed
 * against the loopback mock): the metadata before `model`, the patch after it
 * and before `reasoning_effort`; keys the server writes are never replaced.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InProcessServer } from "../helpers/in-process-server.js";
import { textResponse } from "../helpers/mock-responses.js";
import { suiteMockResponses, mockProviderOverrides } from "../helpers/suite-mock-responses.js";

describe("turn/start client metadata", () => {
  const mockResponses = suiteMockResponses();
  let server: InProcessServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("goes into that turn's metadata only, around the model, without replacing the server's keys", async () => {
    const mock = mockResponses();
    server = new InProcessServer({ configOverrides: mockProviderOverrides(mock) });
    await server.initialize({ experimentalApi: true });
    const { thread } = await server.call("thread/start", { cwd: mkdtempSync(path.join(os.tmpdir(), "aas-cwd-")) });
    const run = async (extra: Record<string, unknown>) => {
      mock.enqueue({ type: "sse", events: textResponse() });
      const { turn } = await server!.call("turn/start", { threadId: thread.id, input: [{ type: "text", text: "hi" }], ...extra });
      await server!.waitForNotification("turn/completed", (p) => p.turn.id === turn.id);
      return JSON.parse(mock.requests.at(-1)!.headers["x-codex-turn-metadata"] as string) as Record<string, unknown>;
    };

    const first = await run({
      effort: "low",
      responsesapiClientMetadata: { k: "v", installation_id: "not-ours" },
      responsesapiClientMetadataPatch: { p: "q", model: "not-the-model", reasoning_effort: "high" },
    });
    expect(Object.keys(first).slice(-5)).toEqual(["analytics_enabled", "k", "model", "p", "reasoning_effort"]);
    expect(first).toMatchObject({ k: "v", p: "q", model: "gpt-5.1-codex", reasoning_effort: "low" });
    expect(first.installation_id).not.toBe("not-ours");
    expect(JSON.parse((mock.requests.at(-1)!.body.client_metadata as Record<string, string>)["x-codex-turn-metadata"]!)).toEqual(first);

    const second = await run({});
    expect(second).not.toHaveProperty("k");
    expect(second).not.toHaveProperty("p");
  });
});
