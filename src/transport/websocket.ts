import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import type { Logger } from "../logging/logger.js";
import { decodeLine } from "./jsonl-codec.js";
import { DEFAULT_MAX_LINE_BYTES, JsonlMessageWriter, oversizedInput, type InvalidInput } from "./jsonl.js";
import type { InboundMessage } from "./message.js";
import type { TransportLimits } from "./options.js";
import type { Transport, TransportSink } from "./transport.js";
import type { BearerTokenAuth } from "./ws-auth.js";

export interface WebSocketReaderOptions {
  maxMessageBytes?: number;
  /** Called for input that is not a JSON-RPC message; the server answers it. */
  onInvalid: (invalid: InvalidInput) => void;
  /** Called once when the socket closes. */
  onClose?: () => void;
  /** Frames handled per event-loop turn; later ones wait for the next turn (default 128). */
  framesPerTurn?: number;
  /** Asked to pause the socket's input while frames wait for a later turn. */
  pauseInput?: (paused: boolean) => void;
}

/**
 * Reads one JSON-RPC message per WebSocket text frame. Classification,
 * malformed-input answers and the size limit are those of the stdio reader
 * (`decodeLine`); blank frames are ignored like blank lines; binary frames are
 * answered as invalid input.
 *
 * Fairness: ws emits every frame of a socket read (up to 64 KiB, ~800 small
 * frames) synchronously, and Node reads a busy socket up to 32 times per
 * poll. So that one flooding client cannot stall the others, at most
 * `framesPerTurn` frames are handled per event-loop turn; the rest wait, in
 * order, for the next turns while the socket input is paused.
 */
export class WebSocketMessageReader {
  private readonly maxMessageBytes: number;
  private readonly framesPerTurn: number;
  private readonly backlog: Array<[RawData, boolean]> = [];
  private handledThisTurn = 0;
  private turnScheduled = false;
  private closed = false;
  private callback: ((message: InboundMessage) => void) | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: WebSocketReaderOptions,
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.framesPerTurn = options.framesPerTurn ?? 128;
  }

  listen(callback: (message: InboundMessage) => void): { dispose(): void } {
    this.callback = callback;
    const onMessage = (data: RawData, isBinary: boolean) => this.onFrame(data, isBinary);
    const onClose = () => {
      if (this.closed) return;
      this.closed = true;
      this.backlog.length = 0;
      this.options.onClose?.();
    };
    // Errors are followed by "close"; nothing to do before it.
    const onError = () => {};
    this.socket.on("message", onMessage);
    this.socket.on("close", onClose);
    this.socket.on("error", onError);
    return {
      dispose: () => {
        this.socket.off("message", onMessage);
        this.socket.off("close", onClose);
        this.socket.off("error", onError);
        this.callback = undefined;
      },
    };
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (this.backlog.length > 0 || this.handledThisTurn >= this.framesPerTurn) {
      if (this.backlog.length === 0) this.options.pauseInput?.(true);
      this.backlog.push([data, isBinary]);
      this.scheduleTurn();
      return;
    }
    this.handle(data, isBinary);
  }

  /** Next turn: reset the per-turn count and handle what waits, up to the limit. */
  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      this.handledThisTurn = 0;
      while (this.backlog.length > 0 && this.handledThisTurn < this.framesPerTurn && !this.closed) {
        const [data, isBinary] = this.backlog.shift()!;
        this.handle(data, isBinary);
      }
      if (this.closed) this.backlog.length = 0;
      if (this.backlog.length > 0) this.scheduleTurn();
      else this.options.pauseInput?.(false);
    });
  }

  private handle(data: RawData, isBinary: boolean): void {
    if (this.handledThisTurn++ === 0) this.scheduleTurn();
    const callback = this.callback;
    if (!callback) return;
    if (isBinary) {
      this.options.onInvalid({
        code: -32600,
        message: "Invalid request: binary frames are not supported; send each JSON-RPC message as one text frame",
        id: null,
      });
      return;
    }
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (bytes.length > this.maxMessageBytes) {
      this.options.onInvalid(oversizedInput(this.maxMessageBytes));
      return;
    }
    const text = bytes.toString("utf8");
    if (text.trim() === "") return;
    const decoded = decodeLine(text);
    if (decoded.kind === "invalid") {
      this.options.onInvalid(decoded);
      return;
    }
    callback(decoded.message);
  }
}

/**
 * Writes each message as one text frame, in the stdio wire form (no
 * `jsonrpc`, `emittedAtMs` on notifications) minus the trailing newline.
 */
export class WebSocketMessageWriter extends JsonlMessageWriter {
  constructor(socket: WebSocket, afterSend?: () => void) {
    // Frames sent in one tick leave in one write: the underlying socket is
    // corked on the first send and uncorked before the event loop continues
    // (ws's own per-frame cork/uncork nests inside), instead of one syscall per frame.
    const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void; destroyed: boolean } })._socket;
    let corked = false;
    const uncork = () => {
      corked = false;
      if (!raw!.destroyed) raw!.uncork();
    };
    super({
      write: (line) => {
        if (raw && !corked && socket.readyState === WebSocket.OPEN) {
          corked = true;
          raw.cork();
          process.nextTick(uncork);
        }
        socket.send(line.endsWith("\n") ? line.slice(0, -1) : line);
        afterSend?.();
      },
    });
  }
}

/**
 * Pauses a socket's input while at least one reason holds (slow client,
 * fairness yield) and resumes it when none is left.
 */
export class InputPause {
  private readonly reasons = new Set<string>();

  constructor(private readonly socket: WebSocket) {}

  set(reason: string, paused: boolean): void {
    if (paused) {
      if (this.reasons.has(reason)) return;
      this.reasons.add(reason);
      if (this.reasons.size === 1) this.socket.pause();
    } else if (this.reasons.delete(reason) && this.reasons.size === 0) {
      this.socket.resume();
    }
  }
}

/**
 * Watches the bytes buffered towards one client (`bufferedAmount`: the
 * socket's write queue plus frames not yet handed to it). While over the
 * limit the connection's input is paused, so the client cannot make the
 * server produce more; a client that stays over the limit for the timeout is
 * disconnected with a warning.
 */
export class OutboundMonitor {
  private overSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly limits: Pick<TransportLimits, "maxOutboundBytes" | "slowClientTimeoutMs">,
    private readonly logger: Logger,
    private readonly pauseInput: (paused: boolean) => void,
  ) {}

  afterSend(): void {
    if (this.timer !== undefined || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount <= this.limits.maxOutboundBytes) return;
    this.overSince = Date.now();
    this.pauseInput(true);
    const interval = Math.max(10, Math.min(100, Math.floor(this.limits.slowClientTimeoutMs / 5)));
    this.timer = setInterval(() => this.check(), interval);
    this.timer.unref();
  }

  private check(): void {
    if (this.socket.readyState !== WebSocket.OPEN) {
      this.stop();
      return;
    }
    const buffered = this.socket.bufferedAmount;
    if (buffered <= this.limits.maxOutboundBytes) {
      this.stop();
      this.pauseInput(false);
      return;
    }
    const overMs = Date.now() - (this.overSince ?? Date.now());
    if (overMs >= this.limits.slowClientTimeoutMs) {
      this.logger.warn(
        { bufferedBytes: buffered, maxOutboundBytes: this.limits.maxOutboundBytes, overMs },
        "disconnecting slow client: outbound buffer stayed over the limit",
      );
      this.stop();
      this.socket.terminate();
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.overSince = undefined;
  }
}

export interface WebSocketTransportOptions {
  limits: Pick<TransportLimits, "maxOutboundBytes" | "slowClientTimeoutMs">;
  logger: Logger;
  maxMessageBytes: number;
}

/**
 * One WebSocket client: a text frame per message. Backpressure as on stdio:
 * while more than `maxOutboundBytes` wait for the client, its input is paused
 * and producers waiting on `outboundDrained` (the turn loop) hold off; a
 * client that stays over the limit for `slowClientTimeoutMs` is disconnected.
 */
export class WebSocketTransport implements Transport {
  readonly kind = "ws";
  private readonly input: InputPause;
  private readonly monitor: OutboundMonitor;
  private readonly writer: WebSocketMessageWriter;
  private readonly drainWaiters: Array<() => void> = [];
  private drainTimer: NodeJS.Timeout | undefined;
  /** The parts of a message written in parts, until its last part (a message is one frame). */
  private parts: string[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly options: WebSocketTransportOptions,
  ) {
    this.input = new InputPause(socket);
    this.monitor = new OutboundMonitor(socket, options.limits, options.logger, (paused) => this.input.set("slow-client", paused));
    this.writer = new WebSocketMessageWriter(socket, () => this.monitor.afterSend());
    socket.on("close", () => {
      this.monitor.stop();
      this.writer.end();
      this.releaseDrainWaiters();
    });
  }

  listen(sink: TransportSink): void {
    const reader = new WebSocketMessageReader(this.socket, {
      maxMessageBytes: this.options.maxMessageBytes,
      pauseInput: (paused) => this.input.set("fairness", paused),
      onInvalid: (invalid) => sink.invalid(invalid),
      onClose: () => sink.end(),
    });
    reader.listen((message) => sink.message(message));
  }

  write(line: string, urgent: boolean): void {
    this.writer.writeLine(line, urgent);
  }

  writePart(part: string, last: boolean): void {
    this.parts.push(part);
    if (!last) return;
    const line = this.parts.join("");
    this.parts = [];
    this.writer.writeLine(line, true);
  }

  outboundBacklog(): number {
    return this.socket.bufferedAmount + this.writer.pendingLength;
  }

  outboundDrained(): Promise<void> {
    this.writer.flush();
    if (this.socket.readyState !== WebSocket.OPEN || this.socket.bufferedAmount === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      // ws has no drain event of its own; the buffered amount is polled until it is gone.
      this.drainTimer ??= setInterval(() => {
        if (this.socket.readyState !== WebSocket.OPEN || this.socket.bufferedAmount === 0) this.releaseDrainWaiters();
      }, 5);
    });
  }

  private releaseDrainWaiters(): void {
    if (this.drainTimer !== undefined) clearInterval(this.drainTimer);
    this.drainTimer = undefined;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /** Stops writing; the socket itself is closed by the peer or by the listener's shutdown (1001). */
  close(): void {
    this.writer.end();
  }
}

export interface WebSocketListenerOptions {
  /** Serves one upgraded connection (the server attaches a session to it). */
  onConnection: (transport: Transport) => void;
  logger: Logger;
  limits: TransportLimits;
  /** When set, upgrades must carry `Authorization: Bearer <token>`. */
  auth: BearerTokenAuth | undefined;
  maxMessageBytes?: number;
}


/**
 * An HTTP server that upgrades to WebSocket (any path) and answers
 * `GET /readyz` and `GET /healthz`; any request carrying an `Origin` header is
 * refused with 403 (browsers always send one). Listens on TCP or a unix
 * socket (see `unix.ts`). Each upgraded socket becomes one AppServer session.
 */
export class WebSocketListener {
  readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly maxMessageBytes: number;
  private accepting = false;
  /** Connections accepted so far (numbers them in logs). */
  private accepted = 0;
  private draining = false;

  constructor(private readonly options: WebSocketListenerOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      // Frames up to 4× the message limit are read and answered like an
      // over-long stdio line; anything bigger closes the connection (1009).
      maxPayload: this.maxMessageBytes * 4,
    });
    this.http = http.createServer((request, response) => this.onHttpRequest(request, response));
    this.http.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(request, socket, head));
    this.http.on("clientError", (error, socket) => {
      options.logger.debug({ err: error }, "bad HTTP request");
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      else socket.destroy();
    });
  }

  /** Called once the HTTP server is bound: `/readyz` turns 200. */
  markReady(): void {
    this.accepting = true;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  private onHttpRequest(request: IncomingMessage, response: ServerResponse): void {
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
      response.end(body);
    };
    if (request.headers.origin !== undefined) {
      reply(403, "Forbidden: requests with an Origin header are not accepted\n");
      return;
    }
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      reply(405, "Method Not Allowed\n", { allow: "GET, HEAD" });
      return;
    }
    switch (path) {
      case "/healthz":
        reply(200, "ok\n");
        return;
      case "/readyz":
        if (this.accepting && !this.draining) reply(200, "ready\n");
        else reply(503, "not ready\n");
        return;
      case "/":
        reply(426, "Upgrade Required: this endpoint speaks JSON-RPC over WebSocket\n", { upgrade: "websocket" });
        return;
      default:
        reply(404, "Not Found\n");
    }
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { logger } = this.options;
    const refuse = (status: number, reason: string, extra = "") => {
      logger.warn({ status, remote: remoteOf(request) }, `refused WebSocket upgrade: ${reason}`);
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n${extra}Content-Length: 0\r\n\r\n`);
    };
    socket.on("error", (error) => logger.debug({ err: error }, "upgrade socket error"));
    if (request.headers.origin !== undefined) {
      refuse(403, "requests with an Origin header are not accepted");
      return;
    }
    if (this.draining || !this.accepting) {
      refuse(503, "server is shutting down");
      return;
    }
    if (this.options.auth && !this.options.auth.check(request)) {
      refuse(401, request.headers.authorization === undefined ? "missing bearer token" : "invalid bearer token", 'WWW-Authenticate: Bearer realm="agent-app-server"\r\n');
      return;
    }
    // An `x-codex-app-server-compression: zstd-stream-v1` offer is ignored: the
    // client falls back to uncompressed text frames, as with the reference's proxy.
    this.wss.handleUpgrade(request, socket, head, (ws) => this.serve(ws, request));
  }

  private serve(ws: WebSocket, request: IncomingMessage): void {
    const connectionId = ++this.accepted;
    const logger = this.options.logger.child({ connection: connectionId });
    this.sockets.add(ws);
    logger.info({ remote: remoteOf(request) }, "client connected");
    const transport = new WebSocketTransport(ws, { limits: this.options.limits, logger, maxMessageBytes: this.maxMessageBytes });
    ws.on("close", (code, reason) => {
      this.sockets.delete(ws);
      logger.info({ code, reason: reason.toString("utf8") || undefined }, "client disconnected");
    });
    this.options.onConnection(transport);
  }

  /** Stops accepting connections; `/readyz` turns 503. */
  stopAccepting(): Promise<void> {
    this.draining = true;
    return new Promise((resolve) => {
      if (!this.http.listening) {
        resolve();
        return;
      }
      this.http.close(() => resolve());
      this.http.closeIdleConnections();
    });
  }

  /**
   * Requests a client sent just before shutdown may still be on the wire or
   * held by a paused socket: resume every socket and wait until no frame has
   * arrived for `quietMs` (at most `maxMs`), so each of them is answered
   * (the server says it is draining) before the close frame goes out.
   */
  private async quietPeriod(quietMs: number, maxMs: number): Promise<void> {
    const open = [...this.sockets].filter((ws) => ws.readyState === WebSocket.OPEN);
    if (open.length === 0) return;
    let lastFrameAt = Date.now();
    const onFrame = () => (lastFrameAt = Date.now());
    for (const ws of open) {
      ws.on("message", onFrame);
      ws.resume();
    }
    const deadline = Date.now() + maxMs;
    while (Date.now() - lastFrameAt < quietMs && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const ws of open) ws.off("message", onFrame);
  }

  /**
   * Closes every client with 1001 (frames already queued go out first), waits
   * up to `waitMs` for the closing handshakes, then drops what is left.
   */
  async closeConnections(waitMs: number): Promise<void> {
    await this.quietPeriod(QUIET_MS, waitMs / 2);
    const open = [...this.sockets];
    const closed = open.map((ws) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : ws.once("close", () => resolve()))));
    for (const ws of open) {
      if (ws.readyState === WebSocket.OPEN) ws.resume();
      ws.close(1001, "server shutting down");
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    for (const ws of this.sockets) ws.terminate();
    this.http.closeAllConnections();
  }
}

/** How long the input must stay silent before connections are closed at shutdown. */
const QUIET_MS = 25;

function remoteOf(request: IncomingMessage): string {
  const { remoteAddress, remotePort } = request.socket;
  return remoteAddress ? `${remoteAddress}:${remotePort}` : "unix socket";
}
