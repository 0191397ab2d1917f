/**
 * A streamable-HTTP MCP server protected by a loopback OAuth authorization
 * server on the same 127.0.0.1 port: protected-resource and
 * authorization-server metadata, dynamic client registration, `/authorize`
 * (redirects the "browser" back with a code), `/token` (authorization code
 * with PKCE S256, refresh token). `/mcp` answers 401 without a live token.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createMcpTestServer } from "./mcp-test-server.mjs";

export interface OAuthMcpServer {
  url: string;
  /** Seconds each issued access token lives. */
  tokenLifetimeSec: number;
  /** Grants seen at /token (`authorization_code`, `refresh_token`). */
  grants: string[];
  /** Bearer tokens the MCP endpoint accepted. */
  acceptedTokens: string[];
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => resolve(body));
  });
}

export async function startOAuthMcpServer(): Promise<OAuthMcpServer> {
  let base = "";
  const codes = new Map<string, { challenge: string; redirect: string }>();
  const live = new Map<string, number>();
  let issued = 0;
  const state: OAuthMcpServer = { url: "", tokenLifetimeSec: 3600, grants: [], acceptedTokens: [], close: async () => undefined };
  const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const issue = (res: http.ServerResponse) => {
    issued++;
    const access = `access-${issued}`;
    live.set(access, Date.now() + state.tokenLifetimeSec * 1000);
    json(res, 200, { access_token: access, token_type: "Bearer", expires_in: state.tokenLifetimeSec, refresh_token: `refresh-${issued}` });
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    if (url.pathname.startsWith("/.well-known/oauth-protected-resource")) {
      return json(res, 200, { resource: `${base}/mcp`, authorization_servers: [base] });
    }
    if (url.pathname.startsWith("/.well-known/oauth-authorization-server")) {
      return json(res, 200, {
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        registration_endpoint: `${base}/register`,
        response_types_supported: ["code"],
        grant_types_supported: ["authorization_code", "refresh_token"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["none"],
      });
    }
    if (url.pathname === "/register" && req.method === "POST") {
      const metadata = JSON.parse(await readBody(req));
      return json(res, 201, { ...metadata, client_id: "test-client", client_id_issued_at: Math.floor(Date.now() / 1000) });
    }
    if (url.pathname === "/authorize") {
      const code = `code-${codes.size + 1}`;
      const redirect = url.searchParams.get("redirect_uri")!;
      codes.set(code, { challenge: url.searchParams.get("code_challenge")!, redirect });
      const back = new URL(redirect);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/token" && req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const grant = form.get("grant_type") ?? "";
      state.grants.push(grant);
      if (grant === "authorization_code") {
        const entry = codes.get(form.get("code") ?? "");
        const verifier = form.get("code_verifier") ?? "";
        if (!entry || createHash("sha256").update(verifier).digest("base64url") !== entry.challenge) return json(res, 400, { error: "invalid_grant" });
        codes.delete(form.get("code")!);
        return issue(res);
      }
      if (grant === "refresh_token" && form.get("refresh_token")?.startsWith("refresh-")) return issue(res);
      return json(res, 400, { error: "invalid_grant" });
    }
    if (url.pathname === "/mcp") {
      const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
      const expires = live.get(token);
      if (expires === undefined || expires < Date.now()) {
        return res
          .writeHead(401, { "www-authenticate": `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"` })
          .end();
      }
      state.acceptedTokens.push(token);
      const mcp = createMcpTestServer("oauth-test-server");
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on("close", () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      return transport.handleRequest(req, res);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.url = `${base}/mcp`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** A test "browser": follows the authorization URL's redirects up to the loopback callback page. */
export async function followInBrowser(authorizationUrl: string): Promise<{ status: number; body: string }> {
  let next = authorizationUrl;
  for (let hops = 0; hops < 5; hops++) {
    const response = await fetch(next, { redirect: "manual" });
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      next = new URL(location, next).toString();
      continue;
    }
    return { status: response.status, body: await response.text() };
  }
  throw new Error("too many redirects");
}
