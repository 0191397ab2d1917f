/**
 * What `--listen` and the transport flags describe: where to serve, how remote
 * clients authenticate, and the per-connection limits. Parsed by
 * `src/cli-args.ts`; used by `src/serve.ts` (stdio) and `src/serve-remote.ts`.
 */

export type ListenTarget =
  | { kind: "stdio" }
  /** `ws://IP:PORT`; `host` is the address to bind (brackets stripped for IPv6). */
  | { kind: "ws"; host: string; port: number }
  /** `unix://` (path undefined: `$CODEX_HOME/app-server-control/app-server-control.sock`) or `unix://PATH`. */
  | { kind: "unix"; path: string | undefined };

/** Where the bearer token for WebSocket upgrades comes from. */
export type WsAuthSpec =
  | { kind: "env"; name: string }
  | { kind: "file"; path: string }
  | { kind: "sha256"; hex: string };

export interface TransportLimits {
  /** Requests queued or in flight per connection before new ones get -32001. */
  maxPendingRequests: number;
  /** Bytes buffered towards one client above which it counts as slow. */
  maxOutboundBytes: number;
  /** A ws/unix client over `maxOutboundBytes` this long is disconnected. */
  slowClientTimeoutMs: number;
}

export const DEFAULT_LIMITS: TransportLimits = {
  maxPendingRequests: 128,
  maxOutboundBytes: 16 * 1024 * 1024,
  slowClientTimeoutMs: 5_000,
};

export class ListenUrlError extends Error {}

const WS_URL = /^ws:\/\/(\[[0-9A-Fa-f:.]+\]|[^\s/:[\]]+):(\d{1,5})\/?$/;

/** Parses a `--listen` value; throws `ListenUrlError` with a user-facing message. */
export function parseListenUrl(value: string): ListenTarget {
  if (value === "stdio://" || value === "stdio") return { kind: "stdio" };
  if (value.startsWith("unix://")) {
    const path = value.slice("unix://".length);
    return { kind: "unix", path: path === "" ? undefined : path };
  }
  if (value.startsWith("ws://")) {
    const match = WS_URL.exec(value);
    if (!match) throw new ListenUrlError(`invalid --listen value '${value}': expected ws://IP:PORT (e.g. ws://127.0.0.1:4500)`);
    const host = match[1]!.startsWith("[") ? match[1]!.slice(1, -1) : match[1]!;
    const port = Number(match[2]);
    if (port > 65535) throw new ListenUrlError(`invalid --listen value '${value}': port ${port} is out of range`);
    return { kind: "ws", host, port };
  }
  if (value === "off") throw new ListenUrlError("--listen off is not supported by this build (it has no remote-control mode)");
  throw new ListenUrlError(`unsupported --listen value '${value}': expected stdio://, ws://IP:PORT, unix:// or unix://PATH`);
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return false;
}

/** Formats a bound TCP address as a ws:// URL (IPv6 in brackets). */
export function wsUrl(host: string, port: number): string {
  return `ws://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
