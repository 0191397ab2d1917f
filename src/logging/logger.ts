import { mkdirSync, openSync } from "node:fs";
import path from "node:path";
import pino, { type Logger } from "pino";
import { patternRedactor, type TextRedactor } from "../util/secrets.js";
import type { RecentLogLines } from "./recent-lines.js";

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
  /**
   * Scrubs every serialized line before it is written (the server's known
   * secrets; credential patterns when omitted), so even a message or field
   * quoting a raw upstream body cannot carry a token out.
   */
  redactor?: TextRedactor;
  /** Also keeps the last lines in memory (for feedback bundles). */
  recent?: RecentLogLines;
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
  const redactor = options.redactor ?? patternRedactor;
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: redactPaths(), censor: "[redacted]" },
      hooks: {
        streamWrite: (line) => {
          const redacted = redactor.redact(line);
          options.recent?.push(redacted);
          return redacted;
        },
      },
    },
    destination,
  );
  destinations.push(destination);
  return logger;
}

type Destination = ReturnType<typeof pino.destination>;
const destinations: Destination[] = [];

/**
 * Writes out buffered log lines synchronously. A write already in flight on
 * the thread pool is not waited for; use `exitAfterFlushingLogs` when exiting.
 */
export function flushLogs(): void {
  for (const destination of destinations) {
    try {
      destination.flushSync();
    } catch {
      // The destination may already be closed; nothing to flush then.
    }
  }
}

/** Waits (briefly) until every log line, including writes in flight, is out. */
export function drainLogs(timeoutMs = 250): Promise<void> {
  const flushes = destinations.map(
    (destination) =>
      new Promise<void>((resolve) => {
        try {
          destination.flush(() => resolve());
        } catch {
          resolve();
        }
      }),
  );
  return Promise.race([Promise.all(flushes).then(() => undefined), new Promise<void>((r) => setTimeout(r, timeoutMs))]);
}

/** Exits once the logs are written out, so the last lines before exit are never lost. */
export function exitAfterFlushingLogs(code: number): void {
  void drainLogs().finally(() => {
    flushLogs();
    process.exit(code);
  });
}

/** A logger for code paths that run before configuration (and in tests). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
