/**
 * `mcpServer/oauth/login` for one streamable HTTP server: authorization code
 * with PKCE through the SDK (discovery, dynamic client registration), the
 * browser sent back to a loopback callback on 127.0.0.1. Resolves with the
 * authorization URL at once; `completion` settles when the callback brought a
 * code and the tokens are stored (or on failure or timeout).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { McpOAuthStore } from "../../auth/mcp-oauth-store.js";
import { McpOAuthProvider } from "./oauth-provider.js";

export const DEFAULT_OAUTH_LOGIN_TIMEOUT_MS = 300_000;

export interface McpOAuthLogin {
  authorizationUrl: string;
  completion: Promise<void>;
}

const DONE_PAGE = "<!doctype html><title>Codex</title><p>Authentication complete. You may close this window.</p>";

export async function startMcpOAuthLogin(options: {
  store: McpOAuthStore;
  serverName: string;
  serverUrl: string;
  scopes: string[] | null;
  timeoutMs: number;
}): Promise<McpOAuthLogin> {
  const { auth } = await import("@modelcontextprotocol/sdk/client/auth.js");
  let onCallback: (query: URLSearchParams) => void = () => undefined;
  const callback = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(DONE_PAGE);
    onCallback(url.searchParams);
  });
  await new Promise<void>((resolve, reject) => {
    callback.once("error", reject);
    callback.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = callback.address() as AddressInfo;
  const close = () => {
    callback.closeAllConnections();
    callback.close();
  };
  let authorizationUrl: string | null = null;
  const provider = new McpOAuthProvider(options.store, options.serverName, options.serverUrl, {
    login: { redirectUrl: `http://127.0.0.1:${port}/callback`, onRedirect: (url) => (authorizationUrl = url.toString()), scopes: options.scopes },
  });
  const serverUrl = options.serverUrl;
  const scope = options.scopes && options.scopes.length > 0 ? options.scopes.join(" ") : undefined;
  try {
    const outcome = await auth(provider, { serverUrl, ...(scope ? { scope } : {}) });
    if (outcome !== "REDIRECT" || authorizationUrl === null) throw new Error("the authorization server did not ask for a browser login");
  } catch (error) {
    close();
    throw error;
  }
  const completion = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      close();
      reject(new Error(`OAuth login timed out after ${Math.round(options.timeoutMs / 1000)}s`));
    }, options.timeoutMs);
    timer.unref();
    onCallback = (query) => {
      onCallback = () => undefined;
      clearTimeout(timer);
      close();
      const code = query.get("code");
      const error = query.get("error");
      if (error || !code) return reject(new Error(`OAuth authorization failed: ${error ?? "no authorization code"}`));
      if (query.get("state") !== provider.expectedState) return reject(new Error("OAuth authorization failed: state mismatch"));
      auth(provider, { serverUrl, authorizationCode: code, ...(scope ? { scope } : {}) }).then(() => resolve(), reject);
    };
  });
  return { authorizationUrl: authorizationUrl as unknown as string, completion };
}
