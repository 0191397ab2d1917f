/**
 * An AppServer in the test's own process, driven over an in-process transport
 * pair (src/transport/in-process.ts): the same client API as ServerProcess,
 * without spawning. For protocol and handler tests; whatever needs a real
 * process (stdio framing, exit codes, signals, stdout purity, sandbox, crash
 * recovery) stays with ServerProcess in test/e2e/.
 *
 * Importing this module registers hooks in the importing test file, as
 * test/helpers/setup.ts does for spawned servers: after each test, servers
 * created during it are closed, and everything every server sent is checked
 * against the reference schema; servers created outside a test (beforeAll)
 * are closed and checked once more after the file.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach } from "vitest";
import { createLogger, drainLogs, flushLogs } from "../../src/logging/logger.js";
import { AppServer } from "../../src/server/app-server.js";
import type { Session } from "../../src/server/session.js";
import { createInProcessPair, type InProcessClient } from "../../src/transport/in-process.js";
import { SecretRedactor } from "../../src/util/secrets.js";
import { withoutSystemSkills } from "./system-skills.js";
import { RpcTestClient, type WireMessage } from "./rpc-test-client.js";

export { RpcCallError, type RpcErrorShape, type WireMessage } from "./rpc-test-client.js";

export interface InProcessOptions {
  /** Default: a fresh temporary directory (what CODEX_HOME is to a spawned server). */
  codexHome?: string;
  /** What `-c key=value` arguments are to a spawned server, in order. */
  configOverrides?: string[];
  /** Install the shipped system skills as a real start does; off by default (see `withoutSystemSkills`). */
  bundledSkills?: boolean;
  /** Minimum level of what goes to `log` (default `warn`, as the spawned servers run: their LOG_LEVEL). */
  logLevel?: string;
}

export class InProcessServer extends RpcTestClient {
  /** Instances not yet closed and checked by the hooks below. */
  static readonly live = new Set<InProcessServer>();
  readonly app: AppServer;
  readonly session: Session;
  readonly codexHome: string;
  private readonly logFile: string;
  private readonly client: InProcessClient;
  private readonly connectionClosed: Promise<void>;
  private closing: Promise<void> | undefined;

  constructor(options: InProcessOptions = {}) {
    super();
    this.codexHome = options.codexHome ?? mkdtempSync(path.join(os.tmpdir(), "aas-home-"));
    // The daemon's own logger and one redactor shared with the server, as `serve.ts` wires them;
    // a file stands in for stderr.
    this.logFile = path.join(mkdtempSync(path.join(os.tmpdir(), "aas-log-")), "server.log");
    const secrets = new SecretRedactor();
    const logger = createLogger({ file: this.logFile, level: options.logLevel ?? "warn", redactor: secrets });
    if (options.bundledSkills !== true) withoutSystemSkills(this.codexHome);
    this.app = new AppServer({ codexHome: this.codexHome, configOverrides: options.configOverrides ?? [], logger, secrets });
    const { transport, client } = createInProcessPair();
    this.client = client;
    client.onLine((_line, parsed) => this.onMessage(parsed as WireMessage));
    let connectionClosed!: () => void;
    this.connectionClosed = new Promise((resolve) => (connectionClosed = resolve));
    this.session = this.app.attach(transport, { onClose: () => connectionClosed() });
    InProcessServer.live.add(this);
  }

  /**
   * Everything the server logged so far (pino JSON lines): what a spawned
   * server writes to stderr. Waits for log writes in flight first.
   */
  async readLog(): Promise<string> {
    await drainLogs();
    return this.logSoFar();
  }

  /** The log as far as it has reached the file (writes in flight may be missing). */
  private logSoFar(): string {
    flushLogs();
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  protected writeText(text: string): void {
    // One message per line, as a pipe's reader splits them.
    for (const line of text.split("\n")) if (line !== "") this.client.send(line);
  }

  protected override timeoutDetail(): string {
    return `; server log:\n${this.logSoFar()}`;
  }

  /**
   * Ends the input (as EOF on stdin: open requests may still finish), then
   * shuts the server down as a spawned one does on exit (turns stop, the
   * thread store closes). Idempotent.
   */
  close(timeoutMs = 5_000): Promise<void> {
    this.closing ??= (async () => {
      this.client.end();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.connectionClosed, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      this.app.shutdown();
    })();
    return this.closing;
  }
}

let preexisting = new Set<InProcessServer>();
const reported = new WeakMap<InProcessServer, Set<string>>();

/** Problems of `server` not reported before, formatted for the failure message. */
function newProblems(server: InProcessServer): string[] {
  const seen = reported.get(server) ?? new Set<string>();
  reported.set(server, seen);
  const fresh = server.conformanceProblems().filter((p) => !seen.has(p));
  for (const p of fresh) seen.add(p);
  return fresh.length === 0 ? [] : [`in-process server (${server.received.length} messages received):`, ...fresh.map((p) => `  ${p}`)];
}

function fail(report: string[]): void {
  if (report.length > 0) throw new Error(`server output does not conform to the reference protocol:\n${report.join("\n")}`);
}

beforeEach(() => {
  preexisting = new Set(InProcessServer.live);
});

afterEach(async () => {
  const report: string[] = [];
  for (const server of [...InProcessServer.live]) {
    if (!preexisting.has(server)) {
      InProcessServer.live.delete(server);
      await server.close();
    }
    report.push(...newProblems(server));
  }
  fail(report);
});

afterAll(async () => {
  const report: string[] = [];
  for (const server of [...InProcessServer.live]) {
    InProcessServer.live.delete(server);
    await server.close();
    report.push(...newProblems(server));
  }
  fail(report);
});
