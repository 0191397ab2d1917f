import { describe, expect, it } from "vitest";
import { chooseBaseInstructions, FALLBACK_BASE_INSTRUCTIONS } from "../../src/core/context/index.js";

describe("the built-in fallback prompt", () => {
  it("is about the size of the reference's fallback (~17 000 chars)", () => {
    expect(FALLBACK_BASE_INSTRUCTIONS.length).toBeGreaterThanOrEqual(15_000);
    expect(FALLBACK_BASE_INSTRUCTIONS.length).toBeLessThanOrEqual(18_000);
  });

  it("covers every section the fact sheet lists, in order", () => {
    const headings = [
      "# How you work",
      "## Personality",
      "## AGENTS.md files",
      "## Responsiveness",
      "### Preamble messages",
      "## Planning",
      "## Task execution",
      "### Editing files with apply_patch",
      "## Sandbox and approvals",
      "## Validating your work",
      "## Ambition vs. precision",
      "## Sharing progress updates",
      "## Presenting your work and final message",
      "### Final answer structure and style guidelines",
      "# Tool guidelines",
      "## Shell commands",
    ];
    let at = -1;
    for (const heading of headings) {
      const found = FALLBACK_BASE_INSTRUCTIONS.indexOf(`\n${heading}\n`, at + 1);
      expect(found, heading).toBeGreaterThan(at);
      at = found;
    }
  });

  it("identifies the agent and its capabilities", () => {
    const intro = FALLBACK_BASE_INSTRUCTIONS.slice(0, FALLBACK_BASE_INSTRUCTIONS.indexOf("# How you work"));
    expect(intro).toMatch(/coding agent/);
    expect(intro).toMatch(/Codex/);
    expect(intro).toMatch(/open-source/);
    expect(intro).toMatch(/OpenAI/);
    expect(intro).toMatch(/plan/);
    expect(intro).toMatch(/patches/);
    expect(intro).toMatch(/outside the sandbox/);
  });

  it("teaches apply_patch through the shell, in heredoc and command-array form, with the patch grammar's markers", () => {
    expect(FALLBACK_BASE_INSTRUCTIONS).toContain("apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: src/app.py\n");
    expect(FALLBACK_BASE_INSTRUCTIONS).toContain('{"command":["apply_patch","*** Begin Patch\\n*** Add File: hello.txt\\n+Hello\\n*** End Patch\\n"]}');
    for (const marker of ["*** Add File: ", "*** Delete File: ", "*** Update File: ", "*** Move to: ", "*** End Patch"]) {
      expect(FALLBACK_BASE_INSTRUCTIONS).toContain(marker);
    }
  });

  it("ties validation to the approval mode and prefers rg", () => {
    const validating = FALLBACK_BASE_INSTRUCTIONS.slice(FALLBACK_BASE_INSTRUCTIONS.indexOf("## Validating your work"));
    expect(validating).toMatch(/`never`[^\n]*proactive/);
    expect(validating).toMatch(/`untrusted` or `on-request`, hold off/);
    expect(FALLBACK_BASE_INSTRUCTIONS).toContain("`rg --files`");
  });

  it("states AGENTS.md scope and precedence", () => {
    const agents = FALLBACK_BASE_INSTRUCTIONS.slice(FALLBACK_BASE_INSTRUCTIONS.indexOf("## AGENTS.md files"), FALLBACK_BASE_INSTRUCTIONS.indexOf("## Responsiveness"));
    expect(agents).toMatch(/Scope: .*directory tree/);
    expect(agents).toMatch(/deeper in the directory tree wins/);
    expect(agents).toMatch(/system, the developer or the user .* take precedence/);
  });

  it("has no leftover template syntax", () => {
    expect(FALLBACK_BASE_INSTRUCTIONS).not.toMatch(/\$\{|\{\{/);
    expect(FALLBACK_BASE_INSTRUCTIONS.endsWith("\n")).toBe(false);
  });
});

describe("chooseBaseInstructions", () => {
  const catalog = { base_instructions: "CATALOG BASE", model_messages: { instructions_template: "TEMPLATE {{ personality }}" } };

  it("falls back to the built-in prompt for unknown models", () => {
    expect(chooseBaseInstructions({})).toBe(FALLBACK_BASE_INSTRUCTIONS);
    expect(chooseBaseInstructions({ catalog: null, override: null, persisted: null })).toBe(FALLBACK_BASE_INSTRUCTIONS);
    expect(chooseBaseInstructions({ catalog: { model_messages: null } })).toBe(FALLBACK_BASE_INSTRUCTIONS);
  });

  it("uses the catalog's instruction template verbatim, placeholder included, over its base_instructions", () => {
    expect(chooseBaseInstructions({ catalog })).toBe("TEMPLATE {{ personality }}");
    expect(chooseBaseInstructions({ catalog: { ...catalog, model_messages: { instructions_template: null } } })).toBe("CATALOG BASE");
    expect(chooseBaseInstructions({ catalog: { base_instructions: "CATALOG BASE", model_messages: null } })).toBe("CATALOG BASE");
  });

  it("lets the thread's baseInstructions override everything, then the instructions the thread was created with", () => {
    expect(chooseBaseInstructions({ catalog, persisted: "PERSISTED", override: "OVERRIDE" })).toBe("OVERRIDE");
    expect(chooseBaseInstructions({ catalog, persisted: "PERSISTED" })).toBe("PERSISTED");
    expect(chooseBaseInstructions({ persisted: "PERSISTED" })).toBe("PERSISTED");
  });

  it("honours an empty override", () => {
    expect(chooseBaseInstructions({ catalog, override: "" })).toBe("");
  });
});
