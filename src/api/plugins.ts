import { usesCodexBackend } from "../auth/manager.js";
import { backendCredentialsOf } from "../backend/account-calls.js";
import {
  deleteRemotePluginShare,
  RemotePluginCatalogError,
  updateRemotePluginShareTargets,
  type RemotePluginCatalogAccess,
} from "../backend/remote-plugin-shares.js";
import { backendSettings } from "../backend/settings.js";
import { remoteCatalogCall, remoteCatalogRequired } from "../core/plugins/remote-plugins.js";
import { invalidRequest } from "../protocol/errors.js";
import type { HandlerTable, RequestContext } from "./context.js";

type PluginMethods =
  | "plugin/installed"
  | "plugin/list"
  | "plugin/search"
  | "plugin/read"
  | "plugin/install"
  | "plugin/uninstall"
  | "plugin/skill/read"
  | "plugin/reconcile"
  | "plugin/share/save"
  | "plugin/share/updateTargets"
  | "plugin/share/list"
  | "plugin/share/checkout"
  | "plugin/share/delete"
  | "marketplace/add"
  | "marketplace/remove"
  | "marketplace/upgrade";

async function hasChatgptAuth(ctx: RequestContext): Promise<boolean> {
  const { auth } = await ctx.services.auth.current();
  return auth !== null && usesCodexBackend(auth);
}

/** Runs a remote catalog call with the signed-in ChatGPT account; failures read `<context>: <reason>` (-32600). */
async function withRemoteCatalog<T>(ctx: RequestContext, context: string, call: (access: RemotePluginCatalogAccess) => Promise<T>): Promise<T> {
  const { auth } = await ctx.services.auth.current();
  if (auth === null || !usesCodexBackend(auth)) throw remoteCatalogRequired(context);
  const access: RemotePluginCatalogAccess = {
    baseUrl: backendSettings(ctx.services.config.values).baseUrl,
    credentials: backendCredentialsOf(auth),
    userAgent: ctx.connection.userAgent ?? "codex_cli_rs",
    signal: ctx.signal,
  };
  try {
    return await call(access);
  } catch (error) {
    if (error instanceof RemotePluginCatalogError) throw invalidRequest(`${context}: ${error.message}`);
    throw error;
  }
}

/** Fails a call that only the remote (ChatGPT) plugin catalog can answer. */
async function remoteOnly(ctx: RequestContext, context: string): Promise<never> {
  return remoteCatalogCall(context, await hasChatgptAuth(ctx));
}

/** Local plugin marketplaces (listing, reading, installing) and the remote catalog's calls. */
export const pluginHandlers: Pick<HandlerTable, PluginMethods> = {
  "plugin/installed": (params, ctx) => ctx.services.plugins.list(params.cwds ?? [], true, params.installSuggestionPluginNames ?? []),
  "plugin/list": async (params, ctx) => {
    const kinds = params.marketplaceKinds ?? ["local"];
    if (kinds.some((kind) => kind === "shared-with-me" || kind === "created-by-me-remote" || kind === "workspace-directory")) {
      await remoteOnly(ctx, "list remote plugin catalog");
    }
    // `vertical` marketplaces come only from the remote catalog's feature flag: none here.
    const listing = kinds.includes("local") ? ctx.services.plugins.list(params.cwds ?? []) : { marketplaces: [], marketplaceLoadErrors: [] };
    return { ...listing, featuredPluginIds: [] };
  },
  "plugin/search": (params, ctx) => ({ data: ctx.services.plugins.search(params.searchTerm, params.cwds ?? []), nextCursor: null }),
  "plugin/read": async (params, ctx) => ({ plugin: ctx.services.plugins.read(params, await hasChatgptAuth(ctx)) }),
  "plugin/install": async (params, ctx) => {
    const { authPolicy } = ctx.services.plugins.install(params, await hasChatgptAuth(ctx));
    // The plugin's skills are offered from now on.
    ctx.services.skills.invalidate();
    return { authPolicy, appsNeedingAuth: [] };
  },
  "plugin/uninstall": async (params, ctx) => {
    ctx.services.plugins.uninstall(params.pluginId, await hasChatgptAuth(ctx));
    ctx.services.skills.invalidate();
    return {};
  },
  "plugin/skill/read": (_params, ctx) => remoteOnly(ctx, "read remote plugin skill details"),
  // Only remote plugins are reconciled; there are none without the remote catalog.
  "plugin/reconcile": () => ({ changedPlugins: [], failedRemotePluginIds: [], failedMaterializationRemotePluginIds: [] }),
  "plugin/share/save": (_params, ctx) => remoteOnly(ctx, "save remote plugin share"),
  "plugin/share/updateTargets": (params, ctx) =>
    withRemoteCatalog(ctx, "update remote plugin share targets", (access) =>
      updateRemotePluginShareTargets(access, params.remotePluginId, params.discoverability, params.shareTargets),
    ),
  "plugin/share/list": (_params, ctx) => remoteOnly(ctx, "list remote plugin shares"),
  "plugin/share/checkout": (_params, ctx) => remoteOnly(ctx, "checkout plugin share"),
  "plugin/share/delete": (params, ctx) =>
    withRemoteCatalog(ctx, "delete remote plugin share", async (access) => {
      await deleteRemotePluginShare(access, params.remotePluginId);
      return {};
    }),
  "marketplace/add": (params, ctx) => ctx.services.marketplaces.add(params),
  "marketplace/remove": (params, ctx) => ctx.services.marketplaces.remove(params.marketplaceName),
  "marketplace/upgrade": (params, ctx) => ctx.services.marketplaces.upgrade(params.marketplaceName),
};
