import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import type { JsonValue } from "../../protocol/common.js";
import { codeModeRunnerMain } from "./runner-child.js";

/** One content item of an exec result (`input_text` / `input_image`). */
export type ContentItem = { type: "input_text"; text: string } | { type: "input_image"; image_url: string; detail?: string };

/** A nested tool as the script sees it: `tools[global](input)`, listed in `ALL_TOOLS` by `name`. */
export interface NestedToolInfo {
  name: string;
  global: string;
  description: string;
}

/** A nested tool call's answer: the value the promise resolves with, or the text it rejects with. */
export type NestedToolAnswer = { ok: true; value: JsonValue } | { ok: false; error: string };

export interface CellLimits {
  /** The child's V8 heap limit (`--max-old-space-size`), in MB. */
  heapMb: number;
  /** Wall-clock limit of one cell, from its start; the child is killed past it. */
  wallClockMs: number;
}

/** What a cell reports back when it yields or ends. */
export type CellResponse =
  | { kind: "yielded"; items: ContentItem[] }
  | { kind: "terminated"; items: ContentItem[] }
  | { kind: "result"; items: ContentItem[]; error: string | null };

export interface CellHost {
  /** Runs a nested tool in the parent (its app-server items included). */
  callTool(name: string, input: JsonValue | undefined): Promise<NestedToolAnswer>;
  /** `notify(...)`: an extra output for the exec call that started the cell. */
  notify(text: string): void;
  /** The cell ended (result or kill): its final stored values. */
  onStored(values: Record<string, JsonValue>): void;
}

const RUNNER_SOURCE = `(${codeModeRunnerMain.toString()})();`;

/**
 * coreutils `timeout`, when the system has it: it kills the runtime at its
 * limit even if this server dies first (a script stuck in a loop never sees
 * the IPC channel close). It forwards SIGTERM to the runtime.
 */
const WATCHDOG = ["/usr/bin/timeout", "/bin/timeout"].find((file) => existsSync(file)) ?? null;

function runtimeCommand(limits: CellLimits): { file: string; args: string[] } {
  const node = [
    "--experimental-permission",
    "--experimental-vm-modules",
    "--disallow-code-generation-from-strings",
    "--no-warnings",
    `--max-old-space-size=${limits.heapMb}`,
    `--max-semi-space-size=${Math.max(1, Math.min(16, Math.floor(limits.heapMb / 16)))}`,
    "-e",
    RUNNER_SOURCE,
  ];
  if (WATCHDOG === null) return { file: process.execPath, args: node };
  const seconds = Math.ceil(limits.wallClockMs / 1000) + 5;
  return { file: WATCHDOG, args: ["-s", "KILL", String(seconds), process.execPath, ...node] };
}

type CellState = { kind: "running" } | { kind: "done"; response: CellResponse };

/**
 * One `exec` cell: a child Node process running the script (see
 * runner-child.ts for the isolation), the output it produced since the last
 * time the model was told, and the waiters for its next yield point.
 */
export class CodeModeCell {
  private readonly child: ChildProcess;
  private items: ContentItem[] = [];
  private state: CellState = { kind: "running" };
  private yieldRequested = false;
  private readonly waiters = new Set<() => void>();
  private readonly hardLimit: NodeJS.Timeout;
  private stderrTail = "";

  constructor(
    readonly id: string,
    source: string,
    tools: readonly NestedToolInfo[],
    stored: Record<string, JsonValue>,
    private readonly host: CellHost,
    private readonly limits: CellLimits,
  ) {
    const command = runtimeCommand(limits);
    this.child = spawn(command.file, command.args, { stdio: ["ignore", "ignore", "pipe", "ipc"], env: {}, serialization: "json" });
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4096);
    });
    this.child.on("message", (message) => this.onMessage(message as { op: string; payload?: unknown; error?: unknown; stored?: unknown }));
    this.child.on("exit", (code, signal) => this.onExit(code, signal));
    this.child.on("error", (error) => this.settle({ kind: "result", items: this.takeItems(), error: `failed to start the exec runtime: ${error.message}` }));
    this.hardLimit = setTimeout(() => {
      this.settle({ kind: "result", items: this.takeItems(), error: `exec cell ${id} exceeded its wall-clock limit of ${Math.round(limits.wallClockMs / 1000)} seconds and was stopped` });
    }, limits.wallClockMs);
    this.hardLimit.unref();
    this.child.send({ op: "start", source, tools: JSON.stringify(tools), stored: JSON.stringify(stored) });
  }

  get finished(): boolean {
    return this.state.kind === "done";
  }

  private takeItems(): ContentItem[] {
    return this.items.splice(0);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private onMessage(message: { op: string; payload?: unknown; error?: unknown; stored?: unknown }): void {
    if (this.finished) return;
    switch (message.op) {
      case "content":
        this.items.push(message.payload as ContentItem);
        break;
      case "yield":
        this.yieldRequested = true;
        this.wake();
        break;
      case "notify":
        this.host.notify(String(message.payload));
        break;
      case "tool": {
        const { id, name, input } = message.payload as { id: string; name: string; input: string | null };
        let parsed: JsonValue | undefined;
        try {
          parsed = input === null ? undefined : (JSON.parse(input) as JsonValue);
        } catch {
          parsed = undefined;
        }
        void this.host.callTool(name, parsed).then((answer) => {
          if (this.finished || !this.child.connected) return;
          const json = JSON.stringify(answer.ok ? answer.value : answer.error) ?? "null";
          this.child.send({ op: "toolResult", id, ok: answer.ok, json });
        });
        break;
      }
      case "done": {
        const stored = message.stored;
        if (stored && typeof stored === "object" && !Array.isArray(stored)) this.host.onStored(stored as Record<string, JsonValue>);
        this.settle({ kind: "result", items: this.takeItems(), error: typeof message.error === "string" ? message.error : null });
        break;
      }
      default:
        break;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.finished) return;
    const outOfMemory = /heap out of memory|Allocation failed/i.test(this.stderrTail);
    const error = outOfMemory
      ? `exec cell ${this.id} ran out of memory (limit ${this.limits.heapMb} MB) and was stopped`
      : `exec runtime exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
    this.settle({ kind: "result", items: this.takeItems(), error });
  }

  private settle(response: CellResponse): void {
    if (this.finished) return;
    this.state = { kind: "done", response };
    clearTimeout(this.hardLimit);
    // Through the watchdog SIGTERM reaches the runtime (SIGKILL would stop only the watchdog); the runtime has no handler for it.
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(WATCHDOG === null ? "SIGKILL" : "SIGTERM");
    this.wake();
  }

  /** Stops the cell now (`wait` with `terminate`, turn end): what it printed since the last yield is reported. */
  terminate(): CellResponse {
    if (this.state.kind === "done") return this.state.response;
    const response: CellResponse = { kind: "terminated", items: this.takeItems() };
    this.settle(response);
    return response;
  }

  /**
   * Waits up to `yieldTimeMs` for the cell to end or ask to yield; returns
   * what the model is told: the result when it ended, else the output so far
   * (the cell keeps running).
   */
  async next(yieldTimeMs: number, signal: AbortSignal): Promise<CellResponse> {
    if (this.state.kind !== "done" && !this.yieldRequested) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, yieldTimeMs);
        this.waiters.add(done);
        signal.addEventListener("abort", done, { once: true });
      });
    }
    if (this.state.kind === "done") return this.state.response;
    this.yieldRequested = false;
    return { kind: "yielded", items: this.takeItems() };
  }
}
