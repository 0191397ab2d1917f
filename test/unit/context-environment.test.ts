import { describe, expect, it } from "vitest";
import {
  currentDateIn,
  environmentContext,
  filesystemElement,
  partialEnvironmentContext,
  permissionProfile,
  type EnvironmentFacts,
} from "../../src/core/context/index.js";
import { turnContextSettings } from "../../src/core/turn/request-context.js";
import type { ThreadSettings } from "../../src/store/types.js";

const CWD = "/abs/cwd";
const base: Omit<EnvironmentFacts, "sandboxPolicy"> = { cwd: CWD, shell: "bash", currentDate: "2026-12-03", timezone: "Etc/UTC" };

const READ_ONLY_PROFILE =
  '<permission_profile type="managed"><file_system type="restricted"><entry access="read"><special>:root</special></entry></file_system></permission_profile>';
const WORKSPACE_WRITE_PROFILE =
  '<permission_profile type="managed"><file_system type="restricted">' +
  '<entry access="read"><special>:root</special></entry>' +
  '<entry access="write"><path>/abs/cwd</path></entry>' +
  '<entry access="write"><special>:slash_tmp</special></entry>' +
  '<entry access="write"><special>:tmpdir</special></entry>' +
  '<entry access="read"><path>/abs/cwd/.git</path></entry>' +
  '<entry access="read"><path>/abs/cwd/.agents</path></entry>' +
  '<entry access="read"><path>/abs/cwd/.codex</path></entry>' +
  '<entry access="read"><path>/abs/cwd/.aws</path></entry>' +
  "</file_system></permission_profile>";
const FULL_ACCESS_PROFILE = '<permission_profile type="disabled"><file_system type="unrestricted" /></permission_profile>';

describe("permission_profile by sandbox", () => {
  it("read-only: managed, restricted, read of :root", () => {
    expect(permissionProfile(CWD, { type: "readOnly" })).toBe(READ_ONLY_PROFILE);
    expect(permissionProfile(CWD, { type: "readOnly", networkAccess: true })).toBe(READ_ONLY_PROFILE);
  });

  it("workspace-write: read :root, write cwd, /tmp and $TMPDIR, read-only carve-outs inside the cwd", () => {
    expect(permissionProfile(CWD, { type: "workspaceWrite" })).toBe(WORKSPACE_WRITE_PROFILE);
  });

  it("danger-full-access: disabled, unrestricted", () => {
    expect(permissionProfile(CWD, { type: "dangerFullAccess" })).toBe(FULL_ACCESS_PROFILE);
  });

  it("workspace-write with extra roots and exclusions", () => {
    const profile = permissionProfile(CWD, { type: "workspaceWrite", writableRoots: ["/data/"], excludeSlashTmp: true, excludeTmpdirEnvVar: true });
    expect(profile).toBe(
      '<permission_profile type="managed"><file_system type="restricted">' +
        '<entry access="read"><special>:root</special></entry>' +
        '<entry access="write"><path>/abs/cwd</path></entry>' +
        '<entry access="write"><path>/data/</path></entry>' +
        '<entry access="read"><path>/abs/cwd/.git</path></entry><entry access="read"><path>/abs/cwd/.agents</path></entry>' +
        '<entry access="read"><path>/abs/cwd/.codex</path></entry><entry access="read"><path>/abs/cwd/.aws</path></entry>' +
        '<entry access="read"><path>/data/.git</path></entry><entry access="read"><path>/data/.agents</path></entry>' +
        '<entry access="read"><path>/data/.codex</path></entry><entry access="read"><path>/data/.aws</path></entry>' +
        "</file_system></permission_profile>",
    );
  });

  it("the filesystem element holds the workspace roots then the profile, on one line", () => {
    expect(filesystemElement(CWD, { type: "readOnly" })).toBe(
      `<filesystem><workspace_roots><root>/abs/cwd</root></workspace_roots>${READ_ONLY_PROFILE}</filesystem>`,
    );
  });
});

describe("<environment_context>", () => {
  it("full form, byte for byte (workspace-write)", () => {
    expect(environmentContext({ ...base, sandboxPolicy: { type: "workspaceWrite" } })).toBe(
      "<environment_context>\n" +
        "  <cwd>/abs/cwd</cwd>\n" +
        "  <shell>bash</shell>\n" +
        "  <current_date>2026-12-03</current_date>\n" +
        "  <timezone>Etc/UTC</timezone>\n" +
        `  <filesystem><workspace_roots><root>/abs/cwd</root></workspace_roots>${WORKSPACE_WRITE_PROFILE}</filesystem>\n` +
        "</environment_context>",
    );
  });

  it("full form for read-only and danger-full-access", () => {
    for (const [policy, profile] of [
      [{ type: "readOnly" } as const, READ_ONLY_PROFILE],
      [{ type: "dangerFullAccess" } as const, FULL_ACCESS_PROFILE],
    ] as const) {
      expect(environmentContext({ ...base, shell: "zsh", timezone: "Europe/Berlin", sandboxPolicy: policy })).toBe(
        [
          "<environment_context>",
          "  <cwd>/abs/cwd</cwd>",
          "  <shell>zsh</shell>",
          "  <current_date>2026-12-03</current_date>",
          "  <timezone>Europe/Berlin</timezone>",
          `  <filesystem><workspace_roots><root>/abs/cwd</root></workspace_roots>${profile}</filesystem>`,
          "</environment_context>",
        ].join("\n"),
      );
    }
  });

  it("carries no approval, sandbox-mode or network tags", () => {
    const text = environmentContext({ ...base, sandboxPolicy: { type: "workspaceWrite", networkAccess: true } });
    expect(text).not.toMatch(/approval|sandbox_mode|network/);
  });

  it("partial form: only current_date, timezone and filesystem", () => {
    expect(partialEnvironmentContext({ ...base, sandboxPolicy: { type: "dangerFullAccess" } })).toBe(
      "<environment_context>\n" +
        "  <current_date>2026-12-03</current_date>\n" +
        "  <timezone>Etc/UTC</timezone>\n" +
        `  <filesystem><workspace_roots><root>/abs/cwd</root></workspace_roots>${FULL_ACCESS_PROFILE}</filesystem>\n` +
        "</environment_context>",
    );
  });
});

describe("currentDateIn", () => {
  const instant = new Date("2026-12-03T23:30:00Z");
  it("formats the calendar date in the given zone", () => {
    expect(currentDateIn(instant, "Etc/UTC")).toBe("2026-12-03");
    expect(currentDateIn(instant, "Asia/Tokyo")).toBe("2026-12-04");
    expect(currentDateIn(new Date("2026-01-05T03:00:00Z"), "America/Los_Angeles")).toBe("2026-01-04");
  });
});

describe("turnContextSettings' date and zone", () => {
  const instant = new Date("2026-12-03T23:30:00Z");
  const settings = { cwd: CWD, sandboxPolicy: { type: "readOnly" }, approvalPolicy: "never" } as unknown as ThreadSettings;

  function withTz<T>(tz: string, run: () => T): T {
    const saved = process.env.TZ;
    process.env.TZ = tz;
    try {
      return run();
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  }

  it("gives the machine zone's calendar date, as the zone's formatter does", () => {
    for (const [tz, date] of [["Asia/Tokyo", "2026-12-04"], ["America/Los_Angeles", "2026-12-03"], ["Etc/UTC", "2026-12-03"]] as const) {
      const context = withTz(tz, () => turnContextSettings(settings, null, undefined, instant));
      expect(context).toMatchObject({ timezone: tz, currentDate: date });
      expect(context.currentDate).toBe(currentDateIn(instant, tz));
    }
  });

  it("reports UTC for a zone name the runtime does not know", () => {
    const context = withTz("Nowhere/Atlantis", () => turnContextSettings(settings, null, undefined, instant));
    expect(context).toMatchObject({ timezone: "Etc/UTC", currentDate: "2026-12-03" });
  });
});
