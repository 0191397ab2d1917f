import http from "node:http";
import { httpRequest } from "../../util/http-request.js";

/**
 * Binds the loopback callback server of a browser login on 127.0.0.1, as the
 * reference does: when the port is taken, another login server may be holding
 * it, so it is asked once to stop (`GET /cancel`), then binding is retried
 * (10 attempts, 200 ms apart); after that the default port gives way to the
 * registered fallback port, any other port fails with "Port … is already in use".
 */

export interface BindOptions {
  port: number;
  /** Tried after the preferred port stays busy (only for the default port). */
  fallbackPort: number | null;
  attempts?: number;
  retryDelayMs?: number;
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
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
    server.listen(port, "127.0.0.1");
  });
}

/** Asks whatever holds `port` to end its login (best effort, 2 s). */
async function askToCancel(port: number): Promise<void> {
  try {
    await httpRequest(`http://127.0.0.1:${port}/cancel`, { method: "GET", headers: [["connection", "close"]], timeoutMs: 2000 });
  } catch {
    // Not a login server, or it did not answer: the retries decide.
  }
}

/** Listens with `server`; resolves with the bound port. */
export async function bindCallbackServer(server: http.Server, options: BindOptions): Promise<number> {
  const maxAttempts = options.attempts ?? 10;
  const retryDelayMs = options.retryDelayMs ?? 200;
  let port = options.port;
  let usingFallback = false;
  let cancelAttempted = false;
  let attempts = 0;
  for (;;) {
    try {
      await listen(server, port);
      return (server.address() as { port: number }).port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      attempts++;
      if (!cancelAttempted && !usingFallback) {
        cancelAttempted = true;
        await askToCancel(port);
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      if (attempts >= maxAttempts) {
        if (options.fallbackPort !== null && !usingFallback) {
          port = options.fallbackPort;
          usingFallback = true;
          attempts = 0;
          continue;
        }
        throw new Error(`Port 127.0.0.1:${port} is already in use`);
      }
    }
  }
}
