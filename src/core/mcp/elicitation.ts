/**
 * MCP elicitations: a server's `elicitation/create` (and Codex's own tool
 * approval prompts) reach the client as `mcpServer/elicitation/request`.
 * The approval policy decides first, as the reference does: full access
 * (`never` + no sandbox) accepts empty forms by itself, `never` (or a
 * granular policy without `mcp_elicitations`) declines, anything else asks.
 * A client that answers with an error, goes away, or a call that stops
 * counts as `cancel`.
 */
import type { AskForApproval, SandboxPolicy } from "../../protocol/policy.js";
import type { ServerRequestParamsOf } from "../../protocol/registry.js";
import type { ClientConnection, ServerRequestAnswer, ServerRequestIds } from "../ports.js";
import type { McpElicitation, McpElicitationAnswer } from "./connection.js";

export type ElicitationRequestParams = ServerRequestParamsOf<"mcpServer/elicitation/request">;

/** Who an elicitation about a running call goes to, and under which policy. */
export interface McpElicitationTarget {
  readonly threadId: string;
  readonly turnId: string | null;
  readonly approvalPolicy: AskForApproval;
  readonly sandboxPolicy: SandboxPolicy;
  /** Sends `mcpServer/elicitation/request`; resolves with the client's answer (`cancel` when there is none). */
  ask(params: ElicitationRequestParams, signal: AbortSignal): Promise<McpElicitationAnswer>;
}

export const CANCELLED: McpElicitationAnswer = { action: "cancel" };

export function isFullAccess(approvalPolicy: AskForApproval, sandboxPolicy: SandboxPolicy): boolean {
  return approvalPolicy === "never" && (sandboxPolicy.type === "dangerFullAccess" || sandboxPolicy.type === "externalSandbox");
}

function rejectedByPolicy(approvalPolicy: AskForApproval): boolean {
  if (approvalPolicy === "never") return true;
  if (typeof approvalPolicy === "string") return false;
  return !approvalPolicy.granular.mcp_elicitations;
}

function hasNoFields(request: McpElicitation): boolean {
  if (request.mode !== "form") return false;
  const properties = (request.requestedSchema as { properties?: unknown } | null)?.properties;
  return !properties || typeof properties !== "object" || Object.keys(properties).length === 0;
}

const PRIMITIVE_KEYS: Record<string, readonly string[]> = {
  string: ["title", "description", "minLength", "maxLength", "format", "default"],
  number: ["title", "description", "minimum", "maximum", "default"],
  integer: ["title", "description", "minimum", "maximum", "default"],
  boolean: ["title", "description", "default"],
};

/** One field of a form, with the optional keys the reference always writes (null when unset). */
function wireField(field: unknown): unknown {
  if (!isRecord(field)) return field;
  const type = typeof field.type === "string" ? field.type : "";
  const keys = Array.isArray(field.enum) || Array.isArray(field.oneOf) ? ["title", "description", "default"] : PRIMITIVE_KEYS[type];
  if (!keys) return field;
  const out: Record<string, unknown> = { ...field };
  for (const key of keys) out[key] ??= null;
  return out;
}

/** A form's `requestedSchema` as the reference writes it (`McpElicitationSchema`). */
export function wireRequestedSchema(schema: unknown): unknown {
  if (!isRecord(schema)) return schema;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  return {
    ...schema,
    $schema: schema.$schema ?? null,
    type: "object",
    properties: Object.fromEntries(Object.entries(properties).map(([name, field]) => [name, wireField(field)])),
    required: schema.required ?? null,
  };
}

export function elicitationParams(server: string, target: McpElicitationTarget, request: McpElicitation): ElicitationRequestParams {
  const common = { threadId: target.threadId, turnId: target.turnId, serverName: server, _meta: request._meta ?? null };
  return request.mode === "url"
    ? { ...common, mode: "url", message: request.message, url: request.url, elicitationId: request.elicitationId }
    : { ...common, mode: "form", message: request.message, requestedSchema: wireRequestedSchema(request.requestedSchema) };
}

/** Answers a server's elicitation for the call `target` runs (no target: nobody can answer, `cancel`). */
export async function answerServerElicitation(
  server: string,
  request: McpElicitation,
  target: McpElicitationTarget | null,
  signal: AbortSignal,
): Promise<McpElicitationAnswer> {
  if (!target) return CANCELLED;
  if (isFullAccess(target.approvalPolicy, target.sandboxPolicy) && hasNoFields(request)) return { action: "accept", content: {} };
  if (rejectedByPolicy(target.approvalPolicy)) return { action: "decline" };
  return target.ask(elicitationParams(server, target, request), signal);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The client's `McpServerElicitationRequestResponse`; an error answer or a malformed one is `cancel`. */
export function elicitationAnswerFrom(answer: ServerRequestAnswer): McpElicitationAnswer {
  if (answer.error || !isRecord(answer.result)) return CANCELLED;
  const { action, content, _meta } = answer.result;
  if (action !== "accept" && action !== "decline" && action !== "cancel") return CANCELLED;
  return {
    action,
    ...(action === "accept" ? { content: isRecord(content) ? content : {} } : {}),
    ...(isRecord(_meta) ? { _meta } : {}),
  };
}

/**
 * A target that asks one connection directly (a client's own
 * `mcpServer/tool/call`): the connection closing or `signal` aborting is `cancel`.
 */
export function connectionElicitationTarget(
  requestIds: ServerRequestIds,
  connection: ClientConnection,
  context: { threadId: string; approvalPolicy: AskForApproval; sandboxPolicy: SandboxPolicy },
): McpElicitationTarget {
  return {
    ...context,
    turnId: null,
    ask: (params, signal) =>
      new Promise((resolve) => {
        const id = requestIds();
        let settled = false;
        const settle = (answer: McpElicitationAnswer) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener("abort", onStop);
          connection.signal.removeEventListener("abort", onStop);
          connection.forgetServerRequest(id);
          resolve(answer);
        };
        const onStop = () => settle(CANCELLED);
        if (signal.aborted || connection.closed) return resolve(CANCELLED);
        signal.addEventListener("abort", onStop, { once: true });
        connection.signal.addEventListener("abort", onStop, { once: true });
        const sent = connection.sendServerRequest(id, "mcpServer/elicitation/request", params, (answer) => settle(elicitationAnswerFrom(answer)));
        if (!sent) settle(CANCELLED);
      }),
  };
}
