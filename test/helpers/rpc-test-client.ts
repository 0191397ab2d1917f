/**
 * The client side of a JSON-RPC test connection, whatever carries the lines:
 * requests with their answers, notifications, answers to server requests, and
 * the record of everything received (with, for responses, the request they
 * answer, which the conformance check needs). Subclasses only write lines and
 * hand over each parsed message.
 */
import { checkMessages, formatProblem } from "./conformance.js";
import { MessageWaiter } from "./message-waiter.js";

export interface RpcErrorShape {
  code: number;
  message: string;
  data?: unknown;
}

export type WireMessage = Record<string, unknown>;

export interface ReceivedMessage {
  message: WireMessage;
  /** For responses: the method of the request they answer. */
  requestMethod?: string;
  /** For responses: the params of the request they answer. */
  requestParams?: unknown;
}

export class RpcCallError extends Error {
  constructor(readonly error: RpcErrorShape) {
    super(`${error.code}: ${error.message}`);
  }
}

export abstract class RpcTestClient {
  /** Every message the server wrote, in order. */
  readonly received: ReceivedMessage[] = [];
  private nextId = 1;
  private readonly pending = new Map<string, { method: string; params: unknown; resolve: (m: WireMessage) => void }>();
  private readonly waits = new MessageWaiter(this.received, () => this.timeoutDetail());
  private serverRequestHandler: ((method: string, params: unknown) => unknown) | undefined;
  /** Method of every request sent (also raw ones), by JSON-encoded id. */
  private readonly sentMethods = new Map<string, string>();

  /** Keep every message in `received` (for the conformance check and `notifications()`). */
  protected recordMessages = true;

  /** Writes text (one or more lines) towards the server. */
  protected abstract writeText(text: string): void;

  /** Appended to a wait's timeout error (e.g. the server's log). */
  protected timeoutDetail(): string {
    return "";
  }

  /** Reference-schema problems in everything received so far. */
  conformanceProblems(): string[] {
    return checkMessages(this.received).map(formatProblem);
  }

  /** One parsed message from the server. */
  protected onMessage(message: WireMessage): void {
    const isResponse = !("method" in message) && ("result" in message || "error" in message);
    if (isResponse) {
      const key = JSON.stringify(message.id);
      const pending = this.pending.get(key);
      if (this.recordMessages) {
        this.received.push({ message, requestMethod: pending?.method ?? this.sentMethods.get(key), requestParams: pending?.params });
      }
      if (pending) {
        this.pending.delete(key);
        pending.resolve(message);
      }
    } else {
      if (this.recordMessages) this.received.push({ message });
      if ("id" in message && typeof message.method === "string") void this.answerServerRequest(message);
    }
    this.waits.deliver(message);
  }

  private async answerServerRequest(message: WireMessage): Promise<void> {
    if (!this.serverRequestHandler) return;
    try {
      const result = await this.serverRequestHandler(message.method as string, message.params);
      this.sendRaw(JSON.stringify({ id: message.id, result }));
    } catch (error) {
      this.sendRaw(JSON.stringify({ id: message.id, error: { code: -32603, message: String(error) } }));
    }
  }

  /** Answers server → client requests with what `handler` returns (a throw becomes an error reply). */
  onServerRequest(handler: (method: string, params: unknown) => unknown): void {
    this.serverRequestHandler = handler;
  }

  /** Sends text as written: one or more lines, valid JSON-RPC or not. */
  sendRaw(text: string): void {
    this.recordSentRequests(text);
    this.writeText(text);
  }

  protected recordSentRequests(text: string): void {
    if (text.length > 1 << 20) return;
    for (const line of text.split("\n")) {
      try {
        const message = JSON.parse(line) as WireMessage;
        const id = message?.id;
        if (typeof message?.method === "string" && (typeof id === "string" || typeof id === "number")) {
          this.sentMethods.set(JSON.stringify(id), message.method);
        }
      } catch {
        // Not JSON: the server answers it with id null.
      }
    }
  }

  /** Sends a request and resolves with the raw response message. */
  request(method: string, params?: unknown, id: string | number = this.nextId++): Promise<WireMessage> {
    const message: WireMessage = { id, method };
    if (params !== undefined) message.params = params;
    return new Promise((resolve) => {
      this.pending.set(JSON.stringify(id), { method, params, resolve });
      this.sendRaw(JSON.stringify(message));
    });
  }

  /** Sends a request and resolves with its result, or rejects with `RpcCallError`. */
  async call<T = any>(method: string, params?: unknown): Promise<T> {
    const response = await this.request(method, params);
    if ("error" in response) throw new RpcCallError(response.error as RpcErrorShape);
    return response.result as T;
  }

  /** Sends a request expected to fail and resolves with its error. */
  async callError(method: string, params?: unknown): Promise<RpcErrorShape> {
    const response = await this.request(method, params);
    if (!("error" in response)) throw new Error(`expected an error from ${method}, got ${JSON.stringify(response)}`);
    return response.error as RpcErrorShape;
  }

  notify(method: string, params?: unknown): void {
    const message: WireMessage = { method };
    if (params !== undefined) message.params = params;
    this.sendRaw(JSON.stringify(message));
  }

  async initialize(
    capabilities: Record<string, unknown> | null = null,
    clientInfo: Record<string, unknown> = { name: "test_client", title: "Test", version: "0.0.1" },
  ): Promise<any> {
    const result = await this.call("initialize", capabilities === null ? { clientInfo } : { clientInfo, capabilities });
    this.notify("initialized");
    return result;
  }

  notifications(method?: string): WireMessage[] {
    return this.waits.notifications(method);
  }

  /** Resolves with the first message (already received or future) matching `predicate`. */
  waitFor(predicate: (m: WireMessage) => boolean, timeoutMs = 10_000): Promise<WireMessage> {
    return this.waits.waitFor(predicate, timeoutMs);
  }

  waitForNotification(method: string, predicate: (params: any) => boolean = () => true, timeoutMs?: number): Promise<any> {
    return this.waitFor((m) => m.method === method && !("id" in m) && predicate(m.params), timeoutMs).then((m) => m.params);
  }
}
