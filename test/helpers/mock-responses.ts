/**
 * Typed façade over `mock-responses.mjs` (the implementation is plain ESM so
 * scripts/bench.mjs can share it): a scripted Responses API server on
 * 127.0.0.1 speaking SSE, recording every request.
 */
import * as impl from "./mock-responses.mjs";

export type StreamEvent = Record<string, unknown> & { type: string };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export type MockReply =
  | {
      type: "sse";
      events: StreamEvent[];
      headers?: Record<string, string>;
      /** Pause before every event (ms). */
      delayMs?: number;
      /** Pause before the first event only (ms). */
      firstDelayMs?: number;
      /** Destroy the socket after this many events (a cut stream). */
      cutAfter?: number;
      /** End the response cleanly after this many events (no `response.completed`). */
      endAfter?: number;
      /** Stop sending after this many events and keep the connection open (an idle stream). */
      hangAfter?: number;
      /** Hold event `index` back until `promise` settles. */
      waitBefore?: { index: number; promise: Promise<unknown> };
    }
  | { type: "sse"; raw: string; headers?: Record<string, string> }
  | { type: "error"; status: number; body: unknown; headers?: Record<string, string> }
  | { type: "hang" };

export interface MockResponsesServer {
  readonly requests: RecordedRequest[];
  /** Replies whose connection the client closed before they ended (aborted streams). */
  readonly abortedResponses: number;
  defaultReply: MockReply | ((request: RecordedRequest) => MockReply);
  readonly port: number;
  readonly url: string;
  configArgs(id?: string, extra?: Record<string, string | number | boolean>): string[];
  /** Forgets recorded requests and queued replies; restores the default reply. */
  reset(): void;
  enqueue(...replies: Array<MockReply | ((request: RecordedRequest) => MockReply)>): this;
  waitForRequest(index: number, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export interface TextResponseOptions {
  deltas?: string[];
  messageId?: string;
  responseId?: string;
  usage?: { input?: number; output?: number; cached?: number; reasoning?: number } | null;
  reasoning?: { id?: string; parts: string[][]; encrypted?: string };
  phase?: "commentary" | "final_answer" | null;
}

export const startMockResponses = impl.MockResponsesServer.start as () => Promise<MockResponsesServer>;
export const loadFixture = impl.loadFixture as (name: string) => StreamEvent[];
export const textResponse = impl.textResponse as (options?: TextResponseOptions) => StreamEvent[];
export interface FunctionCallSpec {
  /** `custom`: a freeform `custom_tool_call` carrying `input`; `tool_search`: a client `tool_search_call` (default: a `function_call`). */
  kind?: "function" | "custom" | "tool_search";
  /** The namespace of a namespaced function (e.g. `multi_agent_v1`). */
  namespace?: string;
  name: string;
  /** An object (JSON-encoded for the wire) or the raw arguments text. */
  arguments?: unknown;
  /** The raw input of a custom tool call. */
  input?: string;
  callId?: string;
  itemId?: string;
}

export interface FunctionCallResponseOptions {
  calls: FunctionCallSpec[];
  responseId?: string;
  usage?: TextResponseOptions["usage"];
  /** A message streamed before the calls. */
  text?: string;
}

export const functionCallResponse = impl.functionCallResponse as (options: FunctionCallResponseOptions) => StreamEvent[];
export const deltaResponse = impl.deltaResponse as (count: number, chunk?: string) => StreamEvent[];
export const sseBody = impl.sseBody as (events: StreamEvent[]) => string;
export const failedResponse = impl.failedResponse as (code: string, message: string) => StreamEvent[];
export const ERROR_BODIES = impl.ERROR_BODIES as Record<
  "usageLimit" | "contextLength" | "modelNotFound" | "badRequest" | "unauthorized" | "internal" | "overloaded",
  unknown
>;
