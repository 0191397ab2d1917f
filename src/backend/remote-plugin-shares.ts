/**
 * The remote plugin catalog's share endpoints on the ChatGPT backend
 * (`DELETE {base}/public/plugins/workspace/{id}`, `PUT {base}/ps/plugins/{id}/shares`),
 * with the reference's failure text: `remote plugin catalog request to <url>
 * failed with status <status>: <body>`.
 */
import { httpRequest, statusLine } from "../util/http-request.js";
import type { BackendCredentials } from "./client.js";

const REMOTE_PLUGIN_CATALOG_TIMEOUT_MS = 30_000;

export interface RemotePluginCatalogAccess {
  /** `chatgpt_base_url` as configured. */
  baseUrl: string;
  credentials: BackendCredentials;
  userAgent: string;
  signal?: AbortSignal;
}

export type SharePrincipalType = "user" | "group" | "workspace";

export interface ShareTarget {
  principalType: SharePrincipalType;
  principalId: string;
  role: "reader" | "editor";
}

export interface SharePrincipal {
  principalType: SharePrincipalType;
  principalId: string;
  role: "reader" | "editor" | "owner";
  name: string;
}

export class RemotePluginCatalogError extends Error {}

function catalogUrl(access: RemotePluginCatalogAccess, path: string): string {
  return `${access.baseUrl.replace(/\/+$/, "")}/${path}`;
}

async function send(access: RemotePluginCatalogAccess, method: string, url: string, body: unknown, expected: readonly number[]): Promise<string> {
  const headers: Array<[string, string]> = [
    ["authorization", `Bearer ${access.credentials.accessToken}`],
    ["user-agent", access.userAgent],
  ];
  if (access.credentials.accountId !== null) headers.push(["chatgpt-account-id", access.credentials.accountId]);
  if (access.credentials.isFedramp) headers.push(["x-openai-fedramp", "true"]);
  if (body !== undefined) headers.push(["content-type", "application/json"]);
  let result;
  try {
    result = await httpRequest(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: REMOTE_PLUGIN_CATALOG_TIMEOUT_MS,
      signal: access.signal,
    });
  } catch (error) {
    throw new RemotePluginCatalogError((error as Error).message);
  }
  if (!expected.includes(result.status)) {
    throw new RemotePluginCatalogError(`remote plugin catalog request to ${url} failed with status ${statusLine(result.status)}: ${result.text}`);
  }
  return result.text;
}

/** Deletes a workspace plugin share; the backend answers 204. */
export async function deleteRemotePluginShare(access: RemotePluginCatalogAccess, remotePluginId: string): Promise<void> {
  await send(access, "DELETE", catalogUrl(access, `public/plugins/workspace/${remotePluginId}`), undefined, [204]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const PRINCIPAL_TYPES: readonly SharePrincipalType[] = ["user", "group", "workspace"];
const PRINCIPAL_ROLES: ReadonlyArray<SharePrincipal["role"]> = ["reader", "editor", "owner"];
const DISCOVERABILITIES = ["LISTED", "UNLISTED", "PRIVATE"] as const;

function principalOf(raw: unknown): SharePrincipal | null {
  if (!isRecord(raw)) return null;
  const principalType = PRINCIPAL_TYPES.find((value) => value === raw.principal_type);
  const role = PRINCIPAL_ROLES.find((value) => value === raw.role);
  if (!principalType || !role || typeof raw.principal_id !== "string" || typeof raw.name !== "string") return null;
  return { principalType, principalId: raw.principal_id, role, name: raw.name };
}

/**
 * Replaces who a shared plugin is shared with. An UNLISTED share always
 * includes the caller's workspace as a reader, as the reference ensures.
 */
export async function updateRemotePluginShareTargets(
  access: RemotePluginCatalogAccess,
  remotePluginId: string,
  discoverability: (typeof DISCOVERABILITIES)[number],
  targets: readonly ShareTarget[],
): Promise<{ principals: SharePrincipal[]; discoverability: (typeof DISCOVERABILITIES)[number] }> {
  const sent = [...targets];
  if (discoverability === "UNLISTED") {
    const accountId = access.credentials.accountId;
    if (accountId === null) throw new RemotePluginCatalogError("workspace plugin share requires an account id");
    if (!sent.some((target) => target.principalType === "workspace" && target.principalId === accountId)) {
      sent.push({ principalType: "workspace", principalId: accountId, role: "reader" });
    }
  }
  const url = catalogUrl(access, `ps/plugins/${remotePluginId}/shares`);
  const body = {
    discoverability,
    targets: sent.map((target) => ({ principal_type: target.principalType, principal_id: target.principalId, role: target.role })),
  };
  const text = await send(access, "PUT", url, body, [200, 201]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RemotePluginCatalogError(`failed to decode remote plugin catalog response from ${url}: ${(error as Error).message}`);
  }
  const principals = isRecord(json) && Array.isArray(json.principals) ? json.principals.map(principalOf) : null;
  const answered = isRecord(json) ? DISCOVERABILITIES.find((value) => value === json.discoverability) : undefined;
  if (principals === null || principals.some((principal) => principal === null) || answered === undefined) {
    throw new RemotePluginCatalogError(`failed to decode remote plugin catalog response from ${url}`);
  }
  return { principals: principals as SharePrincipal[], discoverability: answered };
}
