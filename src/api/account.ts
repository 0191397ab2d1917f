import { authModeOf, emailOf, planTypeOf, userIdOf, usesCodexBackend } from "../auth/manager.js";
import { requiresOpenaiAuth } from "../auth/provider.js";
import { consumeResetCredit, readRateLimits } from "../backend/rate-limit-service.js";
import { discoverWorkspaceRouting } from "../backend/workspace-routing.js";
import type { AccountUpdatedNotification } from "../protocol/account.js";
import type { AppServer } from "../server/app-server.js";
import type { HandlerTable } from "./context.js";
import { invalidRequest } from "../protocol/errors.js";

type AccountMethods =
  | "account/read"
  | "account/login/start"
  | "account/login/cancel"
  | "account/logout"
  | "account/rateLimits/read"
  | "account/rateLimitResetCredit/consume";

const EXTERNAL_AUTH_ACTIVE =
  "External auth is active. Use account/login/start (chatgptAuthTokens) to update it or account/logout to clear it.";

const BROWSER_LOGIN_UNSUPPORTED =
  "ChatGPT browser and device-code login are not supported by this server. Sign in with `codex login` " +
  "(this server reads the same CODEX_HOME/auth.json), or use account/login/start with `apiKey` or `chatgptAuthTokens`.";

/** Runs `send` once the current response has been written (notifications follow the response, as in the reference). */
function afterResponse(send: () => void): void {
  setImmediate(send);
}

async function accountUpdated(server: AppServer): Promise<AccountUpdatedNotification> {
  const { auth } = await server.auth.current();
  return { authMode: auth ? authModeOf(auth) : null, planType: auth ? planTypeOf(auth) : null };
}

async function announceLogin(server: AppServer): Promise<void> {
  const updated = await accountUpdated(server);
  afterResponse(() => {
    server.broadcast("account/login/completed", { loginId: null, success: true, error: null, onboardingEntrypoint: null });
    server.broadcast("account/updated", updated);
  });
}

export const accountHandlers: Pick<HandlerTable, AccountMethods> = {
  async "account/read"(params, ctx) {
    const { server, session } = ctx.accountCalls;
    if (!requiresOpenaiAuth(server.config.values)) {
      return { account: null, userId: null, requiresOpenaiAuth: false, workspaceRouting: null };
    }
    let state = await server.auth.current();
    if (params.refreshToken && state.auth?.mode === "chatgpt") {
      try {
        await server.auth.refreshManaged(state.auth, "manual", session.userAgent);
      } catch (error) {
        server.logger.warn({ reason: (error as Error).message }, "requested token refresh failed");
      }
      state = await server.auth.current();
    }
    const { auth, problem } = state;
    if (!auth) {
      if (problem) throw invalidRequest(server.auth.problemText(problem));
      return { account: null, userId: null, requiresOpenaiAuth: true, workspaceRouting: null };
    }
    if (!usesCodexBackend(auth)) {
      return { account: { type: "apiKey" }, userId: null, requiresOpenaiAuth: true, workspaceRouting: null };
    }
    const email = emailOf(auth);
    const planType = planTypeOf(auth);
    if (email === null || planType === null) {
      throw invalidRequest("email and plan type are required for chatgpt authentication");
    }
    // workspaceRouting is an experimental field: only opted-in connections pay for the discovery.
    const workspaceRouting = session.experimentalApi
      ? await discoverWorkspaceRouting(ctx.accountCalls, await server.auth.withFreshTokens(auth, session.userAgent))
      : null;
    return {
      account: { type: "chatgpt", email, planType, workspaceName: null },
      userId: userIdOf(auth),
      requiresOpenaiAuth: true,
      workspaceRouting,
    };
  },

  async "account/login/start"(params, { accountCalls: { server, session } }) {
    switch (params.type) {
      case "apiKey":
        await server.auth.loginApiKey(params.apiKey);
        await announceLogin(server);
        return { type: "apiKey" };
      case "chatgptAuthTokens":
        server.auth.setExternalTokens(params.accessToken, params.chatgptAccountId, params.chatgptPlanType, session);
        await announceLogin(server);
        return { type: "chatgptAuthTokens" };
      case "chatgpt":
      case "chatgptDeviceCode":
        if (server.auth.externalActive) throw invalidRequest(EXTERNAL_AUTH_ACTIVE);
        throw invalidRequest(BROWSER_LOGIN_UNSUPPORTED);
      case "amazonBedrock":
      case "amazonBedrockAccessKeys":
        throw invalidRequest("Amazon Bedrock login is not supported by this server.");
    }
  },

  "account/login/cancel"(params) {
    const uuid = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
    if (!uuid.test(params.loginId)) throw invalidRequest(`invalid login id: ${params.loginId}`);
    // Browser logins are never started here, so there is nothing to cancel.
    return { status: "notFound" };
  },

  async "account/logout"(_params, { accountCalls: { server } }) {
    await server.auth.logout();
    const updated = await accountUpdated(server);
    afterResponse(() => server.broadcast("account/updated", { authMode: updated.authMode, planType: null }));
    return {};
  },

  "account/rateLimits/read": (params, ctx) => readRateLimits(ctx.accountCalls, params),

  "account/rateLimitResetCredit/consume": (params, ctx) => consumeResetCredit(ctx.accountCalls, params),
};
