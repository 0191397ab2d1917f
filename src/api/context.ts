import type { CancellationToken } from "vscode-jsonrpc/node";
import type { CallContext } from "../backend/account-calls.js";
import type { LoadedConfig } from "../config/load.js";
import type { CommandExecManager } from "../core/command-exec.js";
import type { Broadcast, ClientConnection } from "../core/ports.js";
import type { ThreadManager } from "../core/thread-manager.js";
import type { TurnService } from "../core/turns.js";
import type { Logger } from "../logging/logger.js";
import type { InitializeParams } from "../protocol/initialize.js";
import type { ClientMethod, ParamsOf, ResultOf } from "../protocol/registry.js";

/** The calling connection, as handlers see it (the server's `Session` satisfies it). */
export interface RequestConnection extends ClientConnection {
  readonly experimentalApi: boolean;
  readonly clientInfo: InitializeParams["clientInfo"] | undefined;
  completeHandshake(params: InitializeParams, userAgent: string): void;
}

/** The per-server services handlers use, built once by the composition root (src/server/app-server.ts). */
export interface ServerServices {
  readonly codexHome: string;
  /** The effective configuration (config.toml + `-c` overrides). */
  readonly config: LoadedConfig;
  readonly logger: Logger;
  /** Sends a notification to every connection. */
  readonly broadcast: Broadcast;
  /** The thread registry: loaded threads and the thread store. */
  readonly threads: ThreadManager;
  readonly turns: TurnService;
  readonly commandExec: CommandExecManager;
}

export interface RequestContext {
  readonly services: ServerServices;
  readonly connection: RequestConnection;
  /**
   * Transitional, for src/api/account.ts only: src/backend's account calls
   * still take the server and the session (`CallContext`); the auth/backend
   * work replaces this with the narrow services they need.
   */
  readonly accountCalls: CallContext;
  /** Cancelled by `$/cancelRequest`, connection close or server shutdown. */
  readonly signal: AbortSignal;
  readonly token: CancellationToken;
  /**
   * Runs `effect` once this request's successful response has been queued on
   * the connection, before anything queued later: notifications a request
   * causes (`thread/started` after `thread/start`...) follow its response.
   */
  afterResponse(effect: () => void): void;
}

export type Handler<M extends ClientMethod> = (
  params: ParamsOf<M>,
  context: RequestContext,
) => ResultOf<M> | Promise<ResultOf<M>>;

export type HandlerTable = { [M in ClientMethod]: Handler<M> };
