/**
 * What a turn announces from the Responses backend's signals about its
 * requests (codex-cli 0.169.0): `model/rerouted` + `warning` when another
 * model served a request, `model/verification`, `turn/moderationMetadata`,
 * `model/safetyBuffering/updated`. Driven through a whole in-process server
 * against the loopback Responses mock.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REROUTE_WARNING } from "../../src/core/turn/backend-signals.js";
import { eventSignals, treatmentFromHeaders } from "../../src/model/response-signals.js";
import { InProcessServer, type WireMessage } from "../helpers/in-process-server.js";
import { suiteMockResponses, mockProviderOverrides } from "../helpers/suite-mock-responses.js";
import {
  functionCallResponse,
  textResponse,
  type MockResponsesServer,
  type StreamEvent,
} from "../helpers/mock-responses.js";

const MODEL = "gpt-5.1-codex";
const SERVED = "gpt-5.2";

describe("eventSignals", () => {
  it("reads the serving model from response.headers, then from top-level headers, names matched case-insensitively", () => {
    expect(eventSignals({ type: "response.created", response: { id: "r", headers: { "OpenAI-Model": ["a", "b"] } } }, null)).toEqual({
      serverModel: "a",
    });
    expect(eventSignals({ type: "response.metadata", headers: { "openai-model": "c" } }, null)).toEqual({ serverModel: "c" });
    expect(eventSignals({ type: "response.created", response: { id: "r", headers: { "X-OpenAI-Model": "d" } } }, null)).toEqual({ serverModel: "d" });
    expect(eventSignals({ type: "response.created", response: { id: "r", model: "not-a-header" } }, null)).toBeNull();
  });

  it("takes known verifications of response.metadata events only, once each; moderation metadata as it came, null included", () => {
    const metadata = { openai_verification_recommendation: ["other", "trusted_access_for_cyber", "trusted_access_for_cyber"] };
    expect(eventSignals({ type: "response.metadata", metadata }, null)).toEqual({ verifications: ["trustedAccessForCyber"] });
    expect(eventSignals({ type: "response.created", metadata }, null)).toBeNull();
    expect(eventSignals({ type: "response.metadata", metadata: { openai_verification_recommendation: ["other"] } }, null)).toBeNull();
    expect(eventSignals({ type: "response.metadata", metadata: { openai_chatgpt_moderation_metadata: null } }, null)).toEqual({
      moderationMetadata: null,
    });
  });

  it("safety buffering needs use_cases and reasons; a missing retry_model falls back to the treatment's faster model", () => {
    const treatment = treatmentFromHeaders(new Headers({ "x-codex-safety-buffering-faster-model": "fast" }));
    expect(treatment).toEqual({ fasterModel: "fast" });
    const event = (safety_buffering: unknown) => ({ type: "response.output_text.delta", delta: "x", safety_buffering });
    expect(eventSignals(event({ use_cases: ["cyber"], reasons: [] }), treatment)?.safetyBuffering).toEqual({ useCases: ["cyber"], reasons: [], fasterModel: "fast" });
    expect(eventSignals(event({ use_cases: ["cyber"], reasons: ["r"], retry_model: null }), treatment)?.safetyBuffering?.fasterModel).toBeNull();
    expect(eventSignals(event({ use_cases: ["cyber"] }), treatment)).toBeNull();
    expect(eventSignals(event(false), treatment)).toBeNull();
    // codex 0.169.0 offers the header's faster model although the buffering-enabled header says false.
    expect(treatmentFromHeaders(new Headers({ "x-codex-safety-buffering-enabled": "false", "x-codex-safety-buffering-faster-model": "fast" }))).toEqual({
      fasterModel: "fast",
    });
    expect(eventSignals(event({ use_cases: ["cyber"], reasons: [], retry_model: 5 }), treatment)).toBeNull();
    expect(eventSignals(event({ use_cases: ["cyber"], reasons: [] }), { fasterModel: null })?.safetyBuffering?.fasterModel).toBeNull();
  });
});

describe("turn notifications from backend signals", () => {
  const mockResponses = suiteMockResponses();
  let mock: MockResponsesServer;
  let server: InProcessServer | undefined;

  beforeEach(() => {
    mock = mockResponses();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /**
   * Runs one turn (or an inline review) against the queued replies; resolves
   * with the turn's messages (notifications of its thread) and ids.
   */
  async function runTurn(kind: "turn" | "review" = "turn"): Promise<{ threadId: string; turnId: string; messages: WireMessage[] }> {
    server = new InProcessServer({ configOverrides: mockProviderOverrides(mock, MODEL) });
    await server.initialize();
    const cwd = mkdtempSync(path.join(os.tmpdir(), "aas-signals-cwd-"));
    const { thread } = await server.call("thread/start", { cwd });
    const { turn } =
      kind === "review"
        ? await server.call("review/start", { threadId: thread.id, target: { type: "custom", instructions: "review this" }, delivery: "inline" })
        : await server.call("turn/start", { threadId: thread.id, input: [{ type: "text", text: "hi", text_elements: [] }] });
    await server.waitForNotification("turn/completed", (p) => p.turn.id === turn.id);
    const messages = server.notifications().filter((m) => (m.params as { threadId?: string } | undefined)?.threadId === thread.id);
    return { threadId: thread.id, turnId: turn.id, messages };
  }

  const methods = (messages: WireMessage[]) => messages.map((m) => m.method as string);
  const paramsOf = (messages: WireMessage[], method: string) => messages.filter((m) => m.method === method).map((m) => m.params as any);
  /** Warnings about rerouting (the thread may also get the unknown-model metadata warning). */
  const rerouteWarnings = (messages: WireMessage[]) => paramsOf(messages, "warning").filter((p) => String(p.message).includes("high-risk cyber"));

  /** A model request's conversation texts (what later requests tell the model). */
  const inputTexts = (index: number) => JSON.stringify(mock.requests[index]!.body.input);

  it("an OpenAI-Model header naming another model: model/rerouted then the warning, once per turn, before the response's items; later requests keep the model", async () => {
    mock.enqueue(
      { type: "sse", events: functionCallResponse({ calls: [{ name: "no_such_tool", arguments: {} }] }), headers: { "OpenAI-Model": SERVED } },
      { type: "sse", events: textResponse({ deltas: ["done"] }), headers: { "OpenAI-Model": SERVED } },
    );
    const { threadId, turnId, messages } = await runTurn();
    expect(paramsOf(messages, "model/rerouted")).toEqual([{ threadId, turnId, fromModel: MODEL, toModel: SERVED, reason: "highRiskCyberActivity" }]);
    expect(rerouteWarnings(messages)).toEqual([{ threadId, message: REROUTE_WARNING }]);
    const order = methods(messages);
    const rerouted = order.indexOf("model/rerouted");
    expect(messages[rerouted + 1]).toMatchObject({ method: "warning", params: { threadId, message: REROUTE_WARNING } });
    // Before the first response's items (the header comes before its events), after the user's message.
    const firstModelItem = messages.findIndex((m) => m.method === "item/started" && (m.params as any).item.type !== "userMessage");
    expect(rerouted).toBeLessThan(firstModelItem);
    expect(rerouted).toBeLessThan(order.indexOf("turn/completed"));
    // No item carries the warning, and the model is not told about it; both requests ask for the requested model.
    expect(JSON.stringify(paramsOf(messages, "item/completed"))).not.toContain("high-risk cyber");
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests.map((r) => r.body.model)).toEqual([MODEL, MODEL]);
    expect(inputTexts(1)).not.toContain("high-risk cyber");
  });

  it("a review turn's request rerouted: model/rerouted for the review turn, as the reference forwards its reviewer's", async () => {
    const verdict = '{"findings":[],"overall_correctness":"patch is correct","overall_explanation":"ok","overall_confidence_score":0.9}';
    mock.enqueue({ type: "sse", events: textResponse({ deltas: [verdict] }), headers: { "OpenAI-Model": SERVED } });
    const { threadId, turnId, messages } = await runTurn("review");
    expect(paramsOf(messages, "model/rerouted")).toEqual([{ threadId, turnId, fromModel: MODEL, toModel: SERVED, reason: "highRiskCyberActivity" }]);
    expect(rerouteWarnings(messages)).toHaveLength(1);
  });

  it("a header naming the requested model in other letter case is no reroute", async () => {
    mock.enqueue({ type: "sse", events: textResponse({ deltas: ["done"] }), headers: { "OpenAI-Model": MODEL.toUpperCase() } });
    const { messages } = await runTurn();
    expect(methods(messages)).not.toContain("model/rerouted");
    expect(rerouteWarnings(messages)).toEqual([]);
  });

  it("response.headers of response.created naming another model reroutes although the HTTP header matches", async () => {
    const events = textResponse({ deltas: ["done"] }) as StreamEvent[];
    const created = events[0]!;
    events[0] = { ...created, response: { ...(created.response as object), headers: { "OpenAI-Model": SERVED } } };
    mock.enqueue({ type: "sse", events, headers: { "OpenAI-Model": MODEL } });
    const { threadId, turnId, messages } = await runTurn();
    expect(paramsOf(messages, "model/rerouted")).toEqual([{ threadId, turnId, fromModel: MODEL, toModel: SERVED, reason: "highRiskCyberActivity" }]);
  });

  it("verification metadata: model/verification once per turn, no reroute and no warning; moderation metadata each time", async () => {
    const metadata = (responseId: string, moderation: unknown): StreamEvent => ({
      type: "response.metadata",
      sequence_number: 1,
      response_id: responseId,
      metadata: { openai_verification_recommendation: ["trusted_access_for_cyber"], openai_chatgpt_moderation_metadata: moderation },
    });
    const first = functionCallResponse({ calls: [{ name: "no_such_tool", arguments: {} }], responseId: "resp_a" }) as StreamEvent[];
    const second = textResponse({ deltas: ["done"], responseId: "resp_b" }) as StreamEvent[];
    first.splice(1, 0, metadata("resp_a", { flagged: false, scores: [0.1] }));
    second.splice(1, 0, metadata("resp_b", null));
    mock.enqueue({ type: "sse", events: first }, { type: "sse", events: second });
    const { threadId, turnId, messages } = await runTurn();
    expect(paramsOf(messages, "model/verification")).toEqual([{ threadId, turnId, verifications: ["trustedAccessForCyber"] }]);
    expect(paramsOf(messages, "turn/moderationMetadata")).toEqual([
      { threadId, turnId, metadata: { flagged: false, scores: [0.1] } },
      { threadId, turnId, metadata: null },
    ]);
    expect(methods(messages)).not.toContain("model/rerouted");
    expect(rerouteWarnings(messages)).toEqual([]);
    expect(methods(messages).indexOf("model/verification")).toBeLessThan(methods(messages).indexOf("turn/completed"));
    expect(inputTexts(1)).not.toContain("trusted_access");
  });

  it("safety buffering: model/safetyBuffering/updated with the requested model; the faster model from retry_model, else the response headers", async () => {
    const withBuffering = (buffering: unknown) => {
      const events = textResponse({ deltas: ["done"] }) as StreamEvent[];
      const delta = events.findIndex((event) => event.type === "response.output_text.delta");
      events[delta] = { ...events[delta]!, safety_buffering: buffering };
      return events;
    };
    mock.enqueue({
      type: "sse",
      events: withBuffering({ use_cases: ["cyber"], reasons: ["user_risk"] }),
      headers: { "x-codex-safety-buffering-enabled": "true", "x-codex-safety-buffering-faster-model": "gpt-fast" },
    });
    let turn = await runTurn();
    expect(paramsOf(turn.messages, "model/safetyBuffering/updated")).toEqual([
      { threadId: turn.threadId, turnId: turn.turnId, model: MODEL, useCases: ["cyber"], reasons: ["user_risk"], showBufferingUi: true, fasterModel: "gpt-fast" },
    ]);
    // The notification comes before the delta that carried it.
    const order = methods(turn.messages);
    expect(order.indexOf("model/safetyBuffering/updated")).toBeLessThan(order.indexOf("item/agentMessage/delta"));
    await server!.close();
    mock.reset();
    mock.enqueue({
      type: "sse",
      events: withBuffering({ use_cases: [], reasons: ["r"], retry_model: "gpt-wire" }),
      headers: { "x-codex-safety-buffering-enabled": "false", "x-codex-safety-buffering-faster-model": "gpt-fast" },
    });
    turn = await runTurn();
    expect(paramsOf(turn.messages, "model/safetyBuffering/updated").map((p) => [p.fasterModel, p.showBufferingUi])).toEqual([["gpt-wire", true]]);
  });
});
