/**
 * A loopback OAuth issuer standing in for auth.openai.com in the ChatGPT login
 * tests: `/oauth/authorize` (redirects the "browser" back with a code),
 * `/oauth/token` (authorization code and API-key token exchange),
 * `/api/accounts/deviceauth/usercode|token` (device code) and `/oauth/revoke`.
 * It records every request; each endpoint's answer can be replaced per test.
 */
import { createHash } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { makeJwt } from "./backend-mock.js";

export interface IssuerRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
  /** Form fields (urlencoded bodies) or JSON fields. */
  fields: Record<string, unknown>;
}

export interface IssuerReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer. */
  hang?: boolean;
}

export type IssuerRoute = (request: IssuerRequest) => IssuerReply | undefined;

export const ISSUED = {
  code: "auth-code-0123456789",
  idToken: makeJwt({
    email: "new@example.com",
    "https://api.openai.com/auth": { chatgpt_plan_type: "plus", chatgpt_user_id: "user-new", chatgpt_account_id: "acct-new" },
  }),
  accessToken: "issued-access-token-abcdef",
  refreshToken: "issued-refresh-token-abcdef",
  apiKey: "sk-issued-api-key-abcdef",
  userCode: "ABCD-1234",
  deviceAuthId: "device-auth-id-0001",
  deviceCodeVerifier: "device-code-verifier-0001",
};

export class OAuthIssuer {
  readonly requests: IssuerRequest[] = [];
  /** Per-path overrides (path without query); returning undefined falls back to the default answer. */
  readonly routes = new Map<string, IssuerRoute>();
  /** Device-code polls answered 403 ("pending") before the approval. */
  devicePendingPolls = 1;
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  requestsTo(path: string): IssuerRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private defaultReply(request: IssuerRequest): IssuerReply {
    switch (request.path) {
      case "/oauth/authorize": {
        const redirect = new URL(request.query.get("redirect_uri") ?? "http://invalid/");
        redirect.searchParams.set("code", ISSUED.code);
        redirect.searchParams.set("state", request.query.get("state") ?? "");
        return { status: 302, headers: { location: redirect.toString() } };
      }
      case "/oauth/token":
        if (request.fields.grant_type === "authorization_code") {
          return { body: { id_token: ISSUED.idToken, access_token: ISSUED.accessToken, refresh_token: ISSUED.refreshToken } };
        }
        return { body: { access_token: ISSUED.apiKey } };
      case "/api/accounts/deviceauth/usercode":
        return { body: { device_auth_id: ISSUED.deviceAuthId, user_code: ISSUED.userCode, interval: "1" } };
      case "/api/accounts/deviceauth/token":
        if (this.devicePendingPolls > 0) {
          this.devicePendingPolls--;
          return { status: 403, body: { error: "authorization_pending" } };
        }
        return {
          body: {
            authorization_code: ISSUED.code,
            code_verifier: ISSUED.deviceCodeVerifier,
            code_challenge: createHash("sha256").update(ISSUED.deviceCodeVerifier).digest("base64url"),
          },
        };
      case "/oauth/revoke":
        return { body: {} };
      default:
        return { status: 404, body: "not found" };
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://issuer");
    const contentType = req.headers["content-type"] ?? "";
    let fields: Record<string, unknown> = {};
    if (contentType.startsWith("application/x-www-form-urlencoded")) fields = Object.fromEntries(new URLSearchParams(body));
    else if (body !== "") {
      try {
        fields = JSON.parse(body) as Record<string, unknown>;
      } catch {
        fields = {};
      }
    }
    const request: IssuerRequest = { method: req.method ?? "", path: url.pathname, query: url.searchParams, contentType, body, fields };
    this.requests.push(request);
    const reply = this.routes.get(url.pathname)?.(request) ?? this.defaultReply(request);
    if (reply.hang) return;
    const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    const headers = { ...(typeof reply.body === "object" ? { "content-type": "application/json" } : {}), ...reply.headers };
    res.writeHead(reply.status ?? 200, headers).end(text);
  }
}
