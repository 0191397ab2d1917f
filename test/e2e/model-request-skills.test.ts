import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

function skill(dir: string, frontmatter: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "SKILL.md"), `---\n${frontmatter}\n---\n\n# Body\nNot sent to the model.\n`);
}

describe("the <skills_instructions> part (§4.2)", () => {
  it("lists the SKILL.md files under $CODEX_HOME/skills by root and name, before the permissions, in developer message 1", async () => {
    const codexHome = mkdtempSync(path.join(os.tmpdir(), "aas-skills-home-"));
    const skills = path.join(codexHome, "skills");
    skill(path.join(skills, "release-notes"), 'name: release-notes\ndescription: "Write release notes from the git log."');
    skill(path.join(skills, "broken"), "description: no name, so not listed");
    // The shipped system skills land in .system at startup, as the reference's do.
    const server = await startTurnServer(mock, { codexHome, bundledSkills: true });
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("hi"));
    const parts = (mock.requests[0]!.body.input as any[])[1].content.map((part: any) => part.text) as string[];
    const section = parts.find((part) => part.startsWith("<skills_instructions>"))!;
    expect(parts.indexOf(section)).toBe(0);
    expect(parts[1]).toMatch(/^<permissions instructions>/);
    const lines = section.split("\n");
    expect(lines[1]).toBe("## Skills");
    expect(lines.at(-1)).toBe("</skills_instructions>");
    const roots = lines.slice(lines.indexOf("### Skill roots") + 1, lines.indexOf("### Available skills"));
    expect(roots).toEqual([`- \`r0\` = \`${skills}\``, `- \`r1\` = \`${path.join(skills, ".system")}\``]);
    const available = lines.slice(lines.indexOf("### Available skills") + 1, -1);
    expect(available[0]).toBe("- release-notes: Write release notes from the git log. (file: r0/release-notes/SKILL.md)");
    // review-agent is installed too, but it is used only when named, so the model is not told about it.
    expect(available.slice(1).map((line) => [/^- ([a-z-]+): /.exec(line)![1], /\(file: (.*)\)$/.exec(line)![1]])).toEqual([
      ["imagegen", "r1/imagegen/SKILL.md"],
      ["openai-docs", "r1/openai-docs/SKILL.md"],
      ["skill-creator", "r1/skill-creator/SKILL.md"],
      ["skill-installer", "r1/skill-installer/SKILL.md"],
    ]);
    expect(section).not.toContain("### How to use skills");
    expect(section).not.toContain("Not sent to the model.");
  });

  it("no skills directory: no skills part", async () => {
    const server = await startTurnServer(mock);
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("hi"));
    const parts = (mock.requests[0]!.body.input as any[])[1].content.map((part: any) => part.text) as string[];
    expect(parts.filter((part) => part.startsWith("<skills_instructions>"))).toEqual([]);
  });
});
