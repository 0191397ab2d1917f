import { ResponseError, type Message, type MessageConnection, type RequestMessage } from "vscode-jsonrpc/node";
import { z } from "zod";
import type { Logger } from "../logging/logger.js";
import {
  serverRequests,
  type NotificationParamsOf,
  type ServerNotificationMethod,
  type ServerRequestMethod,
  type ServerRequestParamsOf,
  type ServerRequestResultOf,
} from "../protocol/registry.js";
import type { InitializeParams } from "../protocol/initialize.js";
import { isExperimentalField } from "../protocol/schema-meta.js";

let nextSessionId = 1;

/**
 * Server → client request ids: integers from one per-server counter starting
 * at 0 (`AppServer.allocateServerRequestId`), as the reference. vscode-jsonrpc
 * numbers requests per connection, and a thread's approval goes to every
 * subscribed connection under one id, so server requests bypass
 * `sendRequest`: they are written straight to the transport
 * (`Session.sendServerRequest`) and the answers are taken out of the inbound
 * stream before vscode-jsonrpc sees them (`Session.handleResponse`, wired in
 * `AppServer.attach`).
 */

/** The client's answer to a server request: its `result`, or its JSON-RPC `error`. */
export type ServerRequestAnswer =
  | { result: unknown; error?: undefined }
  | { result?: undefined; error: { code: number; message: string; data?: unknown } };

/** Drops the experimental-only top-level fields of a server request's params (for connections without `experimentalApi`). */
function stripExperimentalFields(method: ServerRequestMethod, params: unknown): unknown {
  const schema = serverRequests[method].params;
  if (!(schema instanceof z.ZodObject) || params === null || typeof params !== "object") return params;
  const shape = schema.shape as Record<string, z.ZodTypeAny>;
  let out: Record<string, unknown> | undefined;
  for (const [key, field] of Object.entries(shape)) {
    if (!isExperimentalField(field) || !(key in (params as object))) continue;
    out ??= { ...(params as Record<string, unknown>) };
    delete out[key];
  }
  return out ?? params;
}

/** One client connection: its handshake state, capabilities and outbound channel. */
export class Session {
  readonly id = nextSessionId++;
  initialized = false;
  experimentalApi = false;
  clientInfo: InitializeParams["clientInfo"] | undefined;
  userAgent: string | undefined;
  private optOut: ReadonlySet<string> = new Set();
  private readonly abort = new AbortController();
  closed = false;
  /** Requests read off the wire, requests that reached dispatch, and those not yet answered. */
  requestsReceived = 0;
  requestsStarted = 0;
  requestsInFlight = 0;
  /**
   * Bytes written towards this client but not yet flushed, and a promise for
   * when they are: set by the transport, read by producers of long
   * notification streams (the turn loop pauses the model stream meanwhile).
   */
  outboundBacklog: () => number = () => 0;
  outboundDrained: () => Promise<void> = () => Promise.resolve();
  /** Writes one message straight to the transport (set by `AppServer.attach`). */
  writeMessage: ((message: Message) => void) | undefined;
  /** Server requests sent on this connection and not answered here yet, by id. */
  private readonly answerHandlers = new Map<number, (answer: ServerRequestAnswer) => void>();

  constructor(
    readonly connection: MessageConnection,
    readonly logger: Logger,
    /** The server's allocator of server → client request ids. */
    private readonly allocateRequestId: () => number,
  ) {}

  /** Aborted when the connection closes; in-flight work listens to it. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  completeHandshake(params: InitializeParams, userAgent: string): void {
    this.initialized = true;
    this.clientInfo = params.clientInfo;
    this.userAgent = userAgent;
    this.experimentalApi = params.capabilities?.experimentalApi === true;
    this.optOut = new Set(params.capabilities?.optOutNotificationMethods ?? []);
  }

  wantsNotification(method: string): boolean {
    return this.initialized && !this.closed && !this.optOut.has(method);
  }

  notify<M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>): void {
    if (!this.wantsNotification(method)) return;
    void this.connection.sendNotification(method, params).catch((error: unknown) => {
      this.logger.debug({ err: error, method }, "failed to send notification");
    });
  }

  /**
   * Writes server request `id` (from the server's allocator) on this
   * connection; `onAnswer` gets the client's answer. Experimental-only fields
   * are stripped unless the connection opted in. Returns false when the
   * connection cannot take requests (not initialized, closed).
   */
  sendServerRequest<M extends ServerRequestMethod>(
    id: number,
    method: M,
    params: ServerRequestParamsOf<M>,
    onAnswer: (answer: ServerRequestAnswer) => void,
  ): boolean {
    if (!this.initialized || this.closed || !this.writeMessage) return false;
    const payload = this.experimentalApi ? params : stripExperimentalFields(method, params);
    this.answerHandlers.set(id, onAnswer);
    try {
      const message: RequestMessage = { jsonrpc: "2.0", id, method, params: payload as RequestMessage["params"] };
      this.writeMessage(message);
      return true;
    } catch (error) {
      this.answerHandlers.delete(id);
      this.logger.debug({ err: error, method }, "failed to send server request");
      return false;
    }
  }

  /** Stops waiting for request `id` here (answered on another connection, or cleared); a late answer is dropped. */
  forgetServerRequest(id: number): void {
    this.answerHandlers.delete(id);
  }

  /**
   * A response message from the client (it answers one of our requests).
   * Answers to unknown or already resolved requests are logged and dropped.
   */
  handleResponse(message: { id?: unknown; result?: unknown; error?: unknown }): void {
    const id = message.id;
    const handler = typeof id === "number" ? this.answerHandlers.get(id) : undefined;
    if (!handler) {
      this.logger.debug({ id }, "dropping a response to an unknown or resolved server request");
      return;
    }
    this.answerHandlers.delete(id as number);
    const error = message.error as { code?: unknown; message?: unknown; data?: unknown } | undefined;
    if (error !== undefined && error !== null) {
      handler({
        error: {
          code: typeof error.code === "number" ? error.code : 0,
          message: typeof error.message === "string" ? error.message : "",
          ...(error.data !== undefined ? { data: error.data } : {}),
        },
      });
    } else {
      handler({ result: message.result });
    }
  }

  /** Sends a server → client request to this connection alone; a JSON-RPC error answer rejects with `ResponseError`. */
  request<M extends ServerRequestMethod>(
    method: M,
    params: ServerRequestParamsOf<M>,
    signal?: AbortSignal,
  ): Promise<ServerRequestResultOf<M>> {
    return new Promise((resolve, reject) => {
      const id = this.allocateRequestId();
      const cleanup = () => {
        signal?.removeEventListener("abort", onAbort);
        this.signal.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        cleanup();
        this.forgetServerRequest(id);
        reject(new ResponseError(-32800, `${method} was cancelled`));
      };
      if (signal?.aborted || this.signal.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.signal.addEventListener("abort", onAbort, { once: true });
      const sent = this.sendServerRequest(id, method, params, (answer) => {
        cleanup();
        if (answer.error) reject(new ResponseError(answer.error.code, answer.error.message, answer.error.data));
        else resolve(answer.result as ServerRequestResultOf<M>);
      });
      if (!sent) {
        cleanup();
        reject(new Error(`cannot send ${method}: the connection is not open`));
      }
    });
  }

  /** True while received requests are queued or being handled. */
  get busy(): boolean {
    return this.requestsStarted < this.requestsReceived || this.requestsInFlight > 0;
  }

  /** Cancels in-flight work without closing the channel, so cancelled requests still get answers. */
  cancelWork(): void {
    this.abort.abort(new Error("connection closing"));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort(new Error("connection closed"));
    this.answerHandlers.clear();
    this.connection.dispose();
  }
}

export { ResponseError };
