import { exitAfterFlushingLogs, flushLogs } from "./logging/logger.js";
import { createDaemonServer, guardStdout } from "./serve.js";
import type { ListenTarget, TransportLimits, WsAuthSpec } from "./transport/options.js";
import { isLoopbackHost, wsUrl } from "./transport/options.js";
import { listenUnix } from "./transport/unix.js";
import { WebSocketListener } from "./transport/websocket.js";
import { BearerTokenAuth, WsAuthConfigError } from "./transport/ws-auth.js";

export interface RemoteServeOptions {
  target: Exclude<ListenTarget, { kind: "stdio" }>;
  wsAuth: WsAuthSpec | undefined;
  limits: TransportLimits;
  configOverrides: readonly string[];
  logFile: string | undefined;
}

/** A startup problem the user must fix (missing token...): exit status 2. */
export class StartupConfigError extends Error {}

/** Time budget of a graceful shutdown (SIGINT/SIGTERM); the process exits 0 within it. */
const FLUSH_MS = 500;
const CLOSE_MS = 500;
const HARD_EXIT_MS = 1_800;

/**
 * Serves WebSocket clients on `ws://IP:PORT` or a unix socket. Nothing is
 * written to stdout; the bound address is logged at info level
 * (`listening on ws://127.0.0.1:PORT` / `listening on unix://PATH`).
 */
export async function serveRemote(options: RemoteServeOptions): Promise<void> {
  guardStdout();
  let auth: BearerTokenAuth | undefined;
  try {
    auth = options.wsAuth ? BearerTokenAuth.resolve(options.wsAuth) : undefined;
  } catch (error) {
    if (error instanceof WsAuthConfigError) throw new StartupConfigError(error.message);
    throw error;
  }
  const { target } = options;
  if (target.kind === "ws" && !isLoopbackHost(target.host) && !auth) {
    // cli-args refuses this already; kept here so no other caller can bind openly.
    throw new StartupConfigError(`refusing to listen on non-loopback address ${target.host} without a bearer token`);
  }

  const { server, logger } = createDaemonServer(options);
  const listener = new WebSocketListener({
    onConnection: (transport) => server.attach(transport, { maxPendingRequests: options.limits.maxPendingRequests, closeAtEnd: true }),
    logger,
    limits: options.limits,
    auth,
  });

  let url: string;
  try {
    if (target.kind === "ws") {
      await new Promise<void>((resolve, reject) => {
        listener.http.once("error", reject);
        listener.http.listen({ host: target.host, port: target.port, exclusive: true }, () => {
          listener.http.off("error", reject);
          resolve();
        });
      });
      const address = listener.http.address();
      const port = typeof address === "object" && address ? address.port : target.port;
      url = wsUrl(target.host, port);
    } else {
      url = `unix://${await listenUnix(listener, target.path, server.codexHome, logger)}`;
    }
  } catch (error) {
    server.shutdown();
    const where = target.kind === "ws" ? wsUrl(target.host, target.port) : `unix://${target.path ?? "(default path)"}`;
    const message = (error as NodeJS.ErrnoException).code === "EADDRINUSE" ? "address already in use" : (error as Error).message;
    logger.error({ err: error }, `cannot listen on ${where}`);
    flushLogs();
    throw new Error(target.kind === "ws" ? `cannot listen on ${where}: ${message}` : message);
  }
  listener.http.on("error", (error) => logger.error({ err: error }, "listener error"));
  listener.markReady();
  logger.info(
    { codexHome: server.codexHome, auth: auth ? "bearer-token" : "none", limits: options.limits },
    `listening on ${url}`,
  );

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: no more waiting.
      exitAfterFlushingLogs(0);
      return;
    }
    stopping = true;
    logger.info({ signal, connections: listener.connectionCount }, "shutting down");
    const hardExit = setTimeout(() => {
      logger.warn("shutdown took too long; exiting");
      exitAfterFlushingLogs(0);
    }, HARD_EXIT_MS);
    hardExit.unref();
    try {
      const stopped = listener.stopAccepting();
      await server.drain(FLUSH_MS);
      await listener.closeConnections(CLOSE_MS);
      server.shutdown();
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 200))]);
    } catch (error) {
      logger.error({ err: error }, "error during shutdown");
    }
    logger.info("stopped");
    exitAfterFlushingLogs(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
