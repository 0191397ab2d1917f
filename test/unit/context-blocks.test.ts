import { describe, expect, it } from "vitest";
import {
  AGENTS_MD_REPLACEMENT_NOTICE,
  agentsMdBlock,
  collaborationModeBlock,
  collaborationModeText,
  defaultPermissions,
  deferredToolsSection,
  effectiveCollaborationMode,
  skillsSection,
  type Skill,
} from "../../src/core/context/index.js";
import { DEFAULT_MODE_TEXT } from "../../src/core/context/default-mode-text.js";
import { PLAN_MODE_TEXT } from "../../src/core/context/plan-mode-text.js";

describe("AGENTS.md block", () => {
  it("has the reference's exact format", () => {
    expect(agentsMdBlock("/repo/pkg", "root rules\n\npkg rules")).toBe(
      "# AGENTS.md instructions for /repo/pkg\n\n<INSTRUCTIONS>\nroot rules\n\npkg rules\n</INSTRUCTIONS>",
    );
  });

  it("starts with the replacement sentence after a cwd change", () => {
    const block = agentsMdBlock("/other", "other rules", true);
    expect(block).toBe(`${AGENTS_MD_REPLACEMENT_NOTICE}\n\n# AGENTS.md instructions for /other\n\n<INSTRUCTIONS>\nother rules\n</INSTRUCTIONS>`);
    expect(AGENTS_MD_REPLACEMENT_NOTICE).toMatch(/replace all AGENTS\.md instructions provided earlier/);
  });
});

describe("skills section", () => {
  const home = "/home/u/.codex";
  const system = ["imagegen", "openai-docs", "skill-creator", "skill-installer"].map(
    (name): Skill => ({ name, description: `What ${name} is for.`, path: `${home}/skills/.system/${name}/SKILL.md` }),
  );

  it("has the header, the roots table and one line per skill", () => {
    const text = skillsSection(system);
    expect(text.startsWith("<skills_instructions>\n## Skills\n")).toBe(true);
    expect(text.endsWith("\n</skills_instructions>")).toBe(true);
    expect(text).toMatch(/SKILL\.md/);
    const tail = text.slice(text.indexOf("### Skill roots"));
    expect(tail).toBe(
      [
        "### Skill roots",
        "- `r0` = `/home/u/.codex/skills/.system`",
        "### Available skills",
        "- imagegen: What imagegen is for. (file: r0/imagegen/SKILL.md)",
        "- openai-docs: What openai-docs is for. (file: r0/openai-docs/SKILL.md)",
        "- skill-creator: What skill-creator is for. (file: r0/skill-creator/SKILL.md)",
        "- skill-installer: What skill-installer is for. (file: r0/skill-installer/SKILL.md)",
        "</skills_instructions>",
      ].join("\n"),
    );
    expect(text).not.toContain("### How to use skills");
  });

  it("gives each further root its own short name, in order of first use", () => {
    const text = skillsSection([
      system[0]!,
      { name: "deploy", description: "Ship it.", path: "/repo/.agents/skills/deploy/SKILL.md" },
      { name: "nested", description: "Deep.", path: "/repo/.agents/skills/group/nested/SKILL.md", root: "/repo/.agents/skills" },
    ]);
    expect(text).toContain("- `r0` = `/home/u/.codex/skills/.system`\n- `r1` = `/repo/.agents/skills`\n### Available skills");
    expect(text).toContain("- deploy: Ship it. (file: r1/deploy/SKILL.md)");
    expect(text).toContain("- nested: Deep. (file: r1/group/nested/SKILL.md)");
  });

  it("adds the usage section when the catalog asks for it (about 2 600 chars more)", () => {
    const plain = skillsSection(system);
    const withUsage = skillsSection(system, true);
    expect(withUsage).toContain("\n### How to use skills\n");
    expect(withUsage.endsWith("\n</skills_instructions>")).toBe(true);
    expect(withUsage.length - plain.length).toBeGreaterThan(1800);
    expect(withUsage.length - plain.length).toBeLessThan(3200);
  });
});

describe("collaboration modes", () => {
  it("Plan mode: the built-in text with the rules, phases, questions, unknowns and <proposed_plan> finalization", () => {
    const block = collaborationModeBlock({ mode: "plan", developerInstructions: null });
    expect(block).toBe(`<collaboration_mode>${PLAN_MODE_TEXT}</collaboration_mode>`);
    expect(block.startsWith("<collaboration_mode># Plan Mode (Conversational)")).toBe(true);
    expect(PLAN_MODE_TEXT.length).toBeGreaterThan(7500);
    expect(PLAN_MODE_TEXT.length).toBeLessThan(10_000);
    for (const section of ["Allowed (non-mutating exploration)", "Forbidden (mutation)", "## Phase 1", "## Phase 2", "## Phase 3", "## Asking questions", "## Two kinds of unknowns", "## Finalizing the plan"]) {
      expect(PLAN_MODE_TEXT).toContain(section);
    }
    expect(PLAN_MODE_TEXT).toContain("`request_user_input`");
    expect(PLAN_MODE_TEXT).toContain("<proposed_plan>\n...the plan in Markdown...\n</proposed_plan>");
  });

  it("Default mode: the built-in text says earlier mode instructions no longer apply and request_user_input is unavailable", () => {
    const block = collaborationModeBlock({ mode: "default", developerInstructions: null });
    expect(block).toBe(`<collaboration_mode>${DEFAULT_MODE_TEXT}</collaboration_mode>`);
    expect(block.startsWith("<collaboration_mode># Collaboration Mode: Default")).toBe(true);
    expect(DEFAULT_MODE_TEXT.length).toBeGreaterThan(900);
    expect(DEFAULT_MODE_TEXT.length).toBeLessThan(1700);
    expect(DEFAULT_MODE_TEXT).toMatch(/no longer apply/);
    expect(DEFAULT_MODE_TEXT).toMatch(/`request_user_input` tool is not available in Default mode/);
  });

  it("developer_instructions replaces the built-in text when non-null, catalog texts replace the built-ins otherwise", () => {
    expect(collaborationModeBlock({ mode: "plan", developerInstructions: "CUSTOM" })).toBe("<collaboration_mode>CUSTOM</collaboration_mode>");
    expect(collaborationModeText({ mode: "plan", developerInstructions: "" })).toBe("");
    const catalog = { default: "CATALOG DEFAULT", plan: "CATALOG PLAN" };
    expect(collaborationModeText({ mode: "plan", developerInstructions: null }, catalog)).toBe("CATALOG PLAN");
    expect(collaborationModeText({ mode: "default", developerInstructions: null }, catalog)).toBe("CATALOG DEFAULT");
    expect(collaborationModeText({ mode: "default", developerInstructions: "MINE" }, catalog)).toBe("MINE");
  });

  it("a catalog Default-mode text is in force even when the client sends no mode", () => {
    expect(effectiveCollaborationMode(null)).toBeNull();
    expect(effectiveCollaborationMode(null, { plan: "P" })).toBeNull();
    expect(effectiveCollaborationMode(null, { default: "D" })).toEqual({ mode: "default", developerInstructions: null });
    const plan = { mode: "plan" as const, developerInstructions: null };
    expect(effectiveCollaborationMode(plan, { default: "D" })).toBe(plan);
  });
});

describe("deferred tools", () => {
  it("lists the namespaces reachable through tool_search", () => {
    expect(deferredToolsSection([{ name: "multi_agent_v1", description: "Tools for sub-agents." }])).toBe(
      "<tools>\nDeferred tool namespaces:\n- multi_agent_v1: Tools for sub-agents.\n</tools>",
    );
  });
});

describe("default permissions", () => {
  it("trusted project: workspace-write + on-request; untrusted: read-only + on-request", () => {
    expect(defaultPermissions(true)).toEqual({ sandboxMode: "workspace-write", approvalPolicy: "on-request" });
    expect(defaultPermissions(false)).toEqual({ sandboxMode: "read-only", approvalPolicy: "on-request" });
  });
});
