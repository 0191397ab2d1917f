import { FeedbackService } from "../core/feedback/feedback-service.js";
import type { RecentLogLines } from "../logging/recent-lines.js";
import type { Logger } from "../logging/logger.js";
import type { NotificationParamsOf, ServerNotificationMethod } from "../protocol/registry.js";
import { handlers } from "../api/index.js";
import { checkExperimental, parseRequest } from "./dispatch.js";
import { ErrorCode, RpcError } from "../protocol/errors.js";
import { Session } from "./session.js";
import type { RequestContext, ServerServices } from "../api/context.js";
import { CommandExecManager } from "../core/command-exec.js";
import { ProcessManager } from "../core/process-spawn.js";
import { ServerDiagnostics } from "../core/server-diagnostics.js";
import { FileSystemService } from "../core/workspace/file-system.js";
import { FsWatchManager } from "../core/workspace/fs-watch.js";
import { SkillCatalog } from "../core/skills/catalog.js";
import { PluginCatalog } from "../core/plugins/plugin-catalog.js";
import { MarketplaceManager } from "../core/plugins/marketplaces.js";
import { HookEngine } from "../core/hooks/hook-engine.js";
import { ExternalAgentConfigService } from "../core/external-agent/service.js";
import { FuzzySearchService } from "../core/workspace/fuzzy/service.js";
import type { Broadcast, ModelStreaming } from "../core/ports.js";
import { McpManager } from "../core/mcp/manager.js";
import { McpOAuthStore } from "../auth/mcp-oauth-store.js";
import { ThreadManager } from "../core/thread-manager.js";
import { AgentControl } from "../core/agents/agent-control.js";
import { ToolRuntime } from "../core/tool-runtime.js";
import { TurnService } from "../core/turns.js";
import { ThreadQueueService } from "../core/thread-queue.js";
import { RuntimeFeatureState } from "../config/features.js";
import { currentConfigLoader, loadConfig, type LoadedConfig } from "../config/load.js";
import { installationId } from "../config/installation-id.js";
import { remoteControlStatus } from "../core/remote-control.js";
import { LoginService } from "../auth/login/service.js";
import { loginSettings } from "../auth/login/settings.js";
import { AuthManager, type ClientTokenRefresher } from "../auth/manager.js";
import { AccountCalls } from "../backend/account-calls.js";
import { RateLimitService } from "../backend/rate-limit-service.js";
import { AccountReadService } from "../backend/account-reads.js";
import { AccountSessionService } from "../backend/account-sessions.js";
import { backendSettings } from "../backend/settings.js";
import { WorkspaceRoutingDiscovery } from "../backend/workspace-routing.js";
import { ModelCatalogService } from "../model/catalog-service.js";
import { ModelClient } from "../model/client.js";
import { ModelService } from "../model/service.js";
import { SecretRedactor } from "../util/secrets.js";
import type { Transport } from "../transport/transport.js";
import type { InboundMessage, InboundNotification, InboundRequest, RequestId } from "../transport/message.js";
import { DEFAULT_LIMITS } from "../transport/options.js";
import { IngressGate } from "./ingress.js";
import { RequestQueue } from "./request-queue.js";
import { passesWarmUp } from "./warm-up-passage.js";

/** The longest a listener waits for the process warm-up before serving. */
const WARM_UP_BOUND_MS = 1_000;
/**
 * How long after the warm-up the daemon probes for bubblewrap: the probe
 * spawns a child, which holds the event loop for 7-15 ms here (a fork), and a
 * client's first requests come right after `initialize`. A command that needs
 * the answer sooner probes then.
 */
const SANDBOX_PROBE_DELAY_MS = 250;
/**
 * The probe then waits for a quiet moment, no request received or answered
 * for this long and no turn running, so its fork does not stall a request or
 * a turn's first request to the model; it waits at most
 * SANDBOX_PROBE_MAX_WAIT_MS. A client reading a large answer sends its next
 * request within this long; one that waits for its user takes longer.
 */
const SANDBOX_PROBE_QUIET_MS = 200;
const SANDBOX_PROBE_MAX_WAIT_MS = 5_000;

/** Lets input already read and other macrotasks run between the warm-up's steps. */
const nextMacrotask = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

export interface AttachOptions {
  /** Requests of this connection handled at once before new ones are refused with -32001. */
  maxPendingRequests?: number;
  /** Called once the connection has closed (end of input, after its open requests were answered). */
  onClose?: (session: Session) => void;
  /** End of input closes at once instead of letting open requests finish (see `closeGracefully`). */
  closeAtEnd?: boolean;
}

export interface AppServerOptions {
  codexHome: string;
  /** `-c key=value` overrides from the command line, in order. */
  configOverrides: readonly string[];
  logger: Logger;
  /** Known secrets, scrubbed from upstream error text, logs and stored errors (one per server; default: a fresh one). */
  secrets?: SecretRedactor;
  /** The logger's recent lines, for feedback bundles (none: bundles carry no server log). */
  recentLogs?: RecentLogLines;
  /** Run `warmUp` right after the first `initialize` answer, holding later input until it is done (the daemon's listeners; not in-process hosts). */
  warmUpAfterInitialize?: boolean;
}

/**
 * The composition root: state shared by every connection, and the per-server
 * services (thread registry, turns, tools, command/exec), built once here and
 * handed to the request handlers and to core as narrow ports.
 */
export class AppServer {
  readonly sessions = new Set<Session>();
  readonly logger: Logger;
  readonly secrets: SecretRedactor;
  private readonly shutdownController = new AbortController();
  private loadedConfig: LoadedConfig | undefined;
  /** Who is signed in (auth.json or client-supplied ChatGPT tokens). */
  readonly auth: AuthManager;
  /** ChatGPT browser and device-code logins, and logout. */
  readonly login: LoginService;
  /** account/rateLimits/read and account/rateLimitResetCredit/consume. */
  readonly rateLimits: RateLimitService;
  /** The other account reads (token usage, workspace messages, security setup, nudge email). */
  readonly accountReads: AccountReadService;
  /** accountSession/list and accountSession/switch. */
  readonly accountSessions: AccountSessionService;
  /** The `workspaceRouting` of account/read. */
  readonly workspaceRouting: WorkspaceRoutingDiscovery;
  /** Model requests (endpoint, credentials, 401 refresh). */
  readonly models: ModelService;
  /** The model catalogue: bundled, or fetched from the ChatGPT backend. */
  readonly modelCatalog: ModelCatalogService;
  private nextServerRequestId = 0;
  /** Connections attached so far (each session's id is its number). */
  private connectionCount = 0;
  /** Requests being handled now, on every connection (the `app.requests.in_flight` gauge). */
  private requestsInFlight = 0;
  /** Server → client request ids: integers from 0, one sequence for all of this server's connections. */
  private readonly allocateServerRequestId = (): number => this.nextServerRequestId++;
  private readonly services: ServerServices;

  constructor(readonly options: AppServerOptions) {
    this.logger = options.logger;
    this.secrets = options.secrets ?? new SecretRedactor();
    // Read eagerly so a broken config is reported on stderr at startup, once.
    for (const problem of this.config.problems) {
      this.logger.warn({ path: problem.path, details: problem.details }, `config: ${problem.summary}`);
    }
    const { logger, shutdownSignal } = this;
    this.auth = new AuthManager({
      codexHome: options.codexHome,
      logger,
      refreshTimeouts: () => backendSettings(this.config.values).timeouts,
      shutdownSignal,
      clientForTokenRefresh: (owner, requester) => this.clientForTokenRefresh(owner, requester),
      secrets: this.secrets,
    });
    this.login = new LoginService({
      auth: this.auth,
      codexHome: options.codexHome,
      logger,
      settings: () => loginSettings(this.config.values),
      redactor: this.secrets,
      announce: (completed, updated) => {
        this.broadcast("account/login/completed", completed);
        if (updated) this.broadcast("account/updated", updated);
      },
    });
    const accountCalls = new AccountCalls({
      auth: this.auth,
      logger,
      configValues: () => this.config.values,
      shutdownSignal,
      secrets: this.secrets,
    });
    this.rateLimits = new RateLimitService(accountCalls);
    this.accountReads = new AccountReadService(accountCalls);
    this.accountSessions = new AccountSessionService(accountCalls);
    this.workspaceRouting = new WorkspaceRoutingDiscovery(accountCalls);
    this.models = new ModelService({
      client: new ModelClient(logger, this.secrets),
      auth: this.auth,
      config: () => this.config,
      logger,
      workspaceRouting: (auth, requester, userAgent, signal) =>
        this.workspaceRouting.discover({ session: { id: requester?.id ?? -1, userAgent }, signal }, auth),
    });
    this.modelCatalog = new ModelCatalogService({
      auth: this.auth,
      codexHome: options.codexHome,
      configValues: () => this.config.values,
      logger,
      shutdownSignal,
      secrets: this.secrets,
    });
    this.services = this.composeServices();
  }

  /** Builds the per-server services once; each gets only the ports it needs. */
  private composeServices(): ServerServices {
    const server = this;
    const logger = this.logger;
    const codexHome = this.codexHome;
    const broadcast: Broadcast = (method, params) => this.broadcast(method, params);
    const threads = new ThreadManager({
      logger,
      codexHome,
      broadcast,
      secrets: this.secrets,
      get config() {
        return server.config;
      },
    });
    const models: ModelStreaming = this.models;
    const mcp = new McpManager({
      logger,
      broadcast,
      configValues: () => this.config.values,
      rereadConfigValues: () => loadConfig(this.codexHome, this.options.configOverrides).values,
      serverRequestIds: this.allocateServerRequestId,
      oauthStore: new McpOAuthStore(codexHome),
    });
    // Hooks and skills see config.toml as it is on disk, parsed again only when it changed.
    const currentConfig = currentConfigLoader(this.codexHome, this.options.configOverrides);
    const hooks = new HookEngine({
      codexHome,
      configValues: () => currentConfig().values,
    });
    const agents: AgentControl = new AgentControl({
      threads,
      broadcast,
      logger,
      get config() {
        return server.config;
      },
      // A sub-agent's turn starts right away: no request is waiting for an answer first.
      startTurn: async (thread, input, originator): Promise<string> =>
        (await turns.startOrMerge(thread, { input, clientUserMessageId: null, outputSchema: null, originator, begin: (run: () => void) => run() })).id,
    });
    const tools = new ToolRuntime({
      logger,
      mcp,
      hooks,
      agents,
      serverRequestIds: this.allocateServerRequestId,
      shutdownSignal: this.shutdownSignal,
      get config() {
        return server.config;
      },
    });
    const plugins = new PluginCatalog({ codexHome });
    const skills = new SkillCatalog({
      codexHome,
      broadcast,
      configValues: () => currentConfig().values,
      pluginSkillRoots: () => plugins.enabledSkillRoots(),
    });
    this.shutdownSignal.addEventListener("abort", () => skills.close(), { once: true });
    const turns: TurnService = new TurnService(
      {
        threads,
        skills,
        hooks,
        models,
        modelCatalog: this.modelCatalog,
        logger,
        broadcast,
        codexHome,
        shutdownSignal: this.shutdownSignal,
        trackWork: (work) => this.trackWork(work),
        turnEnded: (thread, status, originator) => queue.turnEnded(thread, status, originator),
        get config() {
          return server.config;
        },
      },
      tools,
    );
    const queue = new ThreadQueueService(threads, turns, () => threads.store.queue);
    return {
      codexHome,
      logger,
      broadcast,
      threads,
      plugins,
      marketplaces: new MarketplaceManager(codexHome, plugins),
      turns,
      queue,
      commandExec: new CommandExecManager(),
      processes: new ProcessManager(),
      diagnostics: new ServerDiagnostics({
        "app.requests.in_flight": () => this.requestsInFlight,
        "core.threads.live": () => threads.loadedIds().length,
        "core.turns.active": () => threads.loadedIds().filter((id) => threads.findLoaded(id)?.activeTurn !== undefined).length,
      }),
      fileSystem: new FileSystemService(),
      fsWatch: new FsWatchManager(),
      skills,
      hooks,
      externalAgent: new ExternalAgentConfigService(codexHome, { store: () => threads.store }),
      fuzzySearch: new FuzzySearchService({ logger }),
      auth: this.auth,
      login: this.login,
      rateLimits: this.rateLimits,
      accountReads: this.accountReads,
      accountSessions: this.accountSessions,
      workspaceRouting: this.workspaceRouting,
      modelCatalog: this.modelCatalog,
      mcp,
      feedback: new FeedbackService({
        threads,
        redactor: this.secrets,
        recentLogs: this.options.recentLogs,
        configValues: () => this.config.values,
      }),
      get config() {
        return server.config;
      },
      runtimeFeatures: new RuntimeFeatureState(),
      reloadConfig: () => {
        this.loadedConfig = loadConfig(this.codexHome, this.options.configOverrides);
        return this.loadedConfig;
      },
    };
  }

  /** The effective configuration (config.toml + `-c` overrides), read at startup. */
  get config(): LoadedConfig {
    this.loadedConfig ??= loadConfig(this.codexHome, this.options.configOverrides);
    return this.loadedConfig;
  }

  /**
   * The connection to ask for new client-supplied ChatGPT tokens: the one that
   * supplied them if it can still answer, else the requesting one, else any.
   */
  private clientForTokenRefresh(ownerId: number | null, requesterId: number | null): ClientTokenRefresher | null {
    const usable = [...this.sessions].filter((session) => session.initialized && !session.closed);
    const target =
      usable.find((session) => session.id === ownerId) ?? usable.find((session) => session.id === requesterId) ?? usable[0];
    if (!target) return null;
    return (params, signal) => target.request("account/chatgptAuthTokens/refresh", params, signal);
  }

  /** Runs right after a connection's `initialize` response has been written. */
  private afterInitialize(session: Session): void {
    for (const problem of this.config.problems) session.notify("configWarning", problem);
    session.notify("remoteControl/status/changed", remoteControlStatus(this.codexHome));
    // Commands cannot be sandboxed here (no usable bubblewrap): say so once per connection.
    // Loaded and probed off the initialize path (the probe spawns bwrap once per process), the daemon's
    // a moment after its warm-up (SANDBOX_PROBE_DELAY_MS).
    void this.sandboxProbeDue()
      .then(() => import("../core/sandbox/index.js"))
      .then(async ({ detectSandboxAvailability, sandboxConfigWarning }) => {
        await detectSandboxAvailability();
        const warning = sandboxConfigWarning();
        if (warning) session.notify("configWarning", warning);
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, "sandbox detection failed"));
    // With ChatGPT login the backend's catalogue replaces the bundled one; asked once, off the request path.
    this.modelCatalog.refreshAtStartup({ userAgent: session.userAgent, originator: session.clientInfo?.name });
    // Once per server, in the background: statuses follow as each server gets ready or fails.
    this.services.mcp.startInBackground();
    if (this.options.warmUpAfterInitialize) void this.warmUp();
  }

  private warmedUp: Promise<void> | undefined;
  private warmingUp = false;
  private sandboxProbe: Promise<void> | undefined;
  /** When a client message last arrived or a request was last answered (performance.now()), for `quietMoment`. */
  private lastActivityAt = 0;

  /** Resolves when the sandbox may be probed: at once in-process, a moment after the warm-up in the daemon. */
  private sandboxProbeDue(): Promise<void> {
    if (!this.options.warmUpAfterInitialize) return Promise.resolve();
    this.sandboxProbe ??= this.warmUp().then(() => this.quietMoment(SANDBOX_PROBE_DELAY_MS));
    return this.sandboxProbe;
  }

  /** A request is being handled or answered, an answer is still being written, or a turn runs. */
  private busy(): boolean {
    if (this.requestsInFlight > 0 || this.services.threads.hasRunningTurn()) return true;
    for (const session of this.sessions) if (session.busy || session.outboundBacklog() > 0) return true;
    return false;
  }

  /** Resolves `delayMs` from now, or later once the server has not been `busy` nor received anything for SANDBOX_PROBE_QUIET_MS (bounded). */
  private quietMoment(delayMs: number): Promise<void> {
    const giveUpAt = performance.now() + SANDBOX_PROBE_MAX_WAIT_MS;
    return new Promise<void>((resolve) => {
      const check = (): void => {
        const now = performance.now();
        if (this.busy()) this.lastActivityAt = now;
        const quietFor = now - this.lastActivityAt;
        if (now >= giveUpAt || quietFor >= SANDBOX_PROBE_QUIET_MS) {
          resolve();
          return;
        }
        // A server shut down before it never probes (nor keeps the process alive for it).
        setTimeout(check, Math.min(Math.max(SANDBOX_PROBE_QUIET_MS - quietFor, 10), 50)).unref();
      };
      setTimeout(check, delayMs).unref();
    });
  }

  /**
   * Once per process, right after the first `initialize` answer: pays the
   * one-time costs that would otherwise land on a client's first turn —
   * opening the thread database (better-sqlite3, WAL, migrations),
   * validating the bundled catalogue, the local time zone, and loading the
   * model client (the openai SDK and Node's fetch implementation, run once
   * against a canned in-memory response; ~60-100 ms on this machine). The
   * sandbox probe follows it a moment later (`sandboxProbeDue`). Input that arrives meanwhile is held, in
   * arrival order, until it is done: a script that sends `thread/start` and
   * `turn/start` the moment `initialize` is answered waits on its
   * `thread/start` instead of having the warm-up interleave with its first
   * turn, and a client that lets a moment pass (an IDE) never waits. Before
   * the answer it would lengthen the handshake by as much. Store reads sent
   * before anything of their connection was held (`passesWarmUp`) are not
   * held: the warm-up opens the store first and yields between its steps, so
   * they are answered in a few milliseconds. Bounded; never rejects; failures
   * are left to the request that needs the part.
   */
  warmUp(): Promise<void> {
    if (this.warmedUp) return this.warmedUp;
    this.warmingUp = true;
    // The next macrotask: the `initialize` answer leaves first.
    this.warmedUp = nextMacrotask().then(async () => {
      try {
        void this.services.threads.store;
      } catch {
        // Reported (and retried) by the first request that needs the part.
      }
      // Store reads sent right after `initialize` (`passesWarmUp`) are answered here, not after the SDK has loaded.
      await nextMacrotask();
      try {
        // Validates the bundled catalogue once (zod over every entry).
        this.modelCatalog.currentModelCatalog();
        // The first local-time lookup loads the zone's rules; every turn's context carries the local date.
        new Date().getTimezoneOffset();
        // Read, or created in a new CODEX_HOME (as the reference creates it at startup); every model request carries it.
        installationId(this.codexHome);
      } catch {
        // Reported (and retried) by the first request that needs the part.
      }
      await nextMacrotask();
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, WARM_UP_BOUND_MS);
        timer.unref();
      });
      await Promise.race([this.models.warmUp(), bound]);
      clearTimeout(timer);
      this.warmingUp = false;
    });
    return this.warmedUp;
  }

  get codexHome(): string {
    return this.options.codexHome;
  }

  /** Aborted when the server shuts down. */
  get shutdownSignal(): AbortSignal {
    return this.shutdownController.signal;
  }

  /**
   * Serves one client over `transport` until its input ends. Every message
   * to the client leaves through the session's single outbound path; a
   * request's response is written before the notifications it causes.
   */
  attach(transport: Transport, options: AttachOptions = {}): Session {
    const session = new Session(++this.connectionCount, transport, this.logger.child({ session: undefined }), this.allocateServerRequestId);
    const gate = new IngressGate(options.maxPendingRequests ?? DEFAULT_LIMITS.maxPendingRequests, this.logger);
    const queue = new RequestQueue((request, signal) => void this.handleRequest(session, request, signal));
    this.sessions.add(session);
    let ended = false;
    // While the process warms up, input is held in arrival order (see `warmUp`),
    // except store reads sent before anything had to be held (`passesWarmUp`).
    let held: Array<() => void> | null = null;
    const inOrder = (step: () => void, passes = false): void => {
      if (held) {
        held.push(step);
      } else if (this.warmingUp && !passes) {
        const steps = (held = [step]);
        void this.warmUp().then(() => {
          held = null;
          for (const next of steps) next();
        });
      } else {
        step();
      }
    };
    transport.listen({
      message: (message) => {
        this.lastActivityAt = performance.now();
        inOrder(() => this.receive(session, gate, queue, message), passesWarmUp(message));
      },
      invalid: (invalid) =>
        inOrder(() => {
          this.logger.warn({ code: invalid.code, message: invalid.message }, "rejected malformed input");
          session.respondError(invalid.id, { code: invalid.code, message: invalid.message });
        }),
      end: () => {
        const end = () => {
          if (ended) return;
          ended = true;
          this.logger.debug(transport.kind === "stdio" ? "stdin closed" : `${transport.kind} input ended`);
          const finish = () => {
            this.sessions.delete(session);
            session.close();
            options.onClose?.(session);
          };
          if (options.closeAtEnd) finish();
          else void this.closeGracefully(session).finally(finish);
        };
        // Nothing held: a client that hung up without a word is let go at once.
        if (held && held.length > 0) held.push(end);
        else end();
      },
    });
    return session;
  }

  broadcast<M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>): void {
    for (const session of this.sessions) session.notify(method, params);
  }

  /** One decoded client message. Never throws: nothing a client sends may end the process. */
  private receive(session: Session, gate: IngressGate, queue: RequestQueue, message: InboundMessage): void {
    if (session.closed) return;
    try {
      switch (message.kind) {
        case "request": {
          const refusal = gate.refusal(session, message);
          if (refusal) session.respondError(message.id, refusal.toJson());
          else queue.push(message, session.beginRequest(message.id));
          return;
        }
        case "notification":
          this.handleNotification(session, message);
          return;
        case "response":
          session.handleResponse(message);
          return;
      }
    } catch (error) {
      this.logger.error({ err: error }, "failed to handle a client message");
    }
  }

  /**
   * Client notifications: `$/cancelRequest` with a well-formed id cancels that
   * request; everything else (`initialized`, other `$/` messages, malformed
   * params) is ignored, as a notification cannot be answered.
   */
  private handleNotification(session: Session, message: InboundNotification): void {
    if (message.method === "$/cancelRequest") {
      const id = (message.params as { id?: unknown } | null | undefined)?.id;
      const valid = typeof id === "string" || typeof id === "bigint" || (typeof id === "number" && Number.isInteger(id));
      if (valid) session.cancelRequest(id as RequestId);
      else this.logger.debug("ignoring $/cancelRequest without a string or integer id");
      return;
    }
    if (message.method !== "initialized") this.logger.debug({ method: message.method }, "ignoring client notification");
  }

  private async handleRequest(session: Session, request: InboundRequest, signal: AbortSignal): Promise<void> {
    const { id, method, params: rawParams } = request;
    this.requestsInFlight++;
    const effects: Array<() => void> = [];
    try {
      if (this.shutdownSignal.aborted) {
        throw new RpcError(ErrorCode.invalidRequest, "Server is draining; retry after reconnecting", { reason: "serverShuttingDown" });
      }
      const parsed = parseRequest(method, rawParams);
      if (parsed.method === "initialize") {
        if (session.initialized) throw new RpcError(ErrorCode.invalidRequest, "Already initialized");
      } else if (!session.initialized) {
        throw new RpcError(ErrorCode.invalidRequest, "Not initialized");
      }
      checkExperimental(parsed, rawParams, session.experimentalApi);
      const context: RequestContext = {
        services: this.services,
        connection: session,
        signal,
        afterResponse: (effect) => void effects.push(effect),
      };
      const handler = handlers[parsed.method] as (params: unknown, context: RequestContext) => unknown;
      // A handler that answers synchronously is answered in the same tick, so answers keep the order of their requests.
      let result = handler(parsed.params, context);
      if (result instanceof Promise) result = await result;
      if (parsed.method === "initialize") effects.push(() => this.afterInitialize(session));
      session.respond(id, result);
    } catch (error) {
      effects.length = 0;
      session.respondError(id, this.toResponseError(method, error).toJson());
    } finally {
      this.requestsInFlight--;
      this.lastActivityAt = performance.now();
    }
    // The response is queued; what it caused follows it on the same path.
    this.runEffects(effects);
  }

  private runEffects(effects: ReadonlyArray<() => void>): void {
    for (const effect of effects) {
      try {
        effect();
      } catch (error) {
        this.logger.error({ err: error }, "an after-response effect failed");
      }
    }
  }

  private toResponseError(method: string, error: unknown): RpcError {
    if (error instanceof RpcError) return error;
    this.logger.error({ err: error, method }, "request failed unexpectedly");
    const message = error instanceof Error ? error.message : String(error);
    return new RpcError(ErrorCode.internalError, `internal error: ${message}`);
  }

  /**
   * End of input on a connection: requests already received are still
   * dispatched and get `graceMs` to finish; what is left is then cancelled
   * (its cancellation answers still go out) before the connection closes.
   */
  async closeGracefully(session: Session, graceMs = 600, cancelMs = 300): Promise<void> {
    const waitWhileBusy = async (until: number) => {
      while (session.busy && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 2));
    };
    await waitWhileBusy(Date.now() + graceMs);
    if (session.busy) {
      session.cancelWork();
      await waitWhileBusy(Date.now() + cancelMs);
    }
    this.sessions.delete(session);
    session.close();
  }

  /** Work a graceful shutdown lets finish (see `trackWork`). */
  private readonly backgroundWork = new Set<Promise<unknown>>();

  /**
   * Registers work that outlives requests (a running turn: once aborted, it
   * still records the item of the tool call it was in); `drain` waits for it.
   */
  trackWork(work: Promise<unknown>): void {
    this.backgroundWork.add(work);
    void work.finally(() => this.backgroundWork.delete(work));
  }

  /**
   * First step of a graceful shutdown: aborts `shutdownSignal` (running turns
   * stop; new requests are answered "Server is draining") and waits up to
   * `flushMs` for the requests already running to answer and for tracked
   * work (stopping turns) to settle. Connections stay open.
   */
  async drain(flushMs = 500): Promise<void> {
    this.beginShutdown();
    const until = Date.now() + flushMs;
    const busy = () => this.backgroundWork.size > 0 || [...this.sessions].some((session) => !session.closed && session.busy);
    while (busy() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private closedForShutdown = false;

  /** Aborts `shutdownSignal` and the signal of every request being handled (once). */
  private beginShutdown(): void {
    if (this.shutdownController.signal.aborted) return;
    this.shutdownController.abort(new Error("server shutting down"));
    for (const session of this.sessions) session.abortRequests();
  }

  /** Cancels in-flight work and closes every connection. */
  shutdown(): void {
    if (this.closedForShutdown) return;
    this.closedForShutdown = true;
    this.beginShutdown();
    this.login.close();
    for (const session of this.sessions) session.close();
    this.sessions.clear();
    void this.services.mcp.stop();
    this.services.threads.close();
  }
}
