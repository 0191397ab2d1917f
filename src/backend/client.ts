import type { ZodType, ZodTypeDef } from "zod";
import { formatZodError } from "../protocol/errors.js";
import { HttpRequestError, httpRequest, type HttpResult } from "../util/http-request.js";
import { patternRedactor, type TextRedactor } from "../util/secrets.js";
import { decodeError, fromHttpRequestError, httpStatusError, parseRetryAfter } from "./errors.js";
import {
  AccountsCheckResponse,
  ConsumeResponse,
  ResetCreditList,
  UsagePayload,
  type ConsumeResponse as ConsumeResponseT,
  type ResetCreditList as ResetCreditListT,
  type UsagePayload as UsagePayloadT,
} from "./payloads.js";
import {
  SecuritySetupPayload,
  SwitchWorkspaceTokenResponse,
  ThreadUsageQueryResponse,
  TokenUsageProfile,
  WorkspaceMessagesPayload,
} from "./account-payloads.js";
import { endpointUrl, normalizeBaseUrl, pathStyleOf, type BackendEndpoint, type PathStyle } from "./url.js";

/** What the backend needs to know about the signed-in ChatGPT account. */
export interface BackendCredentials {
  /** Sent verbatim as `Authorization: Bearer …` (JWT or opaque). */
  accessToken: string;
  /** `chatgpt-account-id` header; omitted when null. */
  accountId: string | null;
  /** Adds `x-openai-fedramp: true`. */
  isFedramp: boolean;
}

export interface CallOptions {
  /** 0 disables the timeout. */
  timeoutMs: number;
  /** Caller cancellation (client cancel, connection close, shutdown). */
  signal?: AbortSignal;
}

export interface BackendClientOptions {
  /** `chatgpt_base_url` as configured; normalised here. */
  baseUrl: string;
  /** The session's `userAgent` from `initialize`. */
  userAgent: string;
  credentials: BackendCredentials;
  /** Scrubs the server's known secrets from quoted error bodies (default: credential patterns only). */
  redactor?: TextRedactor;
}

/** A typed HTTP client for the ChatGPT backend endpoints this server uses (real HTTP via Node's fetch). */
export class BackendClient {
  readonly baseUrl: string;
  readonly pathStyle: PathStyle;

  constructor(private readonly options: BackendClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.pathStyle = pathStyleOf(this.baseUrl);
  }

  private get redactor(): TextRedactor {
    return this.options.redactor ?? patternRedactor;
  }

  url(endpoint: BackendEndpoint): string {
    return endpointUrl(this.baseUrl, endpoint);
  }

  /** `GET …/usage`; `luna` adds `x-openai-codex-luna-reserve: 1`. */
  getUsage(options: CallOptions & { luna?: boolean }): Promise<UsagePayloadT> {
    const extra: Array<[string, string]> = options.luna ? [["x-openai-codex-luna-reserve", "1"]] : [];
    return this.send("GET", "usage", UsagePayload, undefined, options, extra);
  }

  /** `GET …/rate-limit-reset-credits`. */
  getResetCredits(options: CallOptions): Promise<ResetCreditListT> {
    return this.send("GET", "resetCredits", ResetCreditList, undefined, options);
  }

  /** `POST …/rate-limit-reset-credits/consume` with `{"redeem_request_id", "credit_id"?}`. */
  consumeResetCredit(
    request: { redeemRequestId: string; creditId?: string | null },
    options: CallOptions,
  ): Promise<ConsumeResponseT> {
    const body: Record<string, string> = { redeem_request_id: request.redeemRequestId };
    if (request.creditId !== undefined && request.creditId !== null) body.credit_id = request.creditId;
    return this.send("POST", "consumeResetCredit", ConsumeResponse, body, options);
  }

  /** `GET …/accounts/check`: the account's workspaces (routing discovery, workspace names and pictures). */
  getAccountsCheck(options: CallOptions) {
    return this.send("GET", "accountsCheck", AccountsCheckResponse, undefined, options);
  }

  /** `GET …/profiles/me`: the account's token activity. */
  getTokenUsageProfile(options: CallOptions): Promise<TokenUsageProfile> {
    return this.send("GET", "tokenUsageProfile", TokenUsageProfile, undefined, options);
  }

  /** `POST …/usage/thread_usage/query` with `{"thread_ids": [threadId]}`. */
  queryThreadUsage(threadId: string, options: CallOptions): Promise<ThreadUsageQueryResponse> {
    return this.send("POST", "threadUsage", ThreadUsageQueryResponse, { thread_ids: [threadId] }, options);
  }

  /** `GET …/workspace-messages` (`cache-control: no-store`). */
  getWorkspaceMessages(options: CallOptions): Promise<WorkspaceMessagesPayload> {
    return this.send("GET", "workspaceMessages", WorkspaceMessagesPayload, undefined, options, [["cache-control", "no-store"]]);
  }

  /** `GET …/security-setup`. */
  getSecuritySetup(options: CallOptions): Promise<SecuritySetupPayload> {
    return this.send("GET", "securitySetup", SecuritySetupPayload, undefined, options);
  }

  /** `POST …/accounts/send_add_credits_nudge_email` with `{"credit_type"}`; any 2xx is success, its body unread. */
  async sendAddCreditsNudgeEmail(creditType: string, options: CallOptions): Promise<void> {
    await this.send("POST", "addCreditsNudgeEmail", null, { credit_type: creditType }, options);
  }

  /** `POST {base}/accounts/switch-workspace-token` with `{"workspace_id"}`. */
  switchWorkspaceToken(workspaceId: string, options: CallOptions): Promise<SwitchWorkspaceTokenResponse> {
    return this.send("POST", "switchWorkspaceToken", SwitchWorkspaceTokenResponse, { workspace_id: workspaceId }, options);
  }

  private headers(hasBody: boolean, extra: ReadonlyArray<[string, string]>): Array<[string, string]> {
    const { credentials, userAgent } = this.options;
    const headers: Array<[string, string]> = [
      ["user-agent", userAgent],
      ["authorization", `Bearer ${credentials.accessToken}`],
    ];
    if (credentials.accountId !== null) headers.push(["chatgpt-account-id", credentials.accountId]);
    if (credentials.isFedramp) headers.push(["x-openai-fedramp", "true"]);
    headers.push(...extra);
    if (hasBody) headers.push(["content-type", "application/json"]);
    headers.push(["accept", "*/*"]);
    return headers;
  }

  private async send<T>(
    method: "GET" | "POST",
    endpoint: BackendEndpoint,
    /** null: the body is not read (any 2xx is the answer). */
    schema: ZodType<T, ZodTypeDef, unknown> | null,
    body: unknown,
    options: CallOptions,
    extraHeaders: ReadonlyArray<[string, string]> = [],
  ): Promise<T> {
    const url = this.url(endpoint);
    let result: HttpResult;
    try {
      result = await httpRequest(url, {
        method,
        headers: this.headers(body !== undefined, extraHeaders),
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
    } catch (error) {
      throw error instanceof HttpRequestError ? fromHttpRequestError(error) : error;
    }
    const { status, contentType, text, retryAfter } = result;
    if (status < 200 || status > 299) {
      throw httpStatusError(method, url, status, contentType, text, parseRetryAfter(retryAfter), this.redactor);
    }
    if (schema === null) return undefined as T;
    return decodeJson(url, schema, contentType, text, this.redactor);
  }
}

/** Parses `text` as JSON and decodes it with `schema`; failures become `decode` errors naming the path. */
export function decodeJson<T>(
  url: string,
  schema: ZodType<T, ZodTypeDef, unknown>,
  contentType: string,
  text: string,
  redactor: TextRedactor = patternRedactor,
): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const problem = text.trim() === "" ? "EOF while parsing a value (empty body)" : "invalid JSON";
    throw decodeError(url, problem, contentType, text, redactor);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw decodeError(url, formatZodError(parsed.error, json), contentType, text, redactor);
  return parsed.data;
}
