import os from "node:os";
import path from "node:path";
import { createLogger, flushLogs } from "./logging/logger.js";
import { AppServer } from "./server/app-server.js";
import type { Session } from "./server/session.js";
import { JsonlMessageReader, JsonlMessageWriter } from "./transport/jsonl.js";

export interface ServeOptions {
  configOverrides: readonly string[];
  logFile: string | undefined;
}

export function resolveCodexHome(): string {
  const fromEnv = process.env.CODEX_HOME;
  return path.resolve(fromEnv && fromEnv.length > 0 ? fromEnv : path.join(os.homedir(), ".codex"));
}

/** stdout carries protocol messages only: route console output from any library to stderr. */
function guardStdout(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.trace = toStderr;
}

export function serveStdio(options: ServeOptions): void {
  guardStdout();
  const logger = createLogger({ file: options.logFile });
  const server = new AppServer({ codexHome: resolveCodexHome(), configOverrides: options.configOverrides, logger });

  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    server.shutdown();
    flushLogs();
    process.exit(code);
  };

  const writer = new JsonlMessageWriter({ write: (line) => process.stdout.write(line) });
  let session: Session | undefined;
  const reader = new JsonlMessageReader(process.stdin, {
    onInvalid: ({ code, message, id }) => {
      logger.warn({ code, message }, "rejected malformed input");
      writer.writeRaw(`${JSON.stringify({ id, error: { code, message } })}\n`);
    },
    onMessage: (message) => {
      if (session && "id" in message && "method" in message) session.requestsReceived++;
    },
    onEnd: () => {
      logger.debug("stdin closed");
      if (session) void server.closeGracefully(session).finally(() => exit(0));
      else exit(0);
    },
  });
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // The client went away: nothing can be answered any more.
    logger.debug({ err: error }, "stdout closed");
    exit(0);
  });
  session = server.attach(reader, writer, () => exit(0));
  process.on("SIGINT", () => exit(0));
  process.on("SIGTERM", () => exit(0));
  logger.debug({ codexHome: server.codexHome }, "serving on stdio");
}
