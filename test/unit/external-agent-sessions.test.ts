import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSession, sessionTitle } from "../../src/core/external-agent/sessions.js";

describe("Claude Code session transcripts", () => {
  it("titles a session by its first request's first line, shortened to 120 characters; command wrappers get a generic title", () => {
    expect(sessionTitle("  First line here\n\nsecond line")).toBe("First line here");
    const long = "word ".repeat(80).trim();
    expect(sessionTitle(long)).toBe(`${long.slice(0, 117)}...`);
    expect(sessionTitle("x".repeat(120))).toBe("x".repeat(120));
    expect(sessionTitle("<command-message>review</command-message>\n<command-name>/review</command-name>")).toBe("Imported session");
    expect(sessionTitle("<local-command-stdout>done</local-command-stdout>")).toBe("Imported session");
  });

  it("keeps a request as written, naming blocks it cannot carry; sessions without a working directory are not sessions", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "aas-claude-session-"));
    const file = path.join(dir, "s.jsonl");
    const record = (content: unknown) => JSON.stringify({ type: "user", cwd: "/work", timestamp: "2026-01-01T00:00:00.000Z", message: { role: "user", content } });
    writeFileSync(file, `${record([{ type: "image", source: { type: "base64", data: "AAAA" } }, { type: "text", text: "what is this" }])}\n{torn`);
    expect(parseSession(file)).toEqual({
      cwd: "/work",
      title: "[external unsupported block: image]",
      turns: [{ startedAt: 1767225600, completedAt: 1767225600, userText: "[external unsupported block: image]\n\nwhat is this", agentTexts: [] }],
    });
    writeFileSync(file, `${JSON.stringify({ type: "user", message: { role: "user", content: "no cwd" } })}\n`);
    expect(parseSession(file)).toBeNull();
  });
});
