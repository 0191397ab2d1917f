import { afterEach, describe, expect, it } from "vitest";
import { InProcessServer } from "../helpers/in-process-server.js";

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function started(configOverrides: string[] = []): Promise<InProcessServer> {
  server = new InProcessServer({ configOverrides });
  await server.initialize();
  return server;
}

describe("model/list", () => {
  it("lists the visible catalogue with the reference's Model shape; the first model is the default", async () => {
    const s = await started();
    const { data, nextCursor } = await s.call("model/list", {});
    expect(nextCursor).toBeNull();
    expect(data.length).toBeGreaterThanOrEqual(5);
    expect(data.every((m: any) => m.hidden === false)).toBe(true);
    expect(data.filter((m: any) => m.isDefault).map((m: any) => m.id)).toEqual([data[0].id]);
    const first = data[0];
    expect(Object.keys(first).sort()).toEqual(
      [
        "id",
        "model",
        "upgrade",
        "upgradeInfo",
        "availabilityNux",
        "displayName",
        "description",
        "modelSpecialty",
        "hidden",
        "supportedReasoningEfforts",
        "defaultReasoningEffort",
        "inputModalities",
        "supportsPersonality",
        "multiAgentVersion",
        "additionalSpeedTiers",
        "serviceTiers",
        "defaultServiceTier",
        "availableAccessPrograms",
        "isDefault",
      ].sort(),
    );
    expect(first.supportedReasoningEfforts.map((e: any) => e.reasoningEffort)).toContain(first.defaultReasoningEffort);
    expect(first.supportsPersonality).toBe(false);
  });

  it("marks the configured model as default when it is in the catalogue", async () => {
    const s = await started(['model="gpt-6-luna"']);
    const { data } = await s.call("model/list", { includeHidden: true });
    expect(data.filter((m: any) => m.isDefault).map((m: any) => m.id)).toEqual(["gpt-6-luna"]);
  });

  it("falls back to the first model when the configured one is not in the catalogue", async () => {
    const s = await started(['model="gpt-5.1-codex"']);
    const { data } = await s.call("model/list", {});
    expect(data[0].isDefault).toBe(true);
    expect(data.filter((m: any) => m.isDefault)).toHaveLength(1);
  });

  it("includes hidden models only with includeHidden", async () => {
    const s = await started();
    const visible = (await s.call("model/list", { includeHidden: false })).data;
    const all = (await s.call("model/list", { includeHidden: true, modelProvider: null, cursor: null, limit: null })).data;
    expect(all.length).toBeGreaterThan(visible.length);
    const hidden = all.filter((m: any) => m.hidden);
    expect(hidden.length).toBe(all.length - visible.length);
    expect(visible.map((m: any) => m.id)).toEqual(all.filter((m: any) => !m.hidden).map((m: any) => m.id));
  });

  it("pages with limit and an opaque cursor until nextCursor is null", async () => {
    const s = await started();
    const all = (await s.call("model/list", { includeHidden: true })).data.map((m: any) => m.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await s.call("model/list", { includeHidden: true, limit: 2, cursor });
      expect(page.data.length).toBeLessThanOrEqual(2);
      expect(page.data.length).toBeGreaterThan(0);
      seen.push(...page.data.map((m: any) => m.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 50);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));

    // limit 0 is treated as 1, like the reference.
    const one = await s.call("model/list", { limit: 0 });
    expect(one.data).toHaveLength(1);
    expect(one.nextCursor).not.toBeNull();
  });

  it("rejects a bad cursor with -32602", async () => {
    const s = await started();
    expect(await s.callError("model/list", { cursor: "not-a-cursor" })).toEqual({
      code: -32602,
      message: "invalid cursor: not-a-cursor",
    });
    const error = await s.callError("model/list", { cursor: "999" });
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/^cursor 999 exceeds total models \d+$/);
    // Wrong param types are request-shape errors.
    expect((await s.callError("model/list", { limit: "2" })).code).toBe(-32600);
  });
});
