import type { SandboxPolicy } from "../../protocol/policy.js";

/**
 * The `<environment_context>` user-message part: two-space indentation, one
 * line per field, the filesystem permission profile on a single line. It holds
 * no approval, sandbox-mode or network tags: those live in the permissions
 * instructions.
 */
export interface EnvironmentFacts {
  /** Absolute working directory of the turn. */
  cwd: string;
  /** Shell name, e.g. `bash` (not a path). */
  shell: string;
  /** `YYYY-MM-DD` in `timezone`; see `currentDateIn`. */
  currentDate: string;
  /** IANA zone name, e.g. `Etc/UTC`. */
  timezone: string;
  sandboxPolicy: SandboxPolicy;
}

const OPEN = "<environment_context>";
const CLOSE = "</environment_context>";

/** Directories inside a writable root that stay read-only, in the order the reference lists them. */
export const READ_ONLY_CARVE_OUTS = [".git", ".agents", ".codex", ".aws"] as const;

/** The calendar date of `now` in `timeZone`, as `YYYY-MM-DD`. */
export function currentDateIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

function joinPath(root: string, name: string): string {
  return root.endsWith("/") ? `${root}${name}` : `${root}/${name}`;
}

function entry(access: "read" | "write", target: string): string {
  return `<entry access="${access}">${target}</entry>`;
}

const special = (name: string) => `<special>${name}</special>`;
const pathElement = (p: string) => `<path>${p}</path>`;

/** Writable directories of a workspace-write policy besides the special temp dirs: the cwd first, then the extra roots. */
function writablePaths(cwd: string, policy: Extract<SandboxPolicy, { type: "workspaceWrite" }>): string[] {
  const roots = [cwd];
  for (const root of policy.writableRoots ?? []) if (!roots.includes(root)) roots.push(root);
  return roots;
}

/** `<permission_profile …>…</permission_profile>` for a sandbox policy. */
export function permissionProfile(cwd: string, policy: SandboxPolicy): string {
  switch (policy.type) {
    case "readOnly":
      return `<permission_profile type="managed"><file_system type="restricted">${entry("read", special(":root"))}</file_system></permission_profile>`;
    case "workspaceWrite": {
      const roots = writablePaths(cwd, policy);
      const entries = [entry("read", special(":root"))];
      for (const root of roots) entries.push(entry("write", pathElement(root)));
      if (!policy.excludeSlashTmp) entries.push(entry("write", special(":slash_tmp")));
      if (!policy.excludeTmpdirEnvVar) entries.push(entry("write", special(":tmpdir")));
      for (const root of roots) for (const name of READ_ONLY_CARVE_OUTS) entries.push(entry("read", pathElement(joinPath(root, name))));
      return `<permission_profile type="managed"><file_system type="restricted">${entries.join("")}</file_system></permission_profile>`;
    }
    // An external sandbox is enforced outside our process: inside it nothing is restricted by us.
    case "externalSandbox":
    case "dangerFullAccess":
      return `<permission_profile type="disabled"><file_system type="unrestricted" /></permission_profile>`;
  }
}

/** The one-line `<filesystem>` element. */
export function filesystemElement(cwd: string, policy: SandboxPolicy): string {
  return `<filesystem><workspace_roots><root>${cwd}</root></workspace_roots>${permissionProfile(cwd, policy)}</filesystem>`;
}

function wrap(lines: string[]): string {
  return [OPEN, ...lines.map((line) => `  ${line}`), CLOSE].join("\n");
}

/** The full block sent in a thread's first request and after a cwd change. */
export function environmentContext(facts: EnvironmentFacts): string {
  return wrap([
    `<cwd>${facts.cwd}</cwd>`,
    `<shell>${facts.shell}</shell>`,
    `<current_date>${facts.currentDate}</current_date>`,
    `<timezone>${facts.timezone}</timezone>`,
    filesystemElement(facts.cwd, facts.sandboxPolicy),
  ]);
}

/** The partial block sent when only permissions (or the date or timezone) changed: date, timezone and filesystem. */
export function partialEnvironmentContext(facts: EnvironmentFacts): string {
  return wrap([
    `<current_date>${facts.currentDate}</current_date>`,
    `<timezone>${facts.timezone}</timezone>`,
    filesystemElement(facts.cwd, facts.sandboxPolicy),
  ]);
}
