import { chmodSync, lstatSync, mkdirSync, unlinkSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Logger } from "../logging/logger.js";
import type { WebSocketListener } from "./websocket.js";

/** The reference's default control socket: `$CODEX_HOME/app-server-control/app-server-control.sock`. */
export function defaultControlSocketPath(codexHome: string): string {
  return path.join(codexHome, "app-server-control", "app-server-control.sock");
}

/** A unix socket path that cannot be used; the process exits 1 with this message. */
export class UnixSocketError extends Error {}

/** Resolves with true when something accepts connections on `socketPath`. */
function isLive(socketPath: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect({ path: socketPath });
    const done = (live: boolean) => {
      clearTimeout(timer);
      probe.destroy();
      resolve(live);
    };
    const timer = setTimeout(() => done(true), timeoutMs); // a listener too busy to accept is still alive
    probe.once("connect", () => done(true));
    probe.once("error", () => done(false)); // ECONNREFUSED (stale) or ENOENT (gone meanwhile)
  });
}

function listenOnce(listener: WebSocketListener, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = listener.http;
    const onError = (error: Error) => {
      server.off("listening", onListening);
      reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    // The socket is created by bind(), synchronously inside listen(): a
    // restrictive umask makes it 0600 from the start (chmod below is a backstop).
    const previous = process.umask(0o177);
    try {
      server.listen(socketPath);
    } finally {
      process.umask(previous);
    }
  });
}

/**
 * Binds `listener` to a unix socket carrying WebSocket (HTTP Upgrade, then
 * frames). Without a path, the default under CODEX_HOME is used and its
 * directory is created private (0700). The socket file is made 0600. An
 * existing socket file nobody listens on (a crashed server's) is replaced; a
 * live one, or a path that is not a socket, is refused. Returns the path.
 */
export async function listenUnix(
  listener: WebSocketListener,
  requested: string | undefined,
  codexHome: string,
  logger: Logger,
): Promise<string> {
  const socketPath = path.resolve(requested ?? defaultControlSocketPath(codexHome));
  if (requested === undefined) {
    const dir = path.dirname(socketPath);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  // sun_path holds 108 bytes including the terminating NUL on Linux (104 on macOS).
  if (Buffer.byteLength(socketPath) > 107) {
    throw new UnixSocketError(`unix socket path is too long (${Buffer.byteLength(socketPath)} bytes, at most 107): ${socketPath}`);
  }

  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(socketPath);
  } catch {
    existing = undefined;
  }
  if (existing && !existing.isSocket()) {
    throw new UnixSocketError(`cannot listen on ${socketPath}: the path exists and is not a socket`);
  }
  if (existing) {
    if (await isLive(socketPath)) {
      throw new UnixSocketError(`cannot listen on ${socketPath}: another server is already listening on it`);
    }
    logger.info({ path: socketPath }, "replacing stale unix socket (nothing listening on it)");
    try {
      unlinkSync(socketPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }

  try {
    await listenOnce(listener, socketPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new UnixSocketError(`cannot listen on ${socketPath}: another server took the path while this one was starting`);
    }
    throw new UnixSocketError(`cannot listen on ${socketPath}: ${(error as Error).message}`);
  }
  chmodSync(socketPath, 0o600);
  return socketPath;
}
