import { describe, expect, it } from "vitest";
import { permissionsInstructions, writableRoots } from "../../src/core/context/index.js";
import type { AskForApproval, SandboxPolicy } from "../../src/protocol/policy.js";

const CWD = "/tmp/parity-7f3a2c/project";

const SANDBOXES: Record<string, SandboxPolicy> = {
  "read-only": { type: "readOnly" },
  "workspace-write": { type: "workspaceWrite" },
  "danger-full-access": { type: "dangerFullAccess" },
};
const APPROVALS = ["untrusted", "on-request", "never"] as const;

/** The reference's measured sizes (fact sheet 4.3), where it measured them. */
const REFERENCE_SIZES: Record<string, number> = {
  "read-only/on-request": 3882,
  "workspace-write/on-request": 4045,
  "workspace-write/never": 504,
  "workspace-write/untrusted": 536,
  "read-only/never": 341,
  "danger-full-access/never": 362,
};

function render(mode: string, approval: AskForApproval, extra: Partial<Parameters<typeof permissionsInstructions>[0]> = {}): string {
  return permissionsInstructions({ sandboxPolicy: SANDBOXES[mode]!, approvalPolicy: approval, cwd: CWD, ...extra });
}

describe("permissions instructions for every sandbox mode × approval policy", () => {
  for (const mode of Object.keys(SANDBOXES)) {
    for (const approval of APPROVALS) {
      describe(`${mode} / ${approval}`, () => {
        const text = render(mode, approval);

        it("is one block wrapped in the permissions tags", () => {
          expect(text.startsWith("<permissions instructions>\n")).toBe(true);
          expect(text.endsWith("\n</permissions instructions>")).toBe(true);
          expect(text.match(/<permissions instructions>/g)).toHaveLength(1);
        });

        it("names the sandbox mode literally, with the network state, as its first piece", () => {
          const first = text.split("\n")[1]!;
          expect(first).toContain(`\`sandbox_mode\` is \`${mode}\``);
          expect(first.endsWith(mode === "danger-full-access" ? "Network access is enabled." : "Network access is restricted.")).toBe(true);
        });

        it("carries the approval piece of the policy", () => {
          if (approval === "on-request") {
            expect(text).toContain("# Escalation requests");
            expect(text).toContain('`sandbox_permissions: "require_escalated"`');
            expect(text).toContain("`justification`");
            expect(text).toContain("`prefix_rule`");
            expect(text).toContain("## prefix_rule guidance");
          } else {
            expect(text).not.toContain("# Escalation requests");
          }
          if (approval === "never") {
            expect(text).toContain("The approval policy is never");
            expect(text).toContain("never set `sandbox_permissions`");
          }
          if (approval === "untrusted") expect(text).toContain("`approval_policy` is `unless-trusted`");
        });

        it("lists the writable roots only under workspace-write", () => {
          const rootsLine = ` The writable roots are \`/tmp\`, \`${CWD}\`.`;
          if (mode === "workspace-write") expect(text.split("\n").at(-2)).toBe(rootsLine);
          else expect(text).not.toContain("writable roots are");
        });

        it("is in the size range of the reference's text", () => {
          const reference = REFERENCE_SIZES[`${mode}/${approval}`];
          if (approval === "on-request") expect(text.length).toBeGreaterThan(3300);
          if (approval === "on-request") expect(text.length).toBeLessThan(4600);
          if (approval !== "on-request") expect(text.length).toBeLessThan(650);
          if (approval !== "on-request") expect(text.length).toBeGreaterThan(300);
          if (reference !== undefined) expect(Math.abs(text.length - reference) / reference).toBeLessThan(0.15);
        });
      });
    }
  }
});

describe("the escalation section (on-request)", () => {
  const text = render("workspace-write", "on-request");

  it("explains how a command string is split into segments", () => {
    for (const operator of ["`|`", "`&&`", "`||`", "`;`"]) expect(text).toContain(operator);
    expect(text).toMatch(/subshell/);
    expect(text).toMatch(/Redirections .*substitutions.*environment variable assignments.*glob patterns are not matched against rules/s);
  });

  it("has the how, when and prefix_rule sections in that order", () => {
    const how = text.indexOf("## How to request escalation");
    const when = text.indexOf("## When to request escalation");
    const guidance = text.indexOf("## prefix_rule guidance");
    expect(how).toBeGreaterThan(0);
    expect(when).toBeGreaterThan(how);
    expect(guidance).toBeGreaterThan(when);
  });

  it("names the banned prefix categories with examples", () => {
    const guidance = text.slice(text.indexOf("## prefix_rule guidance"));
    expect(guidance).toContain('`["python3"]`');
    expect(guidance).toContain('`["rm"]`');
    expect(guidance).toMatch(/heredoc/);
    expect(guidance).toContain('`["cargo", "build"]`');
  });

  it("covers when to escalate: outside writable roots, GUI apps, network failures, unrequested destructive actions", () => {
    const when = text.slice(text.indexOf("## When to request escalation"), text.indexOf("## prefix_rule guidance"));
    expect(when).toMatch(/outside the writable roots/);
    expect(when).toMatch(/GUI application/);
    expect(when).toMatch(/network/);
    expect(when).toMatch(/destructive/);
  });
});

describe("network state follows the policy", () => {
  it("says enabled when a read-only or workspace-write policy allows the network", () => {
    expect(permissionsInstructions({ sandboxPolicy: { type: "readOnly", networkAccess: true }, approvalPolicy: "never", cwd: CWD })).toContain(
      "Network access is enabled.",
    );
    expect(
      permissionsInstructions({ sandboxPolicy: { type: "workspaceWrite", networkAccess: true }, approvalPolicy: "never", cwd: CWD }),
    ).toContain("Network access is enabled.");
  });

  it("describes an external sandbox as full access with its own network setting", () => {
    const text = permissionsInstructions({ sandboxPolicy: { type: "externalSandbox" }, approvalPolicy: "never", cwd: CWD });
    expect(text).toContain("`sandbox_mode` is `danger-full-access`");
    expect(text).toContain("Network access is restricted.");
  });
});

describe("writable roots", () => {
  it("lists /tmp, the cwd, the configured roots and $TMPDIR without duplicates, sorted, on a line starting with a blank (as codex 0.169.0 sends it)", () => {
    const policy: SandboxPolicy = { type: "workspaceWrite", writableRoots: ["/data", CWD] };
    expect(writableRoots({ sandboxPolicy: policy, cwd: CWD, tmpdir: "/var/tmp/x" })).toEqual(["/data", "/tmp", CWD, "/var/tmp/x"]);
    expect(render("workspace-write", "never", { sandboxPolicy: policy, tmpdir: "/tmp" })).toContain(
      `\n The writable roots are \`/data\`, \`/tmp\`, \`${CWD}\`.\n</permissions instructions>`,
    );
    // Observed: a cwd under /root comes before /tmp, one under /work after it.
    expect(writableRoots({ sandboxPolicy: { type: "workspaceWrite" }, cwd: "/root/w" })).toEqual(["/root/w", "/tmp"]);
    expect(writableRoots({ sandboxPolicy: { type: "workspaceWrite" }, cwd: "/work/w" })).toEqual(["/tmp", "/work/w"]);
  });

  it("leaves out /tmp and $TMPDIR when the policy excludes them", () => {
    const policy: SandboxPolicy = { type: "workspaceWrite", excludeSlashTmp: true, excludeTmpdirEnvVar: true };
    expect(writableRoots({ sandboxPolicy: policy, cwd: CWD, tmpdir: "/var/tmp/x" })).toEqual([CWD]);
  });

  it("is empty outside workspace-write", () => {
    expect(writableRoots({ sandboxPolicy: { type: "readOnly" }, cwd: CWD })).toEqual([]);
  });
});

describe("granular approval policies", () => {
  it("teaches escalation when sandbox approvals may reach the user, and lists the silent categories", () => {
    const text = render("workspace-write", { granular: { sandbox_approval: true, rules: true, mcp_elicitations: true } });
    expect(text).toContain("# Escalation requests");
    expect(text).toContain("rejected automatically: skill approvals, permission requests.");
  });

  it("forbids sandbox_permissions when sandbox approvals are rejected", () => {
    const text = render("read-only", { granular: { sandbox_approval: false, rules: false, mcp_elicitations: false, skill_approval: true, request_permissions: true } });
    expect(text).not.toContain("# Escalation requests");
    expect(text).toContain("do not set `sandbox_permissions`");
    expect(text).toContain("rejected automatically: approval rules (commands are not matched against prompt rules), MCP server questions.");
  });
});

describe("catalog replacements and approved prefixes", () => {
  it("uses the catalog's approval text instead of the built-in piece", () => {
    const text = render("read-only", "on-request", { catalogApprovals: { on_request: "ASK POLITELY" } });
    expect(text).toBe(`<permissions instructions>\n${text.split("\n")[1]}\nASK POLITELY\n</permissions instructions>`);
    expect(render("read-only", "never", { catalogApprovals: { on_request: "ASK POLITELY" } })).toContain("The approval policy is never");
  });

  // Captured from codex-cli 0.169.0 with a model_catalog_json entry carrying marker texts.
  it("uses the catalog's permissions text for the mode instead of the built-in sentence (network state included); a null one keeps the built-in", () => {
    const catalogPermissions = { danger_full_access: "PERM-DFA", workspace_write: "PERM-WW", read_only: "PERM-RO" };
    const catalogApprovals = { on_request: "APPR-ONREQ", never: "APPR-NEVER", unless_trusted: "APPR-UNTRUSTED" };
    const cwd = "/root/.cache/w";
    const sandboxPolicy: SandboxPolicy = { type: "workspaceWrite" };
    expect(permissionsInstructions({ sandboxPolicy, approvalPolicy: "on-request", cwd, catalogPermissions, catalogApprovals })).toBe(
      "<permissions instructions>\nPERM-WW\nAPPR-ONREQ\n The writable roots are `/root/.cache/w`, `/tmp`.\n</permissions instructions>",
    );
    expect(render("read-only", "never", { catalogPermissions, catalogApprovals })).toBe("<permissions instructions>\nPERM-RO\nAPPR-NEVER\n</permissions instructions>");
    expect(render("danger-full-access", "never", { catalogPermissions, catalogApprovals })).toBe("<permissions instructions>\nPERM-DFA\nAPPR-NEVER\n</permissions instructions>");
    expect(render("read-only", "never", { catalogPermissions: { workspace_write: "PERM-WW", read_only: null } })).toContain("`sandbox_mode` is `read-only`");
  });

  it("lists approved prefix rules when the policy can ask, before the writable roots", () => {
    const text = render("workspace-write", "on-request", { approvedPrefixRules: [["npm", "test"], ["cargo", "build"]] });
    const lines = text.split("\n");
    expect(lines.at(-3)).toBe('Commands starting with these prefixes were already approved and run outside the sandbox without asking: ["npm","test"], ["cargo","build"].');
    expect(lines.at(-2)).toMatch(/^ The writable roots are/);
    expect(render("workspace-write", "never", { approvedPrefixRules: [["npm", "test"]] })).not.toContain("already approved");
  });
});
