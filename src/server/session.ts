import { z } from "zod";
import type { Logger } from "../logging/logger.js";
import { ErrorCode, RpcError } from "../protocol/errors.js";
import {
  experimentalClientNotifications,
  serverRequests,
  type NotificationParamsOf,
  type ServerNotificationMethod,
  type ServerRequestMethod,
  type ServerRequestParamsOf,
  type ServerRequestResultOf,
} from "../protocol/registry.js";
import type { InitializeParams } from "../protocol/initialize.js";
import { isExperimentalField } from "../protocol/schema-meta.js";
import type { ServerRequestAnswer } from "../core/ports.js";
import { encodeMessage, encodeResponse } from "../transport/jsonl-codec.js";
import { OutboundQueue, type EncodedMessage } from "../transport/outbound-queue.js";
import { idKey, type ErrorObject, type InboundResponse, type OutboundMessage, type RequestId } from "../transport/message.js";
import type { Transport } from "../transport/transport.js";


export type { ServerRequestAnswer } from "../core/ports.js";

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

/**
 * One client connection: its handshake state, the requests it has open and
 * the one outbound path every message to it takes (responses, notifications,
 * server requests), in the order they are produced.
 */
export class Session {
  initialized = false;
  experimentalApi = false;
  clientInfo: InitializeParams["clientInfo"] | undefined;
  userAgent: string | undefined;
  private optOut: ReadonlySet<string> = new Set();
  private readonly abort = new AbortController();
  closed = false;
  /** Client requests being handled, by exact id: each is answered once, and `$/cancelRequest` reaches it. */
  private readonly open = new Map<string, AbortController>();
  /** Server requests sent on this connection and not answered here yet, by id. */
  private readonly answerHandlers = new Map<number, (answer: ServerRequestAnswer) => void>();
  /** Every message to this client, in order (an answer written in parts holds the others back meanwhile). */
  private readonly outbound: OutboundQueue;

  constructor(
    /** The connection's number within its server, from 1 (logs, ownership of client-supplied tokens). */
    readonly id: number,
    private readonly transport: Transport,
    readonly logger: Logger,
    /** The server's allocator of server → client request ids. */
    /** Server → client request ids: integers from 0, one sequence per server (`AppServer.allocateServerRequestId`), as the reference. */
    private readonly allocateRequestId: () => number,
  ) {
    this.outbound = new OutboundQueue(transport, (error) => {
      this.logger.error({ err: error }, "an answer failed while it was being written; closing the connection");
      this.close();
    });
  }

  /** Aborted when the connection closes; in-flight work listens to it. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Bytes written towards this client and not yet taken by it (the turn loop pauses its model stream meanwhile). */
  outboundBacklog(): number {
    return this.outbound.backlog();
  }

  outboundDrained(): Promise<void> {
    return this.outbound.drained();
  }

  completeHandshake(params: InitializeParams, userAgent: string): void {
    this.initialized = true;
    this.clientInfo = params.clientInfo;
    this.userAgent = userAgent;
    this.experimentalApi = params.capabilities?.experimentalApi === true;
    this.optOut = new Set(params.capabilities?.optOutNotificationMethods ?? []);
  }

  // ---------------------------------------------------------------------------
  // Client requests

  /** Requests received and not answered yet. */
  get pendingRequests(): number {
    return this.open.size;
  }

  /** True while received requests are being handled or an answer is still being written in parts. */
  get busy(): boolean {
    return this.open.size > 0 || this.outbound.writingParts;
  }

  isOpenRequest(id: RequestId): boolean {
    return this.open.has(idKey(id));
  }

  /** Registers a request being handled; its signal aborts on `$/cancelRequest`, close or `cancelWork`. */
  beginRequest(id: RequestId): AbortSignal {
    // One controller per request, aborted by whatever stops it (AbortSignal.any would link each request to the
    // connection's signal: slower, and it keeps every request's signal registered on the connection's).
    const controller = new AbortController();
    this.open.set(idKey(id), controller);
    if (this.abort.signal.aborted) controller.abort();
    return controller.signal;
  }

  /** Aborts every request still being handled (a handler sees the default AbortError, whatever stopped it). */
  abortRequests(): void {
    for (const controller of this.open.values()) controller.abort();
  }

  /** `$/cancelRequest`: aborts the request's work; it is still answered (by its handler). */
  cancelRequest(id: RequestId): boolean {
    const controller = this.open.get(idKey(id));
    controller?.abort();
    return controller !== undefined;
  }

  /** Answers request `id` with its result. */
  respond(id: RequestId, result: unknown): void {
    this.finishRequest(id);
    this.send(() => encodeResponse(id, result ?? null), true);
  }

  /** Answers request `id` (or unidentifiable input, `null`) with an error. */
  respondError(id: RequestId | null, error: ErrorObject): void {
    if (id !== null) this.finishRequest(id);
    this.write({ id, error }, true);
  }

  private finishRequest(id: RequestId): void {
    this.open.delete(idKey(id));
  }

  // ---------------------------------------------------------------------------
  // Notifications and server requests

  wantsNotification(method: string): boolean {
    if (!this.experimentalApi && experimentalClientNotifications.has(method)) return false;
    return this.initialized && !this.closed && !this.optOut.has(method);
  }

  notify<M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>): void {
    if (!this.wantsNotification(method)) return;
    this.write({ method, params }, false);
  }

  private write(message: OutboundMessage, urgent: boolean): void {
    this.send(() => encodeMessage(message), urgent);
  }

  private send(encode: () => EncodedMessage, urgent: boolean): void {
    if (this.closed) return;
    try {
      this.outbound.write(encode(), urgent);
    } catch (error) {
      this.logger.debug({ err: error }, "failed to write to the client");
    }
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
    if (!this.initialized || this.closed) return false;
    const payload = this.experimentalApi ? params : stripExperimentalFields(method, params);
    this.answerHandlers.set(id, onAnswer);
    this.write({ id, method, params: payload }, true);
    return true;
  }

  /** Stops waiting for request `id` here (answered on another connection, or cleared); a late answer is dropped. */
  forgetServerRequest(id: number): void {
    this.answerHandlers.delete(id);
  }

  /**
   * A response message from the client (it answers one of our requests).
   * Answers to unknown or already resolved requests are logged and dropped.
   */
  handleResponse(message: InboundResponse): void {
    const id = message.id;
    const handler = typeof id === "number" ? this.answerHandlers.get(id) : undefined;
    if (!handler) {
      this.logger.debug({ id: String(id) }, "dropping a response to an unknown or resolved server request");
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

  /** Sends a server → client request to this connection alone; a JSON-RPC error answer rejects with an `RpcError`. */
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
        reject(new RpcError(ErrorCode.requestCancelled, `${method} was cancelled`));
      };
      if (signal?.aborted || this.signal.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.signal.addEventListener("abort", onAbort, { once: true });
      const sent = this.sendServerRequest(id, method, params, (answer) => {
        cleanup();
        if (answer.error) reject(new RpcError(answer.error.code, answer.error.message, answer.error.data));
        else resolve(answer.result as ServerRequestResultOf<M>);
      });
      if (!sent) {
        cleanup();
        reject(new Error(`cannot send ${method}: the connection is not open`));
      }
    });
  }

  /** Cancels in-flight work without closing the channel, so cancelled requests still get answers. */
  cancelWork(): void {
    this.abort.abort(new Error("connection closing"));
    this.abortRequests();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.outbound.close();
    this.abort.abort(new Error("connection closed"));
    this.abortRequests();
    this.answerHandlers.clear();
    this.open.clear();
    this.transport.close();
  }
}
