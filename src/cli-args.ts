/** Command-line parsing, argv-compatible with `codex app-server`. */
import {
  DEFAULT_LIMITS,
  ListenUrlError,
  isLoopbackHost,
  parseListenUrl,
  type ListenTarget,
  type TransportLimits,
  type WsAuthSpec,
} from "./transport/options.js";

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | {
      kind: "serve";
      listen: string;
      target: ListenTarget;
      wsAuth: WsAuthSpec | undefined;
      limits: TransportLimits;
      configOverrides: string[];
      logFile: string | undefined;
    }
  | { kind: "generate-json-schema" | "generate-ts"; out: string; experimental: boolean };

export class UsageError extends Error {}

export const USAGE = `Usage:
  agent-app-server [app-server] [--listen URL | --stdio] [-c key=value]... [--log-file PATH]
                   [--ws-token-env NAME | --ws-auth capability-token --ws-token-file PATH]
                   [--max-pending-requests N] [--max-outbound-bytes N] [--slow-client-timeout-ms MS]
  agent-app-server [app-server] generate-json-schema --out DIR [--experimental]
  agent-app-server [app-server] generate-ts --out DIR [--experimental]
  agent-app-server --help | --version

Speaks the Codex app-server protocol (JSON-RPC 2.0, one JSON message per line)
on stdin/stdout, or one message per WebSocket text frame with --listen ws://
or unix://. Logs go to stderr, or to --log-file / AGENT_APP_SERVER_LOG_FILE;
LOG_LEVEL sets the level (trace, debug, info, warn, error, silent).

Options:
  --listen URL        transport to serve: stdio:// (the default); ws://IP:PORT
                      (WebSocket, plus GET /readyz and /healthz; loopback unless
                      a token is set; port 0 picks a free port, logged at info
                      level); unix:// or unix://PATH (WebSocket over a unix
                      socket, default $CODEX_HOME/app-server-control/app-server-control.sock)
  --stdio             the same as --listen stdio://
  --ws-token-env NAME clients must send 'Authorization: Bearer <token>' on the
                      upgrade, the token being the value of environment variable
                      NAME (required to bind a non-loopback address)
  --ws-auth capability-token --ws-token-file PATH
                      the same with the token read from PATH (--ws-token-sha256 HEX:
                      only its SHA-256 given)
  --max-pending-requests N
                      requests queued or running per connection before new ones
                      get -32001 "Server overloaded; retry later." (default 128)
  --max-outbound-bytes N
                      bytes buffered towards a client before it counts as slow
                      (default 16777216)
  --slow-client-timeout-ms MS
                      ws/unix: a client slow for this long is disconnected (default 5000)
  -c, --config K=V    override a config.toml key; V is parsed as TOML, else taken as a string
  --log-file PATH     write logs to PATH instead of stderr
  --experimental      (generate-*) include the experimental API surface
  --out DIR           (generate-*) output directory
  -h, --help          print this help
  -V, --version       print the version
`;

function takeValue(argv: readonly string[], index: number, flag: string): string {
  const value = argv[index + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
  return value;
}

function checkOverride(value: string): string {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new UsageError(`invalid -c override '${value}': expected key=value`);
  return value;
}

export function parseArgs(argv: readonly string[]): Command {
  let subcommand: "serve" | "generate-json-schema" | "generate-ts" = "serve";
  let listen: string | undefined;
  let sawStdioFlag = false;
  let logFile: string | undefined;
  let out: string | undefined;
  let experimental = false;
  let wsTokenEnv: string | undefined;
  let wsTokenFile: string | undefined;
  let wsTokenSha256: string | undefined;
  let wsAuthMode: string | undefined;
  const limits: TransportLimits = { ...DEFAULT_LIMITS };
  const transportFlags: string[] = [];
  const configOverrides: string[] = [];
  let sawAppServer = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (name: string) => {
      if (inline !== undefined) return inline;
      const v = takeValue(argv, i, name);
      i++;
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return { kind: "help" };
      case "-V":
      case "--version":
        return { kind: "version" };
      case "app-server":
        if (sawAppServer || subcommand !== "serve") throw new UsageError(`unexpected argument '${arg}'`);
        sawAppServer = true;
        break;
      case "generate-json-schema":
      case "generate-ts":
        if (subcommand !== "serve") throw new UsageError(`unexpected argument '${arg}'`);
        subcommand = flag;
        break;
      case "--listen":
        listen = value("--listen");
        break;
      case "--stdio":
        if (inline !== undefined) throw new UsageError("--stdio takes no value");
        sawStdioFlag = true;
        break;
      case "--ws-token-env":
        wsTokenEnv = value(flag);
        transportFlags.push(flag);
        break;
      case "--ws-token-file":
        wsTokenFile = value(flag);
        transportFlags.push(flag);
        break;
      case "--ws-token-sha256":
        wsTokenSha256 = value(flag);
        transportFlags.push(flag);
        break;
      case "--ws-auth":
        wsAuthMode = value(flag);
        transportFlags.push(flag);
        break;
      case "--max-pending-requests":
        limits.maxPendingRequests = positiveInteger(flag, value(flag));
        transportFlags.push(flag);
        break;
      case "--max-outbound-bytes":
        limits.maxOutboundBytes = positiveInteger(flag, value(flag));
        transportFlags.push(flag);
        break;
      case "--slow-client-timeout-ms":
        limits.slowClientTimeoutMs = positiveInteger(flag, value(flag));
        transportFlags.push(flag);
        break;
      case "-c":
      case "--config":
        configOverrides.push(checkOverride(value(flag)));
        break;
      case "--log-file":
        logFile = value("--log-file");
        break;
      case "--out":
      case "-o":
        out = value(flag);
        break;
      case "--experimental":
        experimental = true;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option '${arg}'`);
        throw new UsageError(`unexpected argument '${arg}'`);
    }
  }

  if (sawStdioFlag) {
    if (listen !== undefined && listen !== "stdio://" && listen !== "stdio") throw new UsageError(`--stdio conflicts with --listen ${listen}`);
    listen = "stdio://";
  }
  if (subcommand === "serve") {
    listen ??= "stdio://";
    let target: ListenTarget;
    try {
      target = parseListenUrl(listen);
    } catch (error) {
      if (error instanceof ListenUrlError) throw new UsageError(error.message);
      throw error;
    }
    if (out !== undefined || experimental) throw new UsageError("--out and --experimental only apply to generate-json-schema and generate-ts");
    const wsAuth = wsAuthSpec(wsAuthMode, wsTokenEnv, wsTokenFile, wsTokenSha256);
    if (target.kind === "stdio" && wsAuth) throw new UsageError("--ws-token-env/--ws-auth apply only to --listen ws:// or unix://");
    if (target.kind === "ws" && !isLoopbackHost(target.host) && !wsAuth) {
      throw new UsageError(
        `refusing to listen on non-loopback address ${target.host} without authentication: ` +
          "pass --ws-token-env NAME (or --ws-auth capability-token --ws-token-file PATH); clients then send 'Authorization: Bearer <token>'",
      );
    }
    return { kind: "serve", listen, target, wsAuth, limits, configOverrides, logFile: logFile ?? process.env.AGENT_APP_SERVER_LOG_FILE };
  }
  if (sawStdioFlag) transportFlags.push("--stdio");
  if (transportFlags.length > 0) throw new UsageError(`${transportFlags[0]} only applies when serving`);
  if (out === undefined) throw new UsageError(`${subcommand} needs --out DIR`);
  return { kind: subcommand, out, experimental };
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive integer, got '${text}'`);
  return n;
}

/** The bearer-token source for WebSocket upgrades, from the --ws-* flags. */
function wsAuthSpec(
  mode: string | undefined,
  tokenEnv: string | undefined,
  tokenFile: string | undefined,
  tokenSha256: string | undefined,
): WsAuthSpec | undefined {
  if (mode !== undefined && mode !== "capability-token") {
    throw new UsageError(`unsupported --ws-auth mode '${mode}': this build supports capability-token (a bearer token)`);
  }
  const sources = [tokenEnv, tokenFile, tokenSha256].filter((v) => v !== undefined);
  if (sources.length > 1) throw new UsageError("give only one of --ws-token-env, --ws-token-file and --ws-token-sha256");
  if (tokenEnv !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv)) throw new UsageError(`--ws-token-env needs an environment variable name, got '${tokenEnv}'`);
    return { kind: "env", name: tokenEnv };
  }
  if (tokenFile !== undefined) return { kind: "file", path: tokenFile };
  if (tokenSha256 !== undefined) return { kind: "sha256", hex: tokenSha256 };
  if (mode !== undefined) throw new UsageError("--ws-auth capability-token needs --ws-token-file PATH, --ws-token-sha256 HEX or --ws-token-env NAME");
  return undefined;
}
