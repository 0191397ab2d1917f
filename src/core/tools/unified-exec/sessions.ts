import { existsSync, statSync } from "node:fs";
import type { PauseState } from "../../elicitation-pause.js";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { StringDecoder } from "node:string_decoder";
import type { TruncationPolicy } from "../../../model/catalog-entry.js";
import { shlexJoin } from "../command-actions.js";
import { HeadTailBuffer } from "../output-buffer.js";
import { loadPty, type PtyModule } from "../pty.js";
import type { ExecCommandArgs, WriteStdinArgs } from "./args.js";
import {
  execYieldTime,
  MAX_UNIFIED_EXEC_PROCESSES,
  PROCESS_ID_RANGE,
  PRUNE_PROTECTED_RECENT,
  UNIFIED_EXEC_ENV,
  UNIFIED_EXEC_OUTPUT_MAX_BYTES,
  writeStdinYieldTime,
} from "./constants.js";
import { ExecSpawnError, spawnPipeProcess, spawnPtyProcess, type ExecProcess } from "./exec-process.js";
import { renderExecResponse } from "./output-format.js";
import { defaultUserShell, resolveShell, shellArgv } from "./shell.js";
import { outputPolicy } from "./truncation.js";

/**
 * A failed `exec_command` / `write_stdin` call. `message` is the exact text
 * the model gets as the tool output; the turn goes on.
 */
export class UnifiedExecError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnifiedExecError";
  }
}

export const STDIN_CLOSED_MESSAGE = "stdin is closed for this session; rerun exec_command with tty=true to keep stdin open";

/**
 * The sandbox port: turns the shell argv into what to spawn (e.g. bwrap
 * around it) plus variables to add. Throwing refuses the command; the error
 * becomes the `cause` of the UnifiedExecError.
 */
export type SandboxWrap = (command: string[], context: { cwd: string }) => { argv: string[]; env?: Record<string, string> };

export interface ExecStartInfo {
  processId: number;
  /** The call id of the `exec_command` that started it: the `commandExecution` item id. */
  itemId: string;
  /** The shell argv before sandboxing, e.g. `["/bin/bash", "-lc", "ls"]`. */
  command: string[];
  /** `command` quoted for display (`/bin/bash -lc ls`). */
  displayCommand: string;
  cwd: string;
  tty: boolean;
  /** The OS pid of the spawned process (the group / session leader). */
  pid: number;
}

export interface ExecExitInfo {
  processId: number;
  itemId: string;
  exitCode: number;
  durationMs: number;
  /** Everything the process printed (head and tail kept past 1 MiB). */
  aggregatedOutput: string;
}

/** App-server side effects of a process, whichever call observes them. */
export interface ExecProcessEvents {
  /** Right after the spawn, before waiting: emit `item/started`. */
  onStart?(info: ExecStartInfo): void;
  /** Raw output as it arrives: `item/commandExecution/outputDelta`. */
  onOutput?(delta: string, info: { processId: number; itemId: string }): void;
  /** The process ended (possibly during a later `write_stdin`, or killed): `item/completed`. */
  onExit?(info: ExecExitInfo): void;
}

export interface ExecCallContext {
  /** The tool call id. */
  callId: string;
  /** The turn's working directory; `workdir` resolves against it. */
  cwd: string;
  /** Base environment of the command (UNIFIED_EXEC_ENV and the sandbox's variables are added). */
  env: Record<string, string>;
  /** The model's `truncation_policy` (after `tool_output_token_limit`). */
  truncationPolicy: TruncationPolicy;
  wrap?: SandboxWrap;
  /** Aborting stops waiting (the process keeps running as a session). */
  signal?: AbortSignal;
  /** The thread's out-of-band elicitation pause: the yield time does not run down while it is paused. */
  pause?: PauseState;
  events?: ExecProcessEvents;
}

export interface WriteCallContext {
  truncationPolicy: TruncationPolicy;
  signal?: AbortSignal;
  pause?: PauseState;
}

export interface ExecCallResult {
  /** The tool output text (`function_call_output.output`). */
  text: string;
  processId: number;
  itemId: string;
  /** Set when the process ended during this call… */
  exitCode: number | null;
  /** …else the id to continue with. */
  sessionId: number | null;
  chunkId: string;
  wallTimeMs: number;
  originalTokenCount: number;
  /** This call's output before truncation. */
  rawOutput: string;
}

export interface UnifiedExecOptions {
  maxProcesses?: number;
  /** Shell used when a call names none (default: the account's login shell). */
  defaultShell?: string;
  /** Upper bound of an empty poll's wait. */
  maxBackgroundTerminalTimeoutMs?: number;
  /** Session id allocation (default: random in [1000, 100000)). */
  allocateId?: (isTaken: (id: number) => boolean) => number;
  loadPty?: () => Promise<PtyModule>;
}

const HALF_OUTPUT = UNIFIED_EXEC_OUTPUT_MAX_BYTES / 2;

class Session {
  lastUsed = performance.now();
  /** What the process runs and where, for thread/backgroundTerminals/list. */
  displayCommand = "";
  cwd = "";
  exitCode: number | null = null;
  private pending = new HeadTailBuffer(HALF_OUTPUT, HALF_OUTPUT);
  private readonly decoder = new StringDecoder("utf8");
  /** Serialises calls on this session so each drains its own output. */
  queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: number,
    readonly itemId: string,
    readonly process: ExecProcess,
  ) {
    process.onOutput((chunk) => this.pending.push(chunk));
  }

  /**
   * Waits until the process exited or `deadline`, or until `signal` aborts.
   * Time spent while `pause` is paused does not count: the deadline moves
   * by as much.
   */
  async wait(deadline: number, signal: AbortSignal | undefined, pause?: PauseState): Promise<void> {
    let end = deadline;
    let exited = this.exitCode !== null;
    let wake: (() => void) | undefined;
    const stop = () => wake?.();
    void this.process.exited.then(() => {
      exited = true;
      stop();
    });
    signal?.addEventListener("abort", stop);
    const unsubscribe = pause?.subscribe(stop);
    try {
      for (;;) {
        if (exited || this.exitCode !== null || signal?.aborted) return;
        const paused = pause?.paused === true;
        const since = performance.now();
        const remaining = end - since;
        if (!paused && remaining <= 0) return;
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (!paused) timer = setTimeout(resolve, remaining);
        });
        clearTimeout(timer);
        if (paused) end += performance.now() - since;
      }
    } finally {
      signal?.removeEventListener("abort", stop);
      unsubscribe?.();
    }
  }

  /** The output since the last take, decoded (a character split across takes is kept whole). */
  takeOutput(): string {
    const bytes = Buffer.concat([this.pending.headBuffer(), this.pending.tailBuffer()]);
    this.pending = new HeadTailBuffer(HALF_OUTPUT, HALF_OUTPUT);
    const text = this.decoder.write(bytes);
    return this.exitCode !== null ? text + this.decoder.end() : text;
  }
}

function defaultAllocateId(isTaken: (id: number) => boolean): number {
  for (;;) {
    const id = PROCESS_ID_RANGE.min + Math.floor(Math.random() * (PROCESS_ID_RANGE.max - PROCESS_ID_RANGE.min));
    if (!isTaken(id)) return id;
  }
}

/**
 * The unified exec sessions of one thread: `exec_command` starts a command
 * and waits up to its yield time; a command still running stays here under a
 * session id that `write_stdin` continues (writes to a PTY, or polls).
 */
export class UnifiedExecSessions {
  private readonly sessions = new Map<number, Session>();
  private readonly maxProcesses: number;
  private readonly allocateId: (isTaken: (id: number) => boolean) => number;
  private readonly loadPty: () => Promise<PtyModule>;
  private shell: string | undefined;

  constructor(private readonly options: UnifiedExecOptions = {}) {
    this.maxProcesses = options.maxProcesses ?? MAX_UNIFIED_EXEC_PROCESSES;
    this.allocateId = options.allocateId ?? defaultAllocateId;
    this.loadPty = options.loadPty ?? loadPty;
  }

  /** Ids of the sessions still held (running, or ended but not yet reported). */
  get ids(): number[] {
    return [...this.sessions.keys()];
  }

  has(id: number): boolean {
    return this.sessions.has(id);
  }

  async execCommand(args: ExecCommandArgs, context: ExecCallContext): Promise<ExecCallResult> {
    const started = performance.now();
    const cwd = path.resolve(context.cwd, args.workdir ?? ".");
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw new UnifiedExecError(`exec_command failed: working directory ${cwd} does not exist`);
    }
    const tty = args.tty === true;
    let pty: PtyModule | undefined;
    if (tty) {
      try {
        pty = await this.loadPty();
      } catch (error) {
        throw new UnifiedExecError(`exec_command failed: PTY support is unavailable (${(error as Error).message})`, { cause: error });
      }
    }
    this.shell ??= this.options.defaultShell ?? defaultUserShell();
    const shell = resolveShell(args.shell, this.shell, cwd, context.env.PATH);
    const command = shellArgv(shell, args.cmd, args.login !== false);
    let spawnArgv = command;
    let sandboxEnv: Record<string, string> = {};
    if (context.wrap) {
      try {
        const wrapped = context.wrap(command, { cwd });
        spawnArgv = wrapped.argv;
        sandboxEnv = wrapped.env ?? {};
      } catch (error) {
        throw new UnifiedExecError(`exec_command failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    const env = { ...context.env, ...UNIFIED_EXEC_ENV, ...sandboxEnv };

    this.pruneIfFull();
    let process: ExecProcess;
    try {
      process = pty ? spawnPtyProcess(pty, { argv: spawnArgv, cwd, env }) : spawnPipeProcess({ argv: spawnArgv, cwd, env });
    } catch (error) {
      const detail = error instanceof ExecSpawnError || error instanceof Error ? error.message : String(error);
      throw new UnifiedExecError(`exec_command failed: ${detail}`, { cause: error });
    }
    const id = this.allocateId((candidate) => this.sessions.has(candidate));
    const session = new Session(id, context.callId, process);
    session.displayCommand = shlexJoin(command);
    session.cwd = cwd;
    this.sessions.set(id, session);
    this.watch(session, context.events, started);
    context.events?.onStart?.({ processId: id, itemId: context.callId, command, displayCommand: shlexJoin(command), cwd, tty, pid: process.pid });

    const deadline = started + execYieldTime(args.yield_time_ms);
    return this.runExclusive(session, async () => {
      await session.wait(deadline, context.signal, context.pause);
      return this.respond(session, started, outputPolicy(context.truncationPolicy, args.max_output_tokens));
    });
  }

  async writeStdin(args: WriteStdinArgs, context: WriteCallContext): Promise<ExecCallResult> {
    const session = this.sessions.get(args.session_id);
    if (!session) throw new UnifiedExecError(`write_stdin failed: Unknown process id ${args.session_id}`);
    if (args.chars.length > 0 && !session.process.tty) throw new UnifiedExecError(`write_stdin failed: ${STDIN_CLOSED_MESSAGE}`);
    return this.runExclusive(session, async () => {
      const started = performance.now();
      session.lastUsed = started;
      if (args.chars.length > 0 && session.exitCode === null) {
        try {
          session.process.write(args.chars);
        } catch {
          // Exited meanwhile: report the exit below.
        }
      }
      const deadline = started + writeStdinYieldTime(args.yield_time_ms, args.chars, this.options.maxBackgroundTerminalTimeoutMs);
      await session.wait(deadline, context.signal, context.pause);
      return this.respond(session, started, outputPolicy(context.truncationPolicy, args.max_output_tokens));
    });
  }

  /** The sessions whose process still runs (the thread's background terminals), oldest first. */
  running(): Array<{ processId: number; itemId: string; command: string; cwd: string; pid: number }> {
    return [...this.sessions.values()]
      .filter((session) => session.exitCode === null)
      .map((session) => ({ processId: session.id, itemId: session.itemId, command: session.displayCommand, cwd: session.cwd, pid: session.process.pid }));
  }

  /** Kills one session (its `onExit` still fires). */
  async terminate(id: number): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    session.process.kill();
    await session.process.exited;
  }

  /** Kills every session (thread closed, shutdown); resolves once all have exited. */
  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of all) session.process.kill();
    await Promise.all(all.map((session) => session.process.exited));
  }

  private runExclusive<T>(session: Session, task: () => Promise<T>): Promise<T> {
    const run = session.queue.then(task, task);
    session.queue = run.catch(() => undefined);
    return run;
  }

  private respond(session: Session, started: number, policy: TruncationPolicy): ExecCallResult {
    const exitCode = session.exitCode;
    const rawOutput = session.takeOutput();
    if (exitCode !== null && this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    session.lastUsed = performance.now();
    const wallTimeMs = session.lastUsed - started;
    const { text, fields } = renderExecResponse(rawOutput, { wallTimeMs, exitCode, sessionId: session.id, policy });
    return {
      text,
      processId: session.id,
      itemId: session.itemId,
      exitCode,
      sessionId: fields.sessionId,
      chunkId: fields.chunkId,
      wallTimeMs,
      originalTokenCount: fields.originalTokenCount,
      rawOutput,
    };
  }

  /** Streams output to the events and records the exit, whoever is waiting. */
  private watch(session: Session, events: ExecProcessEvents | undefined, started: number): void {
    const aggregated = new HeadTailBuffer(HALF_OUTPUT, HALF_OUTPUT);
    const deltaDecoder = new StringDecoder("utf8");
    const ids = { processId: session.id, itemId: session.itemId };
    session.process.onOutput((chunk) => {
      aggregated.push(chunk);
      const delta = deltaDecoder.write(chunk);
      if (delta !== "") events?.onOutput?.(delta, ids);
    });
    void session.process.exited.then((exitCode) => {
      session.exitCode = exitCode;
      const tail = deltaDecoder.end();
      if (tail !== "") events?.onOutput?.(tail, ids);
      events?.onExit?.({
        ...ids,
        exitCode,
        durationMs: Math.round(performance.now() - started),
        aggregatedOutput: Buffer.concat([aggregated.headBuffer(), aggregated.tailBuffer()]).toString("utf8"),
      });
    });
  }

  /**
   * At the cap, drops one session the way the reference does: never one of
   * the most recently used; an ended one first, else the least recently used.
   */
  private pruneIfFull(): void {
    if (this.sessions.size < this.maxProcesses) return;
    const byRecency = [...this.sessions.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    const protectedIds = new Set(byRecency.slice(-PRUNE_PROTECTED_RECENT).map((s) => s.id));
    const candidates = byRecency.filter((s) => !protectedIds.has(s.id));
    const victim = candidates.find((s) => s.exitCode !== null) ?? candidates[0];
    if (!victim) return;
    this.sessions.delete(victim.id);
    victim.process.kill();
  }
}
