import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkMessages, formatProblem } from "./conformance.js";
import { MessageWaiter } from "./message-waiter.js";
import { serverBin } from "./paths.js";

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

export interface SpawnOptions {
  args?: string[];
  env?: Record<string, string | undefined>;
  codexHome?: string;
  cwd?: string;
}

/** A real server child process driven over real pipes, one JSON message per line. */
export class ServerProcess {
  /** Instances not yet checked by the conformance hook in `test/helpers/setup.ts`. */
  static readonly live = new Set<ServerProcess>();
  readonly child: ChildProcessWithoutNullStreams;
  readonly codexHome: string;
  /** Every message the server wrote to stdout, in order. */
  readonly received: ReceivedMessage[] = [];
  /** Every stdout line as written (exact text: ids beyond 2^53 survive here, not in `received`). */
  readonly rawLines: string[] = [];
  /** stdout lines that were not a JSON object: protocol violations. */
  readonly badLines: string[] = [];
  stderr = "";
  private nextId = 1;
  private readonly pending = new Map<string, { method: string; params: unknown; resolve: (m: WireMessage) => void }>();
  private readonly waits = new MessageWaiter(this.received, () => `; stderr:\n${this.stderr}`);
  private buffer = "";
  private serverRequestHandler: ((method: string, params: unknown) => unknown) | undefined;
  /** Method of every request written to stdin (also raw ones), by JSON-encoded id. */
  private readonly sentMethods = new Map<string, string>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout and stderr are fully read after exit. */
  readonly stdioClosed: Promise<void>;

  constructor(options: SpawnOptions = {}) {
    this.codexHome = options.codexHome ?? mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    this.child = spawn(process.execPath, [serverBin, ...(options.args ?? [])], {
      cwd: options.cwd,
      env: { ...process.env, LOG_LEVEL: "warn", CODEX_HOME: this.codexHome, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.onStdout(chunk));
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (chunk: string) => (this.stderr += chunk));
    this.child.stdout.on("end", () => {
      if (this.buffer !== "") this.badLines.push(`(unterminated) ${this.buffer}`);
      this.buffer = "";
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code, signal) => resolve({ code, signal })));
    this.stdioClosed = new Promise((resolve) => this.child.on("close", () => resolve()));
    ServerProcess.live.add(this);
  }

  /** Reference-schema problems in everything received so far, plus stdout lines that were not JSON objects. */
  conformanceProblems(): string[] {
    return [
      ...this.badLines.map((line) => `stdout line is not a JSON object: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`),
      ...checkMessages(this.received).map(formatProblem),
    ];
  }

  private onStdout(chunk: string): void {
    // Only the new chunk is searched for line ends: a multi-megabyte line costs linear time.
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf("\n", start)) !== -1) {
      const line = this.buffer + chunk.slice(start, newline);
      this.buffer = "";
      start = newline + 1;
      this.rawLines.push(line);
      let message: WireMessage;
      try {
        message = JSON.parse(line) as WireMessage;
        if (message === null || typeof message !== "object" || Array.isArray(message)) throw new Error("not an object");
      } catch {
        this.badLines.push(line);
        continue;
      }
      this.onMessage(message);
    }
    this.buffer += chunk.slice(start);
  }

  private onMessage(message: WireMessage): void {
    const isResponse = !("method" in message) && ("result" in message || "error" in message);
    if (isResponse) {
      const key = JSON.stringify(message.id);
      const pending = this.pending.get(key);
      this.received.push({ message, requestMethod: pending?.method ?? this.sentMethods.get(key), requestParams: pending?.params });
      if (pending) {
        this.pending.delete(key);
        pending.resolve(message);
      }
    } else {
      this.received.push({ message });
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

  sendRaw(text: string): void {
    this.recordSentRequests(text);
    this.child.stdin.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /**
   * Writes `text` to stdin as separate byte chunks, split at the given UTF-8
   * byte offsets (possibly mid-character), `delayMs` apart.
   */
  async sendChunks(text: string, splitAt: readonly number[], delayMs = 10): Promise<void> {
    this.recordSentRequests(text);
    const bytes = Buffer.from(text, "utf8");
    let start = 0;
    for (const end of [...splitAt, bytes.length]) {
      this.child.stdin.write(bytes.subarray(start, end));
      start = end;
      if (end < bytes.length) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  private recordSentRequests(text: string): void {
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

  /** Closes stdin (EOF) and waits for the process to exit. */
  async close(timeoutMs = 5_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    this.child.kill(signal);
  }
}
