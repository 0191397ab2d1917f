/**
 * OAuth credentials of MCP servers, kept in `$CODEX_HOME/.credentials.json`
 * (the reference's file store), one entry per server name and URL: the
 * registered client, the tokens with their expiry, and the discovery result.
 * Every write replaces the file atomically (0600 temp file, fsync, rename).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const MCP_CREDENTIALS_FILE = ".credentials.json";

export interface McpOAuthTokens {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  [key: string]: unknown;
}

export interface McpOAuthEntry {
  serverName: string;
  serverUrl: string;
  clientInformation?: Record<string, unknown>;
  tokens?: McpOAuthTokens;
  /** When the access token expires (ms since the epoch); null when the server did not say. */
  expiresAt?: number | null;
  discoveryState?: Record<string, unknown>;
}

type CredentialsFile = { mcpOAuth?: Record<string, McpOAuthEntry> } & Record<string, unknown>;

function entryKey(serverName: string, serverUrl: string): string {
  return `${serverName}|${serverUrl}`;
}

export class McpOAuthStore {
  constructor(private readonly codexHome: string) {}

  get file(): string {
    return path.join(this.codexHome, MCP_CREDENTIALS_FILE);
  }

  private read(): CredentialsFile {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, "utf8"));
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as CredentialsFile) : {};
    } catch {
      return {};
    }
  }

  get(serverName: string, serverUrl: string): McpOAuthEntry | null {
    return this.read().mcpOAuth?.[entryKey(serverName, serverUrl)] ?? null;
  }

  /** Merges `patch` into the server's entry (undefined fields are removed) and writes the file. */
  update(serverName: string, serverUrl: string, patch: Partial<McpOAuthEntry>): void {
    const data = this.read();
    const entries = { ...(data.mcpOAuth ?? {}) };
    const key = entryKey(serverName, serverUrl);
    const next: McpOAuthEntry = { ...(entries[key] ?? { serverName, serverUrl }), ...patch };
    for (const field of Object.keys(patch) as Array<keyof McpOAuthEntry>) if (patch[field] === undefined) delete next[field];
    entries[key] = next;
    this.write({ ...data, mcpOAuth: entries });
  }

  private write(data: CredentialsFile): void {
    fs.mkdirSync(this.codexHome, { recursive: true, mode: 0o700 });
    const temp = path.join(this.codexHome, `${MCP_CREDENTIALS_FILE}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    const handle = fs.openSync(temp, "wx", 0o600);
    try {
      fs.writeFileSync(handle, `${JSON.stringify(data, null, 2)}\n`);
      // The umask may have narrowed the mode, never widened it; make it exact.
      fs.fchmodSync(handle, 0o600);
      fs.fsyncSync(handle);
    } catch (error) {
      fs.closeSync(handle);
      fs.rmSync(temp, { force: true });
      throw error;
    }
    fs.closeSync(handle);
    fs.renameSync(temp, this.file);
  }
}
