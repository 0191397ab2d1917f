import { usesCodexBackend, type ChatgptAuth } from "../auth/manager.js";
import type {
  AccountSession,
  AccountSessionsListParams,
  AccountSessionsResponse,
  AccountSessionsSwitchParams,
  AccountSessionWorkspace,
} from "../protocol/account.js";
import { internalError, invalidRequest } from "../protocol/errors.js";
import type { AccountCalls, CallContext } from "./account-calls.js";
import type { AccountsCheckResponse } from "./payloads.js";
import { tryParseClaims } from "../auth/jwt.js";

/**
 * accountSession/list and accountSession/switch (experimental), as the
 * reference answers them for a single stored login: one session (its id is
 * the ChatGPT user id) whose workspaces are the signed-in account, or, with
 * `refreshWorkspaceMetadata`, every workspace `accounts/check` lists. A switch
 * to another workspace of the active session exchanges the tokens at
 * `{base}/accounts/switch-workspace-token` and stores the answer as the login.
 */

export const SESSION_ERRORS = {
  notActive: "Only the active managed account session can be switched",
  metadata: "Failed to fetch workspace metadata",
  unknownWorkspace: "Workspace is not available in this account session",
  switchFailed: "Failed to switch workspace",
  invalidIdToken: "invalid ID token format",
} as const;

function sessionIdOf(auth: ChatgptAuth): string {
  return auth.claims.userId ?? auth.accountId ?? "default";
}

function workspaceKind(structure: string | null | undefined): AccountSessionWorkspace["kind"] {
  return structure === "personal" || structure === "workspace" ? structure : null;
}

/** The selected workspace first, then the others in the backend's order. */
export function workspacesFrom(payload: AccountsCheckResponse, selected: string | null): AccountSessionWorkspace[] {
  const entries = Array.isArray(payload.accounts) ? payload.accounts : [];
  const workspaces = entries.map((entry) => ({
    accountId: entry.id,
    name: entry.name ?? null,
    imageUrl: entry.profile_picture_url ?? null,
    kind: workspaceKind(entry.structure),
  }));
  const first = workspaces.filter((workspace) => workspace.accountId === selected);
  return [...first, ...workspaces.filter((workspace) => workspace.accountId !== selected)];
}

export class AccountSessionService {
  constructor(private readonly calls: AccountCalls) {}

  async list(ctx: CallContext, params: AccountSessionsListParams): Promise<AccountSessionsResponse> {
    const { auth } = await this.calls.auth.current();
    if (!auth || !usesCodexBackend(auth)) return { activeSessionId: null, sessions: [] };
    const workspaces = params.refreshWorkspaceMetadata ? await this.fetchWorkspaces(ctx, auth) : null;
    return this.sessionsOf(auth, workspaces);
  }

  async switch(ctx: CallContext, params: AccountSessionsSwitchParams): Promise<{ response: AccountSessionsResponse; switched: boolean }> {
    const { auth } = await this.calls.auth.current();
    if (!auth || auth.mode !== "chatgpt" || sessionIdOf(auth) !== params.sessionId) throw invalidRequest(SESSION_ERRORS.notActive);
    if (params.accountId === auth.accountId) return { response: this.sessionsOf(auth, null), switched: false };
    const workspaces = await this.fetchWorkspaces(ctx, auth);
    if (!workspaces.some((workspace) => workspace.accountId === params.accountId)) throw invalidRequest(SESSION_ERRORS.unknownWorkspace);

    const { calls } = this;
    const settings = calls.settings();
    const fresh = await calls.auth.withFreshTokens(auth, ctx.session.userAgent);
    let tokens;
    try {
      tokens = await calls.withClient(ctx, settings, fresh, (client) =>
        client.switchWorkspaceToken(params.accountId, { timeoutMs: settings.timeouts.accountsCheckMs, signal: ctx.signal }),
      );
    } catch (error) {
      calls.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "workspace token switch failed");
      throw internalError(SESSION_ERRORS.switchFailed);
    }
    const idToken = tokens.id_token ?? "";
    const claims = tryParseClaims(idToken);
    if (claims === null || !tokens.access_token) throw invalidRequest(SESSION_ERRORS.invalidIdToken);
    await calls.auth.saveChatgptLogin(
      { idToken, accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? auth.refreshToken },
      null,
    );
    const { auth: now } = await calls.auth.current();
    if (!now || !usesCodexBackend(now)) throw internalError(SESSION_ERRORS.switchFailed);
    return { response: this.sessionsOf(now, workspacesFrom({ accounts: workspaces.map(toEntry) }, now.accountId)), switched: true };
  }

  private async fetchWorkspaces(ctx: CallContext, auth: ChatgptAuth): Promise<AccountSessionWorkspace[]> {
    const { calls } = this;
    try {
      const payload = await calls.callAs(ctx, auth, (client, settings) =>
        client.getAccountsCheck({ timeoutMs: settings.timeouts.accountsCheckMs, signal: ctx.signal }),
      );
      return workspacesFrom(payload, auth.accountId);
    } catch (error) {
      calls.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "workspace metadata unavailable");
      throw internalError(SESSION_ERRORS.metadata);
    }
  }

  private sessionsOf(auth: ChatgptAuth, workspaces: AccountSessionWorkspace[] | null): AccountSessionsResponse {
    const selected = auth.accountId;
    const session: AccountSession = {
      sessionId: sessionIdOf(auth),
      email: auth.claims.email,
      userId: auth.claims.userId,
      displayName: null,
      imageUrl: null,
      lastUsedAt: Math.floor(Date.now() / 1000),
      isActive: true,
      selectedWorkspaceAccountId: selected,
      workspaces: workspaces ?? (selected === null ? [] : [{ accountId: selected, name: null, imageUrl: null, kind: null }]),
    };
    return { activeSessionId: session.sessionId, sessions: [session] };
  }
}

function toEntry(workspace: AccountSessionWorkspace) {
  return { id: workspace.accountId, name: workspace.name ?? null, structure: workspace.kind ?? null, profile_picture_url: workspace.imageUrl ?? null };
}
