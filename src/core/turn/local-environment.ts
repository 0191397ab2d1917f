import { readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

/** The user's shell as the environment context names it: the basename of `$SHELL`, `bash` when unset. */
export function shellName(env: NodeJS.ProcessEnv = process.env): string {
  const shell = env.SHELL?.trim();
  return shell ? path.basename(shell) : "bash";
}

function zoneFromLocaltime(): string | undefined {
  try {
    const target = readlinkSync("/etc/localtime");
    const at = target.indexOf("zoneinfo/");
    if (at >= 0) return target.slice(at + "zoneinfo/".length);
  } catch {
    // Not a symlink (or absent): try /etc/timezone.
  }
  try {
    const name = readFileSync("/etc/timezone", "utf8").trim();
    if (name) return name;
  } catch {
    // Absent.
  }
  return undefined;
}

/**
 * The IANA zone name of the machine, as the reference reports it (`Etc/UTC`
 * on a container without zone settings): `$TZ`, else the zone `/etc/localtime`
 * links to, else `/etc/timezone`, else what the runtime resolves.
 */
export function localTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TZ?.trim().replace(/^:/, "");
  if (fromEnv && !fromEnv.startsWith("/")) return fromEnv;
  return zoneFromLocaltime() ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "Etc/UTC";
}
