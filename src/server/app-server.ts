import {
  createMessageConnection,
  ResponseError,
  type CancellationToken,
  type DataCallback,
  type Message,
  type MessageReader,
  type ResponseMessage,
} from "vscode-jsonrpc/node";
import type { Logger } from "../logging/logger.js";
import type { NotificationParamsOf, ServerNotificationMethod } from "../protocol/registry.js";
import type { JsonlMessageWriter } from "../transport/jsonl.js";
import { handlers } from "../api/index.js";
import { checkExperimental, parseRequest } from "./dispatch.js";
import { ErrorCode, RpcError } from "../protocol/errors.js";
import { Session } from "./session.js";
import type { RequestContext, ServerServices } from "../api/context.js";
import { CommandExecManager } from "../core/command-exec.js";
import type { Broadcast, ModelStreaming } from "../core/ports.js";
import { ThreadManager } from "../core/thread-manager.js";
import { ToolRuntime } from "../core/tool-runtime.js";
import { TurnService } from "../core/turns.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { AuthManager } from "../auth/manager.js";
import { streamModel } from "../model/auth-retry.js";
import { ModelClient, warmUpModelClient } from "../model/client.js";

/** Delay after the first `initialize` answer before the warm-up (requests sent right after it go first). */
const WARM_UP_DELAY_MS = 30;

/** A client message answering a server request (no `method`, an `id`, a `result` or `error`). */
function isResponse(message: Message): message is ResponseMessage {
  const m = message as { method?: unknown; id?: unknown };
  return m.method === undefined && m.id !== undefined && ("result" in message || "error" in message);
}

/** `reader`, minus the responses to server requests, which go to `onResponse`. */
function interceptResponses(reader: MessageReader, onResponse: (message: ResponseMessage) => void): MessageReader {
  return {
    get onError() {
      return reader.onError;
    },
    get onClose() {
      return reader.onClose;
    },
    get onPartialMessage() {
      return reader.onPartialMessage;
    },
    listen: (callback: DataCallback) =>
      reader.listen((message) => {
        if (isResponse(message)) onResponse(message);
        else callback(message);
      }),
    dispose: () => reader.dispose(),
  };
}

export interface AppServerOptions {
  codexHome: string;
  /** `-c key=value` overrides from the command line, in order. */
  configOverrides: readonly string[];
  logger: Logger;
}

/**
 * The composition root: state shared by every connection, and the per-server
 * services (thread registry, turns, tools, command/exec), built once here and
 * handed to the request handlers and to core as narrow ports.
 */
export class AppServer {
  readonly sessions = new Set<Session>();
  readonly logger: Logger;
  private readonly shutdownController = new AbortController();
  private loadedConfig: LoadedConfig | undefined;
  private nextServerRequestId = 0;
  /** Server → client request ids: integers from 0, one sequence for all of this server's connections. */
  private readonly allocateServerRequestId = (): number => this.nextServerRequestId++;
  private readonly services: ServerServices;

  constructor(readonly options: AppServerOptions) {
    this.logger = options.logger;
    // Read eagerly so a broken config is reported on stderr at startup, once.
    for (const problem of this.config.problems) {
      this.logger.warn({ path: problem.path, details: problem.details }, `config: ${problem.summary}`);
    }
    this.services = this.composeServices();
  }

  /** Builds the per-server services once; each gets only the ports it needs. */
  private composeServices(): ServerServices {
    const server = this;
    const logger = this.logger;
    const codexHome = this.codexHome;
    const broadcast: Broadcast = (method, params) => this.broadcast(method, params);
    const threads = new ThreadManager({
      logger,
      codexHome,
      broadcast,
      get config() {
        return server.config;
      },
    });
    const modelClient = new ModelClient(logger);
    const models: ModelStreaming = {
      // Core's connections are this server's sessions (handed to it through the request context).
      stream: (request, call, callbacks) =>
        streamModel(this, modelClient, request, { ...call, requester: call.requester as Session | null }, callbacks),
    };
    const tools = new ToolRuntime({ logger, serverRequestIds: this.allocateServerRequestId });
    const turns = new TurnService(
      {
        threads,
        models,
        logger,
        broadcast,
        shutdownSignal: this.shutdownSignal,
        trackWork: (work) => this.trackWork(work),
        get config() {
          return server.config;
        },
      },
      tools,
    );
    return {
      codexHome,
      logger,
      broadcast,
      threads,
      turns,
      commandExec: new CommandExecManager(),
      get config() {
        return server.config;
      },
    };
  }

  /** The effective configuration (config.toml + `-c` overrides), read at startup. */
  get config(): LoadedConfig {
    this.loadedConfig ??= loadConfig(this.codexHome, this.options.configOverrides);
    return this.loadedConfig;
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
    // Commands cannot be sandboxed here (no usable bubblewrap): say so once per connection.
    // Loaded and probed off the initialize path (the probe spawns bwrap once per process).
    void import("../core/sandbox/index.js")
      .then(async ({ detectSandboxAvailability, sandboxConfigWarning }) => {
        await detectSandboxAvailability();
        const warning = sandboxConfigWarning();
        if (warning) session.notify("configWarning", warning);
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, "sandbox detection failed"));
    this.scheduleWarmUp();
  }

  private warmUpScheduled = false;

  /**
   * Once per process, shortly after the first `initialize` answer and off the
   * request path, pays one-time costs that would otherwise land on a client's
   * first requests: opening the thread database (load better-sqlite3, WAL
   * setup, migrations; ~25 ms on a new CODEX_HOME) and then loading the
   * model client (openai SDK, HTTP and SSE code; see `warmUpModelClient`).
   * Each step runs in its own macrotask, so requests arriving meanwhile are
   * served in between. Failures are left to the request that needs the part.
   */
  private scheduleWarmUp(): void {
    if (this.warmUpScheduled) return;
    this.warmUpScheduled = true;
    setTimeout(() => {
      if (this.shutdownSignal.aborted || this.closedForShutdown) return;
      try {
        void this.services.threads.store;
      } catch {
        // Reported (and retried) by the first request that needs the store.
      }
      setImmediate(() => {
        if (!this.shutdownSignal.aborted) void warmUpModelClient();
      });
    }, WARM_UP_DELAY_MS).unref();
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
    // Answers to server requests go to the session (see `Session.sendServerRequest`), not to vscode-jsonrpc.
    let owner: Session | undefined;
    const connection = createMessageConnection(interceptResponses(reader, (message) => owner?.handleResponse(message)), writer, {
      error: (message) => logger.warn(message),
      warn: (message) => logger.warn(message),
      info: (message) => logger.debug(message),
      log: (message) => logger.debug(message),
    });
    const session = new Session(connection, logger.child({ session: undefined }), this.allocateServerRequestId);
    session.writeMessage = (message) => void writer.write(message);
    owner = session;
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
      const effects: Array<() => void> = [];
      const context: RequestContext = {
        services: this.services,
        connection: session,
        accountCalls: { server: this, session, signal: controller.signal },
        signal: controller.signal,
        token,
        afterResponse: (effect) => void effects.push(effect),
      };
      const handler = handlers[parsed.method] as (params: unknown, context: RequestContext) => unknown;
      const result = await handler(parsed.params, context);
      if (parsed.method === "initialize") effects.push(() => this.afterInitialize(session));
      // The response is written when this promise settles; its effects follow it.
      if (effects.length > 0) setImmediate(() => this.runEffects(effects));
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

  private runEffects(effects: ReadonlyArray<() => void>): void {
    for (const effect of effects) {
      try {
        effect();
      } catch (error) {
        this.logger.error({ err: error }, "an after-response effect failed");
      }
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

  /** Work a graceful shutdown lets finish (see `trackWork`). */
  private readonly backgroundWork = new Set<Promise<unknown>>();

  /**
   * Registers work that outlives requests (a running turn: once aborted, it
   * still records the item of the tool call it was in); `drain` waits for it.
   */
  trackWork(work: Promise<unknown>): void {
    this.backgroundWork.add(work);
    void work.finally(() => this.backgroundWork.delete(work));
  }

  /**
   * First step of a graceful shutdown: aborts `shutdownSignal` (running turns
   * stop; new requests are answered "Server is draining") and waits up to
   * `flushMs` for the requests already running to answer and for tracked
   * work (stopping turns) to settle. Connections stay open.
   */
  async drain(flushMs = 500): Promise<void> {
    if (!this.shutdownController.signal.aborted) this.shutdownController.abort(new Error("server shutting down"));
    const until = Date.now() + flushMs;
    const busy = () => this.backgroundWork.size > 0 || [...this.sessions].some((session) => !session.closed && session.busy);
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
    this.services.threads.close();
  }
}
