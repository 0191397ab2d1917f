import { readFileSync } from "node:fs";

/** The codex-cli release whose app-server protocol this server speaks. */
export const CODEX_PROTOCOL_VERSION = "0.169.0";

function readPackageVersion(): string {
  try {
    const url = new URL("../../package.json", import.meta.url);
    return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

export const PACKAGE_VERSION = readPackageVersion();
