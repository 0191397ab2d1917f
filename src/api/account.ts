import { authModeOf, emailOf, planTypeOf, userIdOf, usesCodexBackend, type AuthManager } from "../auth/manager.js";
import { requiresOpenaiAuth } from "../auth/provider.js";
import type { CallContext } from "../backend/account-calls.js";
import type { AccountUpdatedNotification } from "../protocol/account.js";
import type { HandlerTable, RequestContext } from "./context.js";
import { invalidRequest } from "../protocol/errors.js";
import { parseThreadId } from "../core/thread-id.js";

type AccountMethods =
  | "account/read"
  | "account/login/start"
  | "account/login/cancel"
  | "account/logout"
  | "account/rateLimits/read"
  | "account/rateLimitResetCredit/consume"
  | "account/usage/read"
  | "account/workspaceMessages/read"
  | "account/securitySetup/read"
  | "account/sendAddCreditsNudgeEmail"
  | "accountSession/list"
  | "accountSession/switch";

const EXTERNAL_AUTH_ACTIVE =
  "External auth is active. Use account/login/start (chatgptAuthTokens) to update it or account/logout to clear it.";

/** The originator when the client named none (as in the reference). */
const DEFAULT_ORIGINATOR = "codex_cli_rs";

async function accountUpdated(auth: AuthManager): Promise<AccountUpdatedNotification> {
  const { auth: current } = await auth.current();
  return { authMode: current ? authModeOf(current) : null, planType: current ? planTypeOf(current) : null };
}

/** The notifications of a login, sent after its response (as in the reference). */
async function announceLogin(ctx: RequestContext): Promise<void> {
  const { services } = ctx;
  const updated = await accountUpdated(services.auth);
  ctx.afterResponse(() => {
    services.broadcast("account/login/completed", { loginId: null, success: true, error: null, onboardingEntrypoint: null });
    services.broadcast("account/updated", updated);
  });
}

/** What the backend's account calls need of the request: the calling connection and the cancellation. */
function callContext(ctx: RequestContext): CallContext {
  return { session: ctx.connection, signal: ctx.signal };
}

export const accountHandlers: Pick<HandlerTable, AccountMethods> = {
  async "account/read"(params, ctx) {
    const { services, connection } = ctx;
    if (!requiresOpenaiAuth(services.config.values)) {
      return { account: null, userId: null, requiresOpenaiAuth: false, workspaceRouting: null };
    }
    let state = await services.auth.current();
    if (params.refreshToken && state.auth?.mode === "chatgpt") {
      try {
        await services.auth.refreshManaged(state.auth, "manual", connection.userAgent);
      } catch (error) {
        services.logger.warn({ reason: (error as Error).message }, "requested token refresh failed");
      }
      state = await services.auth.current();
    }
    const { auth, problem } = state;
    if (!auth) {
      if (problem) throw invalidRequest(services.auth.problemText(problem));
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
    const workspaceRouting = connection.experimentalApi
      ? await services.workspaceRouting.discover(callContext(ctx), await services.auth.withFreshTokens(auth, connection.userAgent))
      : null;
    return {
      account: { type: "chatgpt", email, planType, workspaceName: null },
      userId: userIdOf(auth),
      requiresOpenaiAuth: true,
      workspaceRouting,
    };
  },

  async "account/login/start"(params, ctx) {
    const { services, connection } = ctx;
    switch (params.type) {
      case "apiKey":
        if (services.auth.externalActive) throw invalidRequest(EXTERNAL_AUTH_ACTIVE);
        services.login.cancelActive();
        await services.auth.loginApiKey(params.apiKey);
        await announceLogin(ctx);
        return { type: "apiKey" };
      case "chatgptAuthTokens":
        // A browser or device-code login finishing later must not replace these tokens' owner.
        services.login.cancelActive();
        services.auth.setExternalTokens(params.accessToken, params.chatgptAccountId, params.chatgptPlanType, connection);
        await announceLogin(ctx);
        return { type: "chatgptAuthTokens" };
      case "chatgpt": {
        if (services.auth.externalActive) throw invalidRequest(EXTERNAL_AUTH_ACTIVE);
        const { loginId, authUrl } = await services.login.startBrowser({
          originator: connection.clientInfo?.name || DEFAULT_ORIGINATOR,
          successPage: params.useHostedLoginSuccessPage
            ? { kind: "hosted", appBrand: params.appBrand ?? "codex" }
            : { kind: "local", streamlined: params.codexStreamlinedLogin ?? false },
        });
        return { type: "chatgpt", loginId, authUrl };
      }
      case "chatgptDeviceCode": {
        if (services.auth.externalActive) throw invalidRequest(EXTERNAL_AUTH_ACTIVE);
        const { loginId, verificationUrl, userCode } = await services.login.startDeviceCode();
        return { type: "chatgptDeviceCode", loginId, verificationUrl, userCode };
      }
      case "amazonBedrock":
      case "amazonBedrockAccessKeys":
        throw invalidRequest("Amazon Bedrock login is not supported by this server.");
    }
  },

  "account/login/cancel"(params, ctx) {
    const uuid = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
    if (!uuid.test(params.loginId)) throw invalidRequest(`invalid login id: ${params.loginId}`);
    return { status: ctx.services.login.cancel(params.loginId) };
  },

  async "account/logout"(_params, ctx) {
    const { services } = ctx;
    await services.login.logout();
    const updated = await accountUpdated(services.auth);
    ctx.afterResponse(() => services.broadcast("account/updated", { authMode: updated.authMode, planType: null }));
    return {};
  },

  "account/rateLimits/read": (params, ctx) => ctx.services.rateLimits.read(callContext(ctx), params),

  "account/rateLimitResetCredit/consume": (params, ctx) => ctx.services.rateLimits.consumeResetCredit(callContext(ctx), params),

  "account/usage/read"(params, ctx) {
    // An invalid id is refused before any auth check or backend call, as in the reference.
    const threadId = params?.threadId == null ? null : parseThreadId(params.threadId);
    return ctx.services.accountReads.tokenUsage(callContext(ctx), threadId);
  },

  "account/workspaceMessages/read": (_params, ctx) => ctx.services.accountReads.workspaceMessages(callContext(ctx)),

  "account/securitySetup/read": (_params, ctx) => ctx.services.accountReads.securitySetup(callContext(ctx)),

  "account/sendAddCreditsNudgeEmail": (params, ctx) =>
    ctx.services.accountReads.sendAddCreditsNudgeEmail(callContext(ctx), params.creditType),

  "accountSession/list": (params, ctx) => ctx.services.accountSessions.list(callContext(ctx), params),

  async "accountSession/switch"(params, ctx) {
    const { services } = ctx;
    const { response, switched } = await services.accountSessions.switch(callContext(ctx), params);
    if (switched) {
      const updated = await accountUpdated(services.auth);
      ctx.afterResponse(() => services.broadcast("account/updated", updated));
    }
    return response;
  },
};
