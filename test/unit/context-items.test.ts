import { validate as uuidValidate, version as uuidVersion } from "uuid";
import { describe, expect, it } from "vitest";
import {
  agentsMdBlock,
  collaborationModeBlock,
  contextUpdateItems,
  deferredToolsSection,
  environmentContext,
  FALLBACK_BASE_INSTRUCTIONS,
  initialContextItems,
  partialEnvironmentContext,
  permissionsInstructions,
  skillsSection,
  uuidMessageIds,
  type MessageIds,
  type ThreadPromptInputs,
  type TurnContextSettings,
} from "../../src/core/context/index.js";

/** Predictable ids: `msg_base` for developer message 0, `msg_1`, `msg_2`, … for the others. */
function countingIds(): MessageIds {
  let n = 0;
  return { forBaseInstructions: () => "msg_base", next: () => `msg_${++n}` };
}

const CWD = "/repo/app";
const turn1: TurnContextSettings = {
  cwd: CWD,
  shell: "bash",
  currentDate: "2026-12-03",
  timezone: "Etc/UTC",
  sandboxPolicy: { type: "workspaceWrite" },
  approvalPolicy: "on-request",
  collaborationMode: null,
  agentsMd: "Run npm test before finishing.",
};
const thread: ThreadPromptInputs = { baseInstructions: FALLBACK_BASE_INSTRUCTIONS, developerInstructions: null };
const skills = [{ name: "imagegen", description: "Make images.", path: "/h/.codex/skills/.system/imagegen/SKILL.md" }];

function texts(item: { content: { text: string }[] }): string[] {
  return item.content.map((part) => part.text);
}

describe("first request of a thread", () => {
  it("developer base instructions, developer context, user AGENTS.md + environment context, with the reference's item shape", () => {
    const items = initialContextItems(thread, turn1, countingIds());
    expect(items).toEqual([
      { type: "message", id: "msg_base", role: "developer", content: [{ type: "input_text", text: FALLBACK_BASE_INSTRUCTIONS }] },
      {
        type: "message",
        id: "msg_1",
        role: "developer",
        content: [{ type: "input_text", text: permissionsInstructions({ sandboxPolicy: { type: "workspaceWrite" }, approvalPolicy: "on-request", cwd: CWD }) }],
      },
      {
        type: "message",
        id: "msg_2",
        role: "user",
        content: [
          { type: "input_text", text: agentsMdBlock(CWD, "Run npm test before finishing.") },
          { type: "input_text", text: environmentContext({ ...turn1 }) },
        ],
      },
    ]);
    for (const item of items) expect(Object.keys(item)).toEqual(["type", "id", "role", "content"]);
  });

  it("developer message 1 parts in order: developerInstructions, skills, permissions, collaboration mode, deferred tools", () => {
    const full: ThreadPromptInputs = {
      ...thread,
      developerInstructions: "Be brief.",
      skills: { list: skills, includeUsageInstructions: false },
      deferredToolNamespaces: [{ name: "multi_agent_v1", description: "Sub-agents." }],
    };
    const plan = { ...turn1, collaborationMode: { mode: "plan" as const, developerInstructions: null } };
    const developer = initialContextItems(full, plan, countingIds())[1]!;
    expect(texts(developer)).toEqual([
      "Be brief.",
      skillsSection(skills),
      permissionsInstructions({ sandboxPolicy: { type: "workspaceWrite" }, approvalPolicy: "on-request", cwd: CWD }),
      collaborationModeBlock({ mode: "plan", developerInstructions: null }),
      deferredToolsSection([{ name: "multi_agent_v1", description: "Sub-agents." }]),
    ]);
  });

  it("omits empty parts: no developerInstructions, no skills, no mode, no AGENTS.md", () => {
    const items = initialContextItems({ ...thread, developerInstructions: "", skills: { list: [], includeUsageInstructions: true } }, { ...turn1, agentsMd: null }, countingIds());
    expect(items.map((item) => item.content.length)).toEqual([1, 1, 1]);
    expect(texts(items[2]!)).toEqual([environmentContext(turn1)]);
  });

  it("a catalog Default-mode text appears in developer message 1 without a client mode", () => {
    const developer = initialContextItems({ ...thread, catalogCollaborationModes: { default: "SOL DEFAULT" } }, turn1, countingIds())[1]!;
    expect(texts(developer).at(-1)).toBe("<collaboration_mode>SOL DEFAULT</collaboration_mode>");
  });

  it("without environment context and AGENTS.md there is no user context message", () => {
    const items = initialContextItems({ ...thread, includeEnvironmentContext: false }, { ...turn1, agentsMd: null }, countingIds());
    expect(items.map((item) => item.role)).toEqual(["developer", "developer"]);
  });

  it("uses the catalog's base instructions as developer message 0", () => {
    const items = initialContextItems({ ...thread, baseInstructions: "TEMPLATE {{ personality }}" }, turn1, countingIds());
    expect(texts(items[0]!)).toEqual(["TEMPLATE {{ personality }}"]);
  });
});

describe("message ids", () => {
  it("msg_<uuid v5> for the base instructions, stable for the same text; msg_<uuid v7> otherwise", () => {
    const items = initialContextItems(thread, turn1);
    const uuidOf = (id: string) => {
      expect(id.startsWith("msg_")).toBe(true);
      const uuid = id.slice(4);
      expect(uuidValidate(uuid)).toBe(true);
      return uuid;
    };
    expect(uuidVersion(uuidOf(items[0]!.id))).toBe(5);
    expect(uuidVersion(uuidOf(items[1]!.id))).toBe(7);
    expect(uuidVersion(uuidOf(items[2]!.id))).toBe(7);
    expect(initialContextItems(thread, turn1)[0]!.id).toBe(items[0]!.id);
    expect(uuidMessageIds.forBaseInstructions("other")).not.toBe(items[0]!.id);
    expect(new Set(items.map((item) => item.id)).size).toBe(3);
  });
});

describe("context updates between turns (§4.7)", () => {
  it("nothing changed: no items", () => {
    expect(contextUpdateItems(thread, turn1, { ...turn1 }, countingIds())).toEqual([]);
    // Same policy written with its fields in another order, or re-read AGENTS.md for the same cwd: still nothing.
    const reordered: TurnContextSettings = {
      ...turn1,
      sandboxPolicy: { type: "workspaceWrite", writableRoots: ["/x"], networkAccess: false },
    };
    const swapped: TurnContextSettings = {
      ...turn1,
      sandboxPolicy: { networkAccess: false, writableRoots: ["/x"], type: "workspaceWrite" },
      agentsMd: "edited since",
    };
    expect(contextUpdateItems(thread, reordered, swapped, countingIds())).toEqual([]);
  });

  it("sandbox changed: developer permissions, then user partial environment context", () => {
    const next = { ...turn1, sandboxPolicy: { type: "readOnly" as const } };
    expect(contextUpdateItems(thread, turn1, next, countingIds())).toEqual([
      {
        type: "message",
        id: "msg_1",
        role: "developer",
        content: [{ type: "input_text", text: permissionsInstructions({ sandboxPolicy: { type: "readOnly" }, approvalPolicy: "on-request", cwd: CWD }) }],
      },
      { type: "message", id: "msg_2", role: "user", content: [{ type: "input_text", text: partialEnvironmentContext(next) }] },
    ]);
  });

  // Observed on codex-cli 0.169.0: the environment context follows only when its filesystem element changes.
  it("approval changed (sandbox unchanged): only the permissions message", () => {
    const next: TurnContextSettings = { ...turn1, approvalPolicy: "never" };
    const items = contextUpdateItems(thread, turn1, next, countingIds());
    expect(items.map((item) => item.role)).toEqual(["developer"]);
    expect(texts(items[0]!)).toEqual([permissionsInstructions({ sandboxPolicy: { type: "workspaceWrite" }, approvalPolicy: "never", cwd: CWD })]);
  });

  it("network access changed (same permission profile): only the permissions message", () => {
    const next: TurnContextSettings = { ...turn1, sandboxPolicy: { type: "workspaceWrite", networkAccess: true } };
    const items = contextUpdateItems(thread, turn1, next, countingIds());
    expect(items.map((item) => item.role)).toEqual(["developer"]);
    expect(texts(items[0]!)[0]).toContain("Network access is enabled.");
  });

  it("granular approval flags changed: permissions resent", () => {
    const granular = (rules: boolean): TurnContextSettings => ({
      ...turn1,
      approvalPolicy: { granular: { sandbox_approval: true, rules, mcp_elicitations: false } },
    });
    expect(contextUpdateItems(thread, granular(true), granular(false), countingIds()).map((item) => item.role)).toEqual(["developer"]);
  });

  it("cwd changed: user AGENTS.md with the replacement notice and a full environment context", () => {
    const next: TurnContextSettings = { ...turn1, cwd: "/repo/other", agentsMd: "Other rules." };
    expect(contextUpdateItems(thread, turn1, next, countingIds())).toEqual([
      {
        type: "message",
        id: "msg_1",
        role: "user",
        content: [
          { type: "input_text", text: agentsMdBlock("/repo/other", "Other rules.", true) },
          { type: "input_text", text: environmentContext(next) },
        ],
      },
    ]);
  });

  it("cwd changed to a directory without AGENTS.md: only the full environment context", () => {
    const next: TurnContextSettings = { ...turn1, cwd: "/elsewhere", agentsMd: null };
    const items = contextUpdateItems(thread, turn1, next, countingIds());
    expect(items).toHaveLength(1);
    expect(texts(items[0]!)).toEqual([environmentContext(next)]);
  });

  it("cwd and permissions changed: one developer message, one user message with the full context", () => {
    const next: TurnContextSettings = { ...turn1, cwd: "/repo/other", approvalPolicy: "never", agentsMd: "Other rules." };
    const items = contextUpdateItems(thread, turn1, next, countingIds());
    expect(items.map((item) => [item.role, item.content.length])).toEqual([
      ["developer", 1],
      ["user", 2],
    ]);
    expect(texts(items[1]!)[1]).toBe(environmentContext(next));
  });

  it("switching from Plan back to Default: a developer message with the Default-mode block", () => {
    const plan: TurnContextSettings = { ...turn1, collaborationMode: { mode: "plan", developerInstructions: null } };
    const back: TurnContextSettings = { ...turn1, collaborationMode: { mode: "default", developerInstructions: null } };
    expect(contextUpdateItems(thread, plan, back, countingIds())).toEqual([
      {
        type: "message",
        id: "msg_1",
        role: "developer",
        content: [{ type: "input_text", text: collaborationModeBlock({ mode: "default", developerInstructions: null }) }],
      },
    ]);
    const items = contextUpdateItems(thread, back, plan, countingIds());
    expect(texts(items[0]!)).toEqual([collaborationModeBlock({ mode: "plan", developerInstructions: null })]);
  });

  it("new mode developer_instructions for the same mode: the block is resent; the same mode again: nothing", () => {
    const plan: TurnContextSettings = { ...turn1, collaborationMode: { mode: "plan", developerInstructions: null } };
    const custom: TurnContextSettings = { ...turn1, collaborationMode: { mode: "plan", developerInstructions: "Plan tersely." } };
    expect(texts(contextUpdateItems(thread, plan, custom, countingIds())[0]!)).toEqual(["<collaboration_mode>Plan tersely.</collaboration_mode>"]);
    expect(contextUpdateItems(thread, plan, { ...plan }, countingIds())).toEqual([]);
  });

  it("permissions and mode changed together: permissions then mode in one developer message", () => {
    const next: TurnContextSettings = { ...turn1, approvalPolicy: "never", collaborationMode: { mode: "plan", developerInstructions: null } };
    const items = contextUpdateItems(thread, turn1, next, countingIds());
    expect(texts(items[0]!)).toEqual([
      permissionsInstructions({ sandboxPolicy: { type: "workspaceWrite" }, approvalPolicy: "never", cwd: CWD }),
      collaborationModeBlock({ mode: "plan", developerInstructions: null }),
    ]);
    expect(items).toHaveLength(1);
  });

  it("a new day or timezone: a partial environment context", () => {
    const next: TurnContextSettings = { ...turn1, currentDate: "2026-12-04" };
    expect(contextUpdateItems(thread, turn1, next, countingIds())).toEqual([
      { type: "message", id: "msg_1", role: "user", content: [{ type: "input_text", text: partialEnvironmentContext(next) }] },
    ]);
  });

  it("with include_environment_context off, permission changes add only the developer message", () => {
    const next: TurnContextSettings = { ...turn1, approvalPolicy: "untrusted" };
    const items = contextUpdateItems({ ...thread, includeEnvironmentContext: false }, turn1, next, countingIds());
    expect(items.map((item) => item.role)).toEqual(["developer"]);
  });
});
