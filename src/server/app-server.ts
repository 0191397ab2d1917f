import { createMessageConnection, ResponseError, type CancellationToken, type MessageReader } from "vscode-jsonrpc/node";
import type { Logger } from "../logging/logger.js";
import type { NotificationParamsOf, ServerNotificationMethod } from "../protocol/registry.js";
import type { JsonlMessageWriter } from "../transport/jsonl.js";
import { handlers } from "../api/index.js";
import { checkExperimental, parseRequest } from "./dispatch.js";
import { ErrorCode, RpcError } from "./errors.js";
import { Session } from "./session.js";
import type { RequestContext } from "./context.js";
import { ThreadManager } from "../core/thread-manager.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { AuthManager } from "../auth/manager.js";

export interface AppServerOptions {
  codexHome: string;
  /** `-c key=value` overrides from the command line, in order. */
  configOverrides: readonly string[];
  logger: Logger;
}

/** Process-wide state shared by every connection. */
export class AppServer {
  readonly sessions = new Set<Session>();
  readonly logger: Logger;
  private readonly shutdownController = new AbortController();
  private loadedConfig: LoadedConfig | undefined;

  constructor(readonly options: AppServerOptions) {
    this.logger = options.logger;
    // Read eagerly so a broken config is reported on stderr at startup, once.
    for (const problem of this.config.problems) {
      this.logger.warn({ path: problem.path, details: problem.details }, `config: ${problem.summary}`);
    }
  }

  /** The effective configuration (config.toml + `-c` overrides), read at startup. */
  get config(): LoadedConfig {
    this.loadedConfig ??= loadConfig(this.codexHome, this.options.configOverrides);
    return this.loadedConfig;
  }

  private threadManager: ThreadManager | undefined;

  /** Loaded threads and the thread store; the database is opened on first use. */
  get threads(): ThreadManager {
    this.threadManager ??= new ThreadManager(this);
    return this.threadManager;
  }

  private authManager: AuthManager | undefined;

  /** Who is signed in (auth.json or client-supplied ChatGPT tokens); created on first use. */
  get auth(): AuthManager {
    this.authManager ??= new AuthManager(this);
    return this.authManager;
  }

  /** Runs right after a connection's `initialize` response has been written. */
  private afterInitialize(session: Session): void {
    for (const problem of this.config.problems) session.notify("configWarning", problem);
  }

  get codexHome(): string {
    return this.options.codexHome;
  }

  /** Aborted when the server shuts down. */
  get shutdownSignal(): AbortSignal {
    return this.shutdownController.signal;
  }

  /** Serves one client over a reader/writer pair; resolves nothing, the session lives until close. */
  attach(reader: MessageReader, writer: JsonlMessageWriter, onClose?: (session: Session) => void): Session {
    const logger = this.logger;
    const connection = createMessageConnection(reader, writer, {
      error: (message) => logger.warn(message),
      warn: (message) => logger.warn(message),
      info: (message) => logger.debug(message),
      log: (message) => logger.debug(message),
    });
    const session = new Session(connection, logger.child({ session: undefined }));
    this.sessions.add(session);

    connection.onRequest((method, params, token) => this.handleRequest(session, method, params, token));
    connection.onNotification((method) => {
      if (method !== "initialized") logger.debug({ method }, "ignoring client notification");
    });
    connection.onError(([error]) => logger.warn({ err: error }, "connection error"));
    connection.onClose(() => {
      this.sessions.delete(session);
      session.close();
      onClose?.(session);
    });
    connection.listen();
    return session;
  }

  broadcast<M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>): void {
    for (const session of this.sessions) session.notify(method, params);
  }

  private async handleRequest(
    session: Session,
    method: string,
    rawParams: unknown,
    token: CancellationToken,
  ): Promise<unknown> {
    session.requestsStarted++;
    session.requestsInFlight++;
    const controller = new AbortController();
    const abort = () => controller.abort();
    const tokenListener = token.onCancellationRequested(abort);
    session.signal.addEventListener("abort", abort, { once: true });
    this.shutdownSignal.addEventListener("abort", abort, { once: true });
    try {
      if (this.shutdownSignal.aborted) {
        throw new RpcError(ErrorCode.invalidRequest, "Server is draining; retry after reconnecting", { reason: "serverShuttingDown" });
      }
      const parsed = parseRequest(method, rawParams);
      if (parsed.method === "initialize") {
        if (session.initialized) throw new RpcError(ErrorCode.invalidRequest, "Already initialized");
      } else if (!session.initialized) {
        throw new RpcError(ErrorCode.invalidRequest, "Not initialized");
      }
      checkExperimental(parsed, rawParams, session.experimentalApi);
      const context: RequestContext = { server: this, session, signal: controller.signal, token };
      const handler = handlers[parsed.method] as (params: unknown, context: RequestContext) => unknown;
      const result = await handler(parsed.params, context);
      // The response is written when this promise settles; notices follow it.
      if (parsed.method === "initialize") setImmediate(() => this.afterInitialize(session));
      return result;
    } catch (error) {
      return this.toResponseError(method, error);
    } finally {
      session.requestsInFlight--;
      tokenListener.dispose();
      session.signal.removeEventListener("abort", abort);
      this.shutdownSignal.removeEventListener("abort", abort);
    }
  }

  private toResponseError(method: string, error: unknown): ResponseError<unknown> {
    if (error instanceof RpcError) return new ResponseError(error.code, error.message, error.data);
    if (error instanceof ResponseError) return error;
    this.logger.error({ err: error, method }, "request failed unexpectedly");
    const message = error instanceof Error ? error.message : String(error);
    return new ResponseError(ErrorCode.internalError, `internal error: ${message}`);
  }

  /**
   * End of input on a connection: requests already received are still
   * dispatched and get `graceMs` to finish; what is left is then cancelled
   * (its cancellation answers still go out) before the connection closes.
   */
  async closeGracefully(session: Session, graceMs = 600, cancelMs = 300): Promise<void> {
    const waitWhileBusy = async (until: number) => {
      while (session.busy && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 2));
    };
    await waitWhileBusy(Date.now() + graceMs);
    if (session.busy) {
      session.cancelWork();
      await waitWhileBusy(Date.now() + cancelMs);
    }
    this.sessions.delete(session);
    session.close();
  }

  /**
   * First step of a graceful shutdown: aborts `shutdownSignal` (running turns
   * stop; new requests are answered "Server is draining") and waits up to
   * `flushMs` for the requests already running to answer. Connections stay open.
   */
  async drain(flushMs = 500): Promise<void> {
    if (!this.shutdownController.signal.aborted) this.shutdownController.abort(new Error("server shutting down"));
    const until = Date.now() + flushMs;
    const busy = () => [...this.sessions].some((session) => !session.closed && session.busy);
    while (busy() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private closedForShutdown = false;

  /** Cancels in-flight work and closes every connection. */
  shutdown(): void {
    if (this.closedForShutdown) return;
    this.closedForShutdown = true;
    if (!this.shutdownController.signal.aborted) this.shutdownController.abort(new Error("server shutting down"));
    for (const session of this.sessions) session.close();
    this.sessions.clear();
    this.threadManager?.close();
  }
}
