import { mkdirSync, openSync } from "node:fs";
import path from "node:path";
import pino, { type Logger } from "pino";

export type { Logger };

/** Keys whose values never reach a log line, wherever they appear. */
const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "apiKey",
  "api_key",
  "OPENAI_API_KEY",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "token",
  "tokens",
  "bearerToken",
  "password",
  "secret",
];

/** pino's redaction wildcards match one level each, so list the depths logged objects reach. */
const REDACT_DEPTH = 5;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    for (let depth = 0; depth < REDACT_DEPTH; depth++) paths.push(`${"*.".repeat(depth)}${key}`);
  }
  return paths;
}

function openLogFile(file: string): number {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return openSync(file, "a", 0o600);
}

export interface LoggerOptions {
  level?: string;
  /** Log to this file instead of stderr. */
  file?: string;
}

/**
 * Logs go to stderr (fd 2) or a file through an asynchronous destination;
 * stdout is the protocol channel and is never a log destination.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? "info";
  // The file is opened synchronously: an asynchronous open could still be
  // pending when a short-lived server exits, and its logs would be lost.
  const fd = options.file ? openLogFile(options.file) : 2;
  const destination = pino.destination({ dest: fd, sync: false });
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: redactPaths(), censor: "[redacted]" },
    },
    destination,
  );
  flushables.push(() => destination.flushSync());
  return logger;
}

const flushables: Array<() => void> = [];

/** Flushes pending log output; called right before the process exits. */
export function flushLogs(): void {
  for (const flush of flushables) {
    try {
      flush();
    } catch {
      // The destination may not be open yet or already closed; nothing to flush then.
    }
  }
}

/** A logger for code paths that run before configuration (and in tests). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
