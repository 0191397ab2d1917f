import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * `$CODEX_HOME/auth.json`, byte-compatible with Codex's file store so a user's
 * existing `codex login` works here and a login made here works in Codex.
 *
 * Unknown top-level and `tokens` keys are preserved on rewrite. Writes go to a
 * temporary file (mode 0600) in the same directory, are fsynced and renamed over
 * the target, so readers never see a half-written file. Error messages describe
 * what is wrong (path, expected type, JSON position) but never echo file contents.
 */

export const AUTH_FILE_NAME = "auth.json";

const TokenDataSchema = z
  .object({
    id_token: z.string(),
    access_token: z.string(),
    refresh_token: z.string(),
    account_id: z.string().nullish(),
  })
  .passthrough();

const AuthDotJsonSchema = z
  .object({
    auth_mode: z.string().nullish(),
    OPENAI_API_KEY: z.string().nullish(),
    tokens: TokenDataSchema.nullish(),
    last_refresh: z.string().nullish(),
  })
  .passthrough();

export type TokenData = z.infer<typeof TokenDataSchema>;
export type AuthDotJson = z.infer<typeof AuthDotJsonSchema>;

export type AuthFileRead =
  | { status: "missing"; file: string }
  | { status: "ok"; file: string; data: AuthDotJson; mtimeMs: number; size: number }
  | { status: "invalid"; file: string; reason: string; mtimeMs: number; size: number };

export function authFilePath(codexHome: string): string {
  return path.join(codexHome, AUTH_FILE_NAME);
}

/**
 * Offset of the first JSON syntax error in `text` (a small validating scanner;
 * V8's messages do not always carry a position and quote the text, which may
 * hold secrets).
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < " ") fail();
      if (ch === "\\") {
        i++;
        const esc = text[i];
        if (esc === "u") {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) fail();
          i += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          i++;
        } else {
          fail();
        }
      } else {
        i++;
      }
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === "" || m[0] === "-") fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail();
      }
    } else if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail();
      }
    } else if (ch === '"') {
      string();
    } else if (ch === "t") {
      literal("true");
    } else if (ch === "f") {
      literal("false");
    } else if (ch === "n") {
      literal("null");
    } else {
      number();
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (offset) {
    if (typeof offset === "number") return Math.min(offset, text.length);
    throw offset;
  }
  return text.length;
}

/** "at line L column C" of the first JSON syntax error, computed without quoting the text. */
function jsonErrorLocation(text: string): string {
  const offset = jsonErrorOffset(text);
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (text[i] === "\n") {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return ` at line ${line} column ${column}`;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function schemaProblem(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join(".") : "the top level";
  let actual: unknown = input;
  for (const segment of issue.path) {
    actual = actual !== null && typeof actual === "object" ? (actual as Record<string | number, unknown>)[segment] : undefined;
  }
  if (issue.code === "invalid_type") {
    if (actual === undefined) return `missing field \`${where}\``;
    return `\`${where}\` must be ${issue.expected === "object" ? "an object" : `a ${issue.expected}`}, found ${describeType(actual)}`;
  }
  return `invalid value at \`${where}\``;
}

/** Parses the text of an auth.json; returns a safe problem description when it is not valid. */
export function parseAuthDotJson(text: string): { ok: true; data: AuthDotJson } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: `invalid JSON${jsonErrorLocation(text)}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, reason: `expected a JSON object, found ${describeType(value)}` };
  }
  const parsed = AuthDotJsonSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: schemaProblem(parsed.error, value) };
  return { ok: true, data: parsed.data };
}

export async function readAuthFile(codexHome: string): Promise<AuthFileRead> {
  const file = authFilePath(codexHome);
  let text: string;
  let stat: { mtimeMs: number; size: number };
  try {
    const handle = await fs.open(file, "r");
    try {
      const st = await handle.stat();
      stat = { mtimeMs: st.mtimeMs, size: st.size };
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { status: "missing", file };
    return { status: "invalid", file, reason: `cannot read the file (${code ?? "I/O error"})`, mtimeMs: 0, size: 0 };
  }
  const parsed = parseAuthDotJson(text);
  if (!parsed.ok) return { status: "invalid", file, reason: parsed.reason, ...stat };
  return { status: "ok", file, data: parsed.data, ...stat };
}

/** Cheap change detection: the file's mtime and size, or `null` when absent. */
export async function statAuthFile(codexHome: string): Promise<{ mtimeMs: number; size: number } | null> {
  try {
    const st = await fs.stat(authFilePath(codexHome));
    return { mtimeMs: st.mtimeMs, size: st.size };
  } catch {
    return null;
  }
}

/**
 * Atomically replaces auth.json: write a 0600 temp file beside it, fsync, rename.
 * The directory is created (0700) when missing.
 */
export async function writeAuthFile(codexHome: string, data: AuthDotJson): Promise<void> {
  await fs.mkdir(codexHome, { recursive: true, mode: 0o700 });
  const file = authFilePath(codexHome);
  const temp = path.join(codexHome, `.${AUTH_FILE_NAME}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const text = `${JSON.stringify(data, null, 2)}\n`;
  const handle = await fs.open(temp, "wx", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    // The umask may have narrowed the mode further, never widened it; make it exact.
    await handle.chmod(0o600);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Removes auth.json; true when a file was removed. */
export async function deleteAuthFile(codexHome: string): Promise<boolean> {
  try {
    await fs.unlink(authFilePath(codexHome));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Moves an unreadable auth.json aside (`auth.json.corrupt-<timestamp>`) so an
 * explicit login or logout never destroys it; returns the backup path.
 */
export async function backupCorruptAuthFile(codexHome: string): Promise<string> {
  const file = authFilePath(codexHome);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const backup = `${file}.corrupt-${stamp}`;
  await fs.rename(file, backup);
  return backup;
}
