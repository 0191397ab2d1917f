import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

const MARKER = ".codex-system-skills.marker";

function skillsPart(request: any): string | undefined {
  const parts = (request.body.input as any[])[1].content.map((part: any) => part.text) as string[];
  return parts.find((part) => part.startsWith("<skills_instructions>"));
}

// Observed on codex-cli 0.169.0: a fresh CODEX_HOME gets skills/.system with imagegen, openai-docs,
// review-agent, skill-creator, skill-installer and a marker (16 hex digits) once the server has started;
// skills/list shows all five (scope system), the prompt lists four (review-agent is used only when named).
describe("system skills", () => {
  it("are installed at startup, listed by skills/list and offered to the model", async () => {
    const server = await startTurnServer(mock, { bundledSkills: true });
    const system = path.join(server.codexHome, "skills", ".system");
    expect(readdirSync(system).sort()).toEqual([MARKER, "imagegen", "openai-docs", "review-agent", "skill-creator", "skill-installer"]);
    expect(readFileSync(path.join(system, MARKER), "utf8")).toMatch(/^[0-9a-f]{16}\n$/);

    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-system-skills-cwd-"));
    const listed = await server.call("skills/list", { cwds: [cwd] });
    const skills = listed.data[0].skills as any[];
    expect(skills.map((s) => [s.name, s.scope, s.enabled, s.path])).toEqual(
      ["imagegen", "openai-docs", "review-agent", "skill-creator", "skill-installer"].map((name) => [name, "system", true, path.join(system, name, "SKILL.md")]),
    );
    const byName = new Map(skills.map((s) => [s.name, s]));
    expect(byName.get("imagegen").interface).toMatchObject({ displayName: "Image Gen", iconSmall: path.join(system, "imagegen", "assets", "imagegen-small.svg") });
    expect(byName.get("review-agent").interface).toMatchObject({ displayName: "Review Agent", iconSmall: null, iconLarge: null });
    expect(byName.get("skill-installer").shortDescription).toBeTruthy();
    for (const skill of skills) expect(existsSync(skill.path)).toBe(true);

    const threadId = await startThread(server, { cwd });
    await runTurn(server, threadId, text("hi"));
    const section = skillsPart(mock.requests[0])!;
    expect(section).toContain(`- \`r0\` = \`${system}\``);
    const names = section.split("\n").filter((line) => line.startsWith("- ") && line.includes("(file: ")).map((line) => /^- ([a-z-]+):/.exec(line)![1]);
    expect(names).toEqual(["imagegen", "openai-docs", "skill-creator", "skill-installer"]);
    await server.close();
  });

  it("a restart keeps an up-to-date copy as it is and replaces a stale one", async () => {
    const first = await startTurnServer(mock, { bundledSkills: true });
    await first.close();
    const system = path.join(first.codexHome, "skills", ".system");
    const skillMd = path.join(system, "skill-creator", "SKILL.md");
    const shipped = readFileSync(skillMd, "utf8");
    writeFileSync(skillMd, "---\nname: skill-creator\ndescription: edited\n---\n");

    const second = await startTurnServer(mock, { codexHome: first.codexHome, bundledSkills: true });
    await second.close();
    expect(readFileSync(skillMd, "utf8")).toContain("description: edited");

    writeFileSync(path.join(system, MARKER), "0000000000000000\n");
    const third = await startTurnServer(mock, { codexHome: first.codexHome, bundledSkills: true });
    await third.close();
    expect(readFileSync(skillMd, "utf8")).toBe(shipped);
  });

  it("[skills.bundled] enabled = false removes them: none listed, no skills part", async () => {
    const first = await startTurnServer(mock, { bundledSkills: true });
    await first.close();
    const server = await startTurnServer(mock, { codexHome: first.codexHome, args: ["-c", "skills.bundled.enabled=false"], bundledSkills: true });
    expect(existsSync(path.join(server.codexHome, "skills", ".system"))).toBe(false);
    const listed = await server.call("skills/list", { cwds: [os.tmpdir()] });
    expect(listed.data[0].skills.filter((s: any) => s.scope === "system")).toEqual([]);
    const threadId = await startThread(server);
    await runTurn(server, threadId, text("hi"));
    expect(skillsPart(mock.requests[0])).toBeUndefined();
    await server.close();
  });
});
