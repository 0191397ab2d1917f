import type { JsonValue } from "../protocol/common.js";
import { RawItemRun, RawJson } from "../util/raw-json.js";
import { buildBody, type ModelRequest, type StreamCallbacks, type StreamResult } from "./client.js";
import type { ModelEndpoint } from "./endpoint.js";
import { ResponsesSocket, responsesSocketUrl, WEBSOCKET_BETA_HEADER } from "./ws-transport.js";

/** What the last completed request on the connection left on the server: its input, output and id. */
interface Chain {
  input: string[];
  output: string[];
  responseId: string;
}

/** Time allowed for the WebSocket upgrade. */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * A thread's model transport state (one per loaded thread): its Responses
 * WebSocket, the response chain on it, and whether the thread fell back to
 * HTTP + SSE (for good, as the reference does).
 *
 * The first request on a new connection is preceded by a prewarm frame
 * (`generate: false`, the leading developer message only, `request_kind:
 * "prewarm"` with an empty `turn_id` in the turn metadata); every later
 * request whose input extends the previous input and output sends
 * `previous_response_id` and only the new items.
 */
export class ModelSession {
  httpOnly = false;
  private socket: ResponsesSocket | undefined;
  private socketKey: string | undefined;
  private chain: Chain | undefined;

  close(): void {
    this.socket?.close();
    this.socket = undefined;
    this.chain = undefined;
  }

  async streamOverWebSocket(
    endpoint: ModelEndpoint,
    request: ModelRequest,
    signal: AbortSignal,
    callbacks: StreamCallbacks,
  ): Promise<StreamResult> {
    // Items are compared one by one against the previous response's chain as JSON text: runs of stored text are split, not parsed.
    const input = itemTexts(request.input);
    const { provider, bearer } = endpoint;
    const url = responsesSocketUrl(provider.baseUrl);
    const key = JSON.stringify([url, bearer, provider.headers]);
    if (!this.socket || this.socket.closed || this.socketKey !== key) {
      this.close();
      const headers: Record<string, string> = { ...provider.headers, ...request.headers, "openai-beta": WEBSOCKET_BETA_HEADER };
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      headers["x-codex-routing-hint"] = `model=${request.model}`;
      this.socket = await ResponsesSocket.connect(url, headers, CONNECT_TIMEOUT_MS, signal);
      this.socketKey = key;
      callbacks.onHeaders?.(this.socket.headers);
      await this.prewarm(this.socket, endpoint, request, input, signal);
    }
    const socket = this.socket;
    const body = buildBody({ ...request, input: [] });
    body.input = rawArray(input);
    const newItems = this.newItemsSince(input);
    const frame: Record<string, unknown> = { type: "response.create", ...body };
    if (newItems !== null && this.chain) {
      frame.previous_response_id = this.chain.responseId;
      frame.input = rawArray(newItems);
    }
    frame.client_metadata = wsClientMetadata(request);
    this.chain = undefined;
    callbacks.onStreamStart?.(socket.headers);
    const result = await socket.request(frame, { onEvent: callbacks.onEvent, idleTimeoutMs: provider.idleTimeoutMs, signal });
    this.chain = { input, output: result.outputItems.map((item) => JSON.stringify(item)), responseId: result.response.id };
    return { response: result.response, headers: socket.headers };
  }

  /** The items after the previous input and output, or null when `input` does not extend them. */
  private newItemsSince(input: string[]): string[] | null {
    const chain = this.chain;
    if (!chain) return null;
    const prefix = [...chain.input, ...chain.output];
    if (input.length < prefix.length) return null;
    for (let i = 0; i < prefix.length; i++) if (input[i] !== prefix[i]) return null;
    return input.slice(prefix.length);
  }

  private async prewarm(
    socket: ResponsesSocket,
    endpoint: ModelEndpoint,
    request: ModelRequest,
    input: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    const first = input.length > 0 ? (JSON.parse(input[0]!) as JsonValue) : undefined;
    const leading = isDeveloperMessage(first) ? [first] : [];
    const prewarmRequest: ModelRequest = { ...request, input: leading };
    const frame: Record<string, unknown> = { type: "response.create", ...buildBody(prewarmRequest), generate: false };
    frame.client_metadata = prewarmMetadata(wsClientMetadata(request));
    // A failed prewarm closes the connection (ResponsesSocket.request) and fails this attempt.
    const result = await socket.request(frame, { onEvent: () => undefined, idleTimeoutMs: endpoint.provider.idleTimeoutMs, signal });
    this.chain = {
      input: leading.length > 0 ? [input[0]!] : [],
      output: result.outputItems.map((item) => JSON.stringify(item)),
      responseId: result.response.id,
    };
  }
}

/** Each input item's JSON text: a stored run's items as they are stored, other items serialized. */
function itemTexts(items: ModelRequest["input"]): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (item instanceof RawItemRun) for (const text of item.itemTexts()) out.push(text);
    else out.push(JSON.stringify(item));
  }
  return out;
}

/** Items' JSON texts as an array the frame's encoder writes verbatim. */
function rawArray(texts: readonly string[]): RawJson {
  return new RawJson(`[${texts.join(",")}]`);
}

function isDeveloperMessage(item: JsonValue | undefined): item is JsonValue {
  return typeof item === "object" && item !== null && !Array.isArray(item) && item.type === "message" && item.role === "developer";
}

/** `client_metadata` over WebSocket: the HTTP keys plus the request start time and the Responses Lite header's value. */
function wsClientMetadata(request: ModelRequest): Record<string, string> {
  const lite = request.headers?.["x-openai-internal-codex-responses-lite"] ?? "false";
  return {
    ...request.clientMetadata,
    "x-codex-ws-stream-request-start-ms": String(Date.now()),
    ws_request_header_x_openai_internal_codex_responses_lite: lite,
  };
}

/** The prewarm's turn metadata: `request_kind: "prewarm"` and an empty `turn_id`. */
function prewarmMetadata(metadata: Record<string, string>): Record<string, string> {
  const result = { ...metadata };
  const raw = result["x-codex-turn-metadata"];
  if (raw !== undefined) {
    try {
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      result["x-codex-turn-metadata"] = JSON.stringify({ ...parsed, turn_id: "", request_kind: "prewarm" });
    } catch {
      // Not ours to fix: sent as it is.
    }
  }
  if (result.turn_id !== undefined) result.turn_id = "";
  return result;
}
