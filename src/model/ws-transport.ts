import type { Response as OpenAIResponse, ResponseStreamEvent } from "openai/resources/responses/responses";
import type WebSocket from "ws";
import { stringifyWithRaw } from "../util/raw-json.js";

/** `WebSocket.OPEN` / `CONNECTING` (ws is loaded on the first connection, off the startup path). */
const OPEN = 1;
const CONNECTING = 0;
import { ModelError, streamDisconnected } from "./errors.js";
import { streamEnd } from "./stream-end.js";

/**
 * One WebSocket connection to the Responses endpoint (`GET …/responses`
 * upgrade, `openai-beta: responses_websockets=2026-02-06`). The client sends
 * `{"type":"response.create", …body}` text frames; the server answers each
 * with the same event objects the SSE stream carries, one JSON text frame
 * each. One request at a time per connection.
 */

export const WEBSOCKET_BETA_HEADER = "responses_websockets=2026-02-06";

/** The upgrade was refused: a non-101 answer (status) or no connection at all (status null). */
export class WebSocketConnectError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "WebSocketConnectError";
  }

  /** As the turn reports it: a stream disconnection carrying the upgrade's HTTP status. */
  toModelError(): ModelError {
    if (this.status === 401) return new ModelError(this.message, "unauthorized");
    return new ModelError(this.message, { responseStreamDisconnected: { httpStatusCode: this.status } }, true);
  }
}

/** `http(s)://…/codex` → `ws(s)://…/codex/responses`. */
export function responsesSocketUrl(baseUrl: string): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}/responses`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

export interface SocketRequestCallbacks {
  onEvent(event: ResponseStreamEvent): void;
  /** Silence longer than this fails the request (0: no limit). */
  idleTimeoutMs: number;
  signal: AbortSignal;
}

export interface SocketRequestResult {
  response: OpenAIResponse;
  /** The output items as `response.output_item.done` delivered them. */
  outputItems: unknown[];
}

export class ResponsesSocket {
  private listener: ((data: string) => void) | undefined;
  private closeListener: ((reason: string) => void) | undefined;
  private closedReason: string | undefined;

  private constructor(
    private readonly socket: WebSocket,
    /** The upgrade answer's headers (rate limits, models etag). */
    readonly headers: Headers,
  ) {
    socket.on("message", (data, isBinary) => {
      if (isBinary) return;
      this.listener?.(data.toString());
    });
    const closed = (reason: string) => {
      if (this.closedReason !== undefined) return;
      this.closedReason = reason;
      this.closeListener?.(reason);
    };
    socket.on("close", (code) => closed(`websocket closed (code ${code})`));
    socket.on("error", (error) => closed(`websocket error: ${error.message}`));
  }

  get closed(): boolean {
    return this.closedReason !== undefined || this.socket.readyState !== OPEN;
  }

  static async connect(url: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<ResponsesSocket> {
    const { default: WebSocketClass } = await import("ws");
    return new Promise((resolve, reject) => {
      const socket = new WebSocketClass(url, { headers, perMessageDeflate: true, handshakeTimeout: timeoutMs > 0 ? timeoutMs : undefined });
      let upgradeHeaders = new Headers();
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", abort);
        socket.terminate();
        reject(error);
      };
      const abort = () => fail(new WebSocketConnectError("websocket connect aborted", null));
      signal.addEventListener("abort", abort, { once: true });
      socket.on("upgrade", (response) => {
        upgradeHeaders = headersOf(response.headers);
      });
      socket.on("unexpected-response", (_request, response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        fail(new WebSocketConnectError(`websocket upgrade failed: HTTP ${status}`, status));
      });
      socket.on("error", (error) => fail(new WebSocketConnectError(`websocket connect failed: ${error.message}`, null)));
      socket.on("open", () => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", abort);
        resolve(new ResponsesSocket(socket, upgradeHeaders));
      });
    });
  }

  /** Sends one `response.create` frame and resolves at `response.completed`. */
  request(frame: Record<string, unknown>, callbacks: SocketRequestCallbacks): Promise<SocketRequestResult> {
    if (this.closed) return Promise.reject(streamDisconnected(this.closedReason ?? "websocket closed"));
    const { signal, idleTimeoutMs } = callbacks;
    return new Promise((resolve, reject) => {
      const outputItems: unknown[] = [];
      let timer: NodeJS.Timeout | undefined;
      const finish = (error: Error | null, result?: SocketRequestResult) => {
        if (timer) clearTimeout(timer);
        this.listener = undefined;
        this.closeListener = undefined;
        signal.removeEventListener("abort", abort);
        if (error) {
          // A request that did not complete leaves the connection in an unknown state.
          this.close();
          reject(error);
        } else resolve(result!);
      };
      const abort = () => finish(new ModelError("aborted", null));
      const armIdle = () => {
        if (idleTimeoutMs <= 0) return;
        if (timer) timer.refresh();
        else timer = setTimeout(() => finish(streamDisconnected("idle timeout waiting for websocket")), idleTimeoutMs);
      };
      this.closeListener = (reason) => finish(streamDisconnected(reason));
      this.listener = (data) => {
        armIdle();
        let event: ResponseStreamEvent;
        try {
          event = JSON.parse(data) as ResponseStreamEvent;
        } catch (error) {
          finish(streamDisconnected(`invalid event data: ${(error as Error).message}`));
          return;
        }
        try {
          const response = streamEnd(event);
          if (response) {
            finish(null, { response, outputItems });
            return;
          }
          if (event.type === "response.output_item.done") outputItems.push(event.item);
          callbacks.onEvent(event);
        } catch (error) {
          finish(error as Error);
        }
      };
      signal.addEventListener("abort", abort, { once: true });
      armIdle();
      // Input items of a long thread are stored JSON text (RawJson): written verbatim, not parsed again.
      this.socket.send(stringifyWithRaw(frame));
    });
  }

  close(): void {
    if (this.closedReason === undefined) this.closedReason = "closed by client";
    if (this.socket.readyState === OPEN || this.socket.readyState === CONNECTING) this.socket.close();
  }
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  return headers;
}
