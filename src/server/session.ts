import { CancellationTokenSource, ResponseError, type MessageConnection } from "vscode-jsonrpc/node";
import type { Logger } from "../logging/logger.js";
import type {
  NotificationParamsOf,
  ServerNotificationMethod,
  ServerRequestMethod,
  ServerRequestParamsOf,
  ServerRequestResultOf,
} from "../protocol/registry.js";
import type { InitializeParams } from "../protocol/initialize.js";

let nextSessionId = 1;

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

  constructor(
    readonly connection: MessageConnection,
    readonly logger: Logger,
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

  /** Sends a server → client request; a JSON-RPC error answer rejects with `ResponseError`. */
  async request<M extends ServerRequestMethod>(
    method: M,
    params: ServerRequestParamsOf<M>,
    signal?: AbortSignal,
  ): Promise<ServerRequestResultOf<M>> {
    const source = new CancellationTokenSource();
    const onAbort = () => source.cancel();
    signal?.addEventListener("abort", onAbort, { once: true });
    this.signal.addEventListener("abort", onAbort, { once: true });
    try {
      return (await this.connection.sendRequest(method, params, source.token)) as ServerRequestResultOf<M>;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.signal.removeEventListener("abort", onAbort);
      source.dispose();
    }
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
    this.connection.dispose();
  }
}

export { ResponseError };
