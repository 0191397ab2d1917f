/** Command-line parsing, argv-compatible with `codex app-server`. */

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "serve"; listen: string; configOverrides: string[]; logFile: string | undefined }
  | { kind: "generate-json-schema" | "generate-ts"; out: string; experimental: boolean };

export class UsageError extends Error {}

export const USAGE = `Usage:
  agent-app-server [app-server] [--listen stdio://] [-c key=value]... [--log-file PATH]
  agent-app-server [app-server] generate-json-schema --out DIR [--experimental]
  agent-app-server [app-server] generate-ts --out DIR [--experimental]
  agent-app-server --help | --version

Speaks the Codex app-server protocol (JSON-RPC 2.0, one JSON message per line)
on stdin/stdout. Logs go to stderr, or to --log-file / AGENT_APP_SERVER_LOG_FILE;
LOG_LEVEL sets the level (trace, debug, info, warn, error, silent).

Options:
  --listen URL        transport to serve; stdio:// (the default)
  -c, --config K=V    override a config.toml key; V is parsed as TOML, else taken as a string
  --log-file PATH     write logs to PATH instead of stderr
  --experimental      (generate-*) include the experimental API surface
  --out DIR           (generate-*) output directory
  -h, --help          print this help
  -V, --version       print the version
`;

const SUPPORTED_LISTEN = new Set(["stdio://", "stdio"]);

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
  let listen = "stdio://";
  let logFile: string | undefined;
  let out: string | undefined;
  let experimental = false;
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

  if (subcommand === "serve") {
    if (!SUPPORTED_LISTEN.has(listen)) {
      throw new UsageError(`unsupported --listen value '${listen}': this build serves stdio:// only`);
    }
    if (out !== undefined || experimental) throw new UsageError("--out and --experimental only apply to generate-json-schema and generate-ts");
    return { kind: "serve", listen, configOverrides, logFile: logFile ?? process.env.AGENT_APP_SERVER_LOG_FILE };
  }
  if (out === undefined) throw new UsageError(`${subcommand} needs --out DIR`);
  return { kind: subcommand, out, experimental };
}
