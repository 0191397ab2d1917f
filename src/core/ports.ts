import type { LoadedConfig } from "../config/load.js";
import type { Logger } from "../logging/logger.js";
import type { ModelRequest, StreamCallbacks, StreamResult } from "../model/client.js";
import type { ModelCatalogService } from "../model/catalog-service.js";
import type { ModelSession } from "../model/ws-session.js";
import type {
  NotificationParamsOf,
  ServerNotificationMethod,
  ServerRequestMethod,
  ServerRequestParamsOf,
} from "../protocol/registry.js";

/**
 * What core needs from the layers above it. The composition root
 * (src/server/app-server.ts) supplies these; core never sees the server or
 * the JSON-RPC connection itself.
 */

/** The client's answer to a server request: its `result`, or its JSON-RPC `error`. */
export type ServerRequestAnswer =
  | { result: unknown; error?: undefined }
  | { result?: undefined; error: { code: number; message: string; data?: unknown } };

/** One client connection, as core sees it (the server's `Session` satisfies it). */
export interface ClientConnection {
  readonly id: number;
  readonly closed: boolean;
  /** Aborted when the connection closes. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Set by the handshake; sent to model endpoints and token refreshes. */
  readonly userAgent: string | undefined;
  notify<M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>): void;
  /**
   * Writes server request `id` on this connection; `onAnswer` gets the
   * client's answer. False when the connection cannot take requests.
   */
  sendServerRequest<M extends ServerRequestMethod>(
    id: number,
    method: M,
    params: ServerRequestParamsOf<M>,
    onAnswer: (answer: ServerRequestAnswer) => void,
  ): boolean;
  /** Stops waiting for request `id` here; a late answer is dropped. */
  forgetServerRequest(id: number): void;
  /** Bytes written towards the client but not yet flushed. */
  outboundBacklog(): number;
  /** Resolves once the outbound backlog has been flushed. */
  outboundDrained(): Promise<void>;
}

/** Sends a notification to every connection. */
export type Broadcast = <M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>) => void;

/**
 * Server → client request ids: one allocator per server (integers from 0),
 * shared by every connection, since a thread's request goes to all its
 * subscribers under one id.
 */
export type ServerRequestIds = () => number;

/** The effective configuration (config.toml + `-c` overrides). */
export interface ConfigSource {
  readonly config: LoadedConfig;
}

/** The model call of a turn: where it goes and who may be asked to refresh client-supplied tokens. */
export interface ModelCall {
  /** The thread's `modelProvider`. */
  providerId: string;
  signal: AbortSignal;
  /** A subscriber of the thread, asked to refresh client-supplied ChatGPT tokens after a 401. */
  requester: ClientConnection | null;
  /** The thread's model transport state (its Responses WebSocket and response chain). */
  session?: ModelSession;
}

/** Streams a model request to the provider, with the credentials it needs. */
export interface ModelStreaming {
  stream(request: ModelRequest, call: ModelCall, callbacks: StreamCallbacks): Promise<StreamResult>;
}

/** Server lifetime: running turns stop on shutdown, and a graceful shutdown waits for tracked work. */
export interface ServerLifetime {
  /** Aborted when the server shuts down. */
  readonly shutdownSignal: AbortSignal;
  /** Registers work a graceful shutdown waits (briefly) for. */
  trackWork(work: Promise<unknown>): void;
}

/**
 * The server's model catalogue (bundled, or fetched with ChatGPT login): the
 * entries in effect, and the refetch a model response's `x-models-etag` asks for.
 */
export type ModelCatalogSource = Pick<ModelCatalogService, "currentModelCatalog" | "onModelsEtag">;
