import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponsesServer } from "../helpers/mock-responses.js";
import { runTurn, startThread, startTurnServer, text } from "../helpers/turns.js";

let mock: MockResponsesServer;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function skill(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "SKILL.md");
  writeFileSync(file, `---\nname: ${name}\ndescription: The ${name} skill.\n---\n\n${body}\n`);
  return file;
}

/** The text of every user message in a request, in order. */
function userTexts(input: any[]): string[] {
  return input.filter((item) => item.type === "message" && item.role === "user").map((item) => item.content.map((part: any) => part.text).join(""));
}

describe("a skill the user selects", () => {
  it("sends its SKILL.md as a <skill> message after the user's message, for $name mentions and skill items; a disabled skill is neither listed nor loaded", async () => {
    const codexHome = realpathSync(mkdtempSync(path.join(os.tmpdir(), "aas-skills-home-")));
    const notes = skill(path.join(codexHome, "skills", "notes"), "notes", "# Notes\nAlways write notes in haiku.");
    const review = skill(path.join(codexHome, "skills", "review"), "review", "# Review\nCheck the tests first.");
    const hidden = skill(path.join(codexHome, "skills", "hidden"), "hidden", "# Hidden\nSecret.");
    writeFileSync(path.join(codexHome, "config.toml"), `[[skills.config]]\npath = ${JSON.stringify(hidden)}\nenabled = false\n`);
    const server = await startTurnServer(mock, { codexHome });
    const threadId = await startThread(server);

    await runTurn(server, threadId, [
      { type: "text", text: "please use $notes and $hidden, not $HOME" },
      { type: "skill", name: "review", path: review },
    ]);
    const input = mock.requests[0]!.body.input as any[];
    const developer = input[1].content.map((part: any) => part.text).join("\n");
    expect(developer).toContain("- notes: The notes skill.");
    expect(developer).not.toContain("hidden");

    const texts = userTexts(input);
    const prompt = texts.findIndex((t) => t === "please use $notes and $hidden, not $HOME");
    expect(prompt).toBeGreaterThan(-1);
    expect(texts.slice(prompt + 1)).toEqual([
      `<skill>\n<name>review</name>\n<path>${review}</path>\n---\nname: review\ndescription: The review skill.\n---\n\n# Review\nCheck the tests first.\n\n</skill>`,
      `<skill>\n<name>notes</name>\n<path>${notes}</path>\n---\nname: notes\ndescription: The notes skill.\n---\n\n# Notes\nAlways write notes in haiku.\n\n</skill>`,
    ]);

    // Later requests keep them in the history; a turn without a mention adds none.
    await runTurn(server, threadId, text("thanks"));
    const later = userTexts(mock.requests[1]!.body.input as any[]);
    expect(later.filter((t) => t.startsWith("<skill>"))).toHaveLength(2);
  });
});
