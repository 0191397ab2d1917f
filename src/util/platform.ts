import { readFileSync } from "node:fs";
import os from "node:os";
import { CODEX_PROTOCOL_VERSION } from "../version.js";

export function platformFamily(): string {
  return process.platform === "win32" ? "windows" : "unix";
}

export function platformOs(): string {
  switch (process.platform) {
    case "darwin":
      return "macos";
    case "win32":
      return "windows";
    default:
      return process.platform;
  }
}

function semver(version: string): string {
  const parts = version.split(".").filter((p) => /^\d+$/.test(p));
  while (parts.length < 3) parts.push("0");
  return parts.slice(0, 3).join(".");
}

let cachedOs: string | undefined;

/** "Debian 12.0.0"-style operating system label, as the reference puts in its user agent. */
function osLabel(): string {
  if (cachedOs) return cachedOs;
  if (process.platform === "linux") {
    try {
      const release = readFileSync("/etc/os-release", "utf8");
      const field = (key: string) => new RegExp(`^${key}="?([^"\\n]*)"?$`, "m").exec(release)?.[1];
      const name = field("NAME")?.replace(/ GNU\/Linux$/, "") ?? "Linux";
      const version = field("VERSION_ID");
      cachedOs = version ? `${name} ${semver(version)}` : name;
      return cachedOs;
    } catch {
      // Fall through to the kernel release.
    }
  }
  const name = process.platform === "darwin" ? "Mac OS" : process.platform === "win32" ? "Windows" : os.type();
  cachedOs = `${name} ${semver(os.release())}`;
  return cachedOs;
}

function archLabel(): string {
  switch (process.arch) {
    case "x64":
      return "x86_64";
    case "arm64":
      return "arm64";
    default:
      return process.arch;
  }
}

function terminalLabel(): string {
  const program = process.env.TERM_PROGRAM;
  if (program) {
    const version = process.env.TERM_PROGRAM_VERSION;
    return version ? `${program}/${version}` : program;
  }
  return process.env.TERM || "unknown";
}

/**
 * `<client>/<version> (<os>; <arch>) <terminal> (<client>; <client version>)`,
 * the format the reference answers from `initialize` and sends to the backend.
 */
export function buildUserAgent(clientName: string, clientVersion: string): string {
  return `${clientName}/${CODEX_PROTOCOL_VERSION} (${osLabel()}; ${archLabel()}) ${terminalLabel()} (${clientName}; ${clientVersion})`;
}

/** True when `value` can be sent as an HTTP header value (visible ASCII, spaces and tabs). */
export function isValidHeaderValue(value: string): boolean {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(value) && !/^[\t ]|[\t ]$/.test(value);
}
