import { RecentLogLines } from "./logging/recent-lines.js";
import os from "node:os";
import path from "node:path";
import { createLogger, exitAfterFlushingLogs, type Logger } from "./logging/logger.js";
import { AppServer } from "./server/app-server.js";
import { SecretRedactor } from "./util/secrets.js";
import { StreamTransport } from "./transport/stdio.js";
import { DEFAULT_LIMITS, type TransportLimits } from "./transport/options.js";

export interface ServeOptions {
  configOverrides: readonly string[];
  logFile: string | undefined;
  /** Ingress/outbound limits (`--max-pending-requests`, `--max-outbound-bytes`). */
  limits?: TransportLimits;
}

export function resolveCodexHome(): string {
  const fromEnv = process.env.CODEX_HOME;
  return path.resolve(fromEnv && fromEnv.length > 0 ? fromEnv : path.join(os.homedir(), ".codex"));
}

/**
 * The daemon's server and its logger, as every listener builds them: one
 * redactor per server (the auth manager registers credentials into it, the
 * logger scrubs every line with it) and the warm-up after `initialize`.
 */
export function createDaemonServer(options: { configOverrides: readonly string[]; logFile: string | undefined }): { server: AppServer; logger: Logger } {
  const secrets = new SecretRedactor();
  const recentLogs = new RecentLogLines();
  const logger = createLogger({ file: options.logFile, redactor: secrets, recent: recentLogs });
  const server = new AppServer({
    codexHome: resolveCodexHome(),
    configOverrides: options.configOverrides,
    logger,
    secrets,
    recentLogs,
    warmUpAfterInitialize: true,
  });
  return { server, logger };
}

/** stdout carries protocol messages only: route console output from any library to stderr. */
export function guardStdout(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.trace = toStderr;
}

export function serveStdio(options: ServeOptions): void {
  guardStdout();
  const { server, logger } = createDaemonServer(options);

  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    server.shutdown();
    // Answers may still be queued for the pipe; exiting now would drop them.
    void stdoutDrained(500).then(() => exitAfterFlushingLogs(code));
  };

  const limits = options.limits ?? DEFAULT_LIMITS;
  const transport = new StreamTransport(process.stdin, process.stdout, { maxOutboundBytes: limits.maxOutboundBytes, logger });
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // The client went away: nothing can be answered any more.
    logger.debug({ err: error }, "stdout closed");
    exit(0);
  });
  server.attach(transport, { maxPendingRequests: limits.maxPendingRequests, onClose: () => exit(0) });
  // Graceful: running turns are interrupted, requests already running get up
  // to 0.5 s to answer, then the process exits 0. A second signal exits at once.
  let stopping = false;
  const stop = () => {
    if (stopping) exit(0);
    stopping = true;
    void server.drain(500).finally(() => exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  logger.debug({ codexHome: server.codexHome }, "serving on stdio");
}

function stdoutDrained(timeoutMs: number): Promise<void> {
  if (process.stdout.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    process.stdout.once("drain", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
