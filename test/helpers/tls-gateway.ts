/**
 * An HTTPS front for the plain-HTTP loopback mocks, as ChatGPT model traffic
 * needs it: the reference sends that traffic only to an `https` origin that
 * `accounts/check` names (or `NO_CONSTRAINT`: `chatgpt_base_url`'s, itself
 * `https`). The gateway answers `GET …/accounts/check` itself (recording each
 * request) and forwards every other request and WebSocket upgrade unchanged to
 * the target. The daemon trusts its self-signed certificate through
 * `NODE_EXTRA_CA_CERTS` (`gateway.env`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import net, { type Socket } from "node:net";
import os from "node:os";
import path from "node:path";

export interface LoopbackCertificate {
  key: string;
  cert: string;
  /** The certificate's file, for `NODE_EXTRA_CA_CERTS`. */
  certFile: string;
}

let certificate: LoopbackCertificate | undefined;

/** A self-signed certificate for `127.0.0.1`, made once per test process. */
export function loopbackCertificate(): LoopbackCertificate {
  if (certificate) return certificate;
  const dir = mkdtempSync(path.join(os.tmpdir(), "aas-loopback-tls-"));
  const [keyFile, certFile] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  certificate = { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8"), certFile };
  return certificate;
}

/** What `accounts/check` answers: a status and body, or a function of the request's `chatgpt-account-id`. */
export type AccountsCheckReply = { status: number; body: unknown };

/** The usual answer: the caller's workspace with no origin constraint (model traffic stays on `chatgpt_base_url`). */
export function unconstrainedWorkspace(accountId: string): AccountsCheckReply {
  return { status: 200, body: { accounts: [{ id: accountId, workspace_backend_origin: "NO_CONSTRAINT", account_routing_override: "NO_CONSTRAINT" }] } };
}

export class TlsGateway {
  /** The headers of every `accounts/check` request, in order. */
  readonly accountsChecks: IncomingHttpHeaders[] = [];
  /** Replaces the usual answer (`unconstrainedWorkspace` of the caller's account). */
  accountsCheck: ((accountId: string) => AccountsCheckReply) | null = null;
  private readonly server: https.Server;
  private readonly sockets = new Set<Socket>();
  private readonly target: URL;
  port = 0;

  /** `target`: the plain-HTTP origin requests are forwarded to. */
  constructor(target: string) {
    this.target = new URL(target);
    const { key, cert } = loopbackCertificate();
    this.server = https.createServer({ key, cert }, (req, res) => this.onRequest(req, res));
    this.server.on("secureConnection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server.on("upgrade", (req, socket: Socket, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  url(suffix = ""): string {
    return `https://127.0.0.1:${this.port}${suffix}`;
  }

  /** The environment a daemon needs to trust the gateway. */
  get env(): Record<string, string> {
    return { NODE_EXTRA_CA_CERTS: loopbackCertificate().certFile };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === "GET" && new URL(req.url ?? "/", "https://127.0.0.1").pathname.endsWith("/accounts/check")) {
      this.accountsChecks.push(req.headers);
      const accountId = String(req.headers["chatgpt-account-id"] ?? "");
      const reply = (this.accountsCheck ?? unconstrainedWorkspace)(accountId);
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.body));
      req.resume();
      return;
    }
    const upstream = http.request(
      { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  }

  /** Upgrades go to the target byte for byte: the request head is replayed, then both sockets are piped. */
  private onUpgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
    const upstream = net.connect(Number(this.target.port), this.target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const end = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on("error", end);
    socket.on("error", end);
    upstream.on("close", end);
    socket.on("close", end);
  }
}

/** Starts a gateway in front of the plain-HTTP `target`. */
export function startTlsGateway(target: string): Promise<TlsGateway> {
  return new TlsGateway(target).start();
}
