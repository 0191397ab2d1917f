import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { serverBin } from "./paths.js";
import { withoutSystemSkills } from "./system-skills.js";
import { RpcTestClient, type WireMessage } from "./rpc-test-client.js";

export { RpcCallError, type ReceivedMessage, type RpcErrorShape, type WireMessage } from "./rpc-test-client.js";

export interface SpawnOptions {
  args?: string[];
  /** Install the shipped system skills into CODEX_HOME as a real start does; off by default (see `withoutSystemSkills`). */
  bundledSkills?: boolean;
  env?: Record<string, string | undefined>;
  codexHome?: string;
  cwd?: string;
}

/** A real server child process driven over real pipes, one JSON message per line. */
export class ServerProcess extends RpcTestClient {
  /** Instances not yet checked by the conformance hook in `test/helpers/setup.ts`. */
  static readonly live = new Set<ServerProcess>();
  readonly child: ChildProcessWithoutNullStreams;
  readonly codexHome: string;
  /** Every stdout line as written (exact text: ids beyond 2^53 survive here, not in `received`). */
  readonly rawLines: string[] = [];
  /** stdout lines that were not a JSON object: protocol violations. */
  readonly badLines: string[] = [];
  stderr = "";
  private buffer = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout and stderr are fully read after exit. */
  readonly stdioClosed: Promise<void>;

  constructor(options: SpawnOptions = {}) {
    super();
    this.codexHome = options.codexHome ?? mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    if (options.bundledSkills !== true) withoutSystemSkills(this.codexHome);
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
  override conformanceProblems(): string[] {
    return [
      ...this.badLines.map((line) => `stdout line is not a JSON object: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`),
      ...super.conformanceProblems(),
    ];
  }

  protected override timeoutDetail(): string {
    return `; stderr:\n${this.stderr}`;
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

  protected writeText(text: string): void {
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
