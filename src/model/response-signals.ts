/**
 * What the Responses backend says about a request besides its output: the
 * model that really served it, verifications it recommends for the account,
 * moderation metadata and safety buffering. Read from the response headers
 * and from the stream's events (SSE or WebSocket frames alike); no state, no
 * wire shapes of the app-server protocol (core decides what to announce).
 */
import type { JsonValue } from "../protocol/common.js";

/** The response header naming the model that served the request. */
const SERVER_MODEL_HEADER = "openai-model";
/** The other name a stream event's JSON headers may give it (not read from HTTP headers). */
const JSON_SERVER_MODEL_ALIAS = "x-openai-model";
const SAFETY_BUFFERING_FASTER_MODEL_HEADER = "x-codex-safety-buffering-faster-model";

/** The verification recommendations the backend may send, by their stream names. */
const VERIFICATIONS: Readonly<Record<string, "trustedAccessForCyber">> = { trusted_access_for_cyber: "trustedAccessForCyber" };

export type ModelVerificationName = (typeof VERIFICATIONS)[string];

/**
 * The safety-buffering treatment of a response, from its headers: the faster
 * model to offer (`x-codex-safety-buffering-faster-model`; codex 0.169.0 takes
 * it whatever `x-codex-safety-buffering-enabled` says, checked on the wire).
 */
export interface SafetyBufferingTreatment {
  fasterModel: string | null;
}

export interface SafetyBuffering {
  useCases: string[];
  reasons: string[];
  /** The event's `retry_model` when it names one (null included), else the treatment's faster model. */
  fasterModel: string | null;
}

/** The signals one stream event carries. */
export interface EventSignals {
  serverModel?: string;
  verifications?: ModelVerificationName[];
  /** Present (possibly null) when a `response.metadata` event carries moderation metadata. */
  moderationMetadata?: JsonValue;
  safetyBuffering?: SafetyBuffering;
}

/** The model the response headers say served the request, if they name one. */
export function serverModelFromHeaders(headers: Headers): string | null {
  return headers.get(SERVER_MODEL_HEADER);
}

/** The safety-buffering treatment the response headers set. */
export function treatmentFromHeaders(headers: Headers): SafetyBufferingTreatment {
  return { fasterModel: headers.get(SAFETY_BUFFERING_FASTER_MODEL_HEADER) };
}

type JsonObject = { [key: string]: JsonValue };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A header value as JSON: a string, or the first string of an array of them. */
function headerString(value: JsonValue | undefined): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length > 0) return headerString(value[0]);
  return null;
}

/**
 * The serving model named by a JSON header object (a stream event's
 * `response.headers` or `headers`): `openai-model` or `x-openai-model`, names
 * matched case-insensitively.
 */
function jsonServerModel(headers: JsonObject): string | null {
  for (const [key, value] of Object.entries(headers)) {
    const name = key.toLowerCase();
    if (name === SERVER_MODEL_HEADER || name === JSON_SERVER_MODEL_ALIAS) {
      const text = headerString(value);
      if (text !== null) return text;
    }
  }
  return null;
}

function stringArray(value: JsonValue | undefined): string[] | null {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === "string")) return null;
  return value as string[];
}

/**
 * A `safety_buffering` object: `use_cases` and `reasons` (lists of strings)
 * are required, `retry_model` optional; anything else (`false`, null, a
 * malformed object) is no buffering.
 */
function safetyBufferingOf(value: JsonValue | undefined, treatment: SafetyBufferingTreatment | null): SafetyBuffering | undefined {
  if (!isObject(value)) return undefined;
  const useCases = stringArray(value.use_cases);
  const reasons = stringArray(value.reasons);
  if (!useCases || !reasons) return undefined;
  let fasterModel: string | null;
  if ("retry_model" in value) {
    const retry = value.retry_model;
    if (retry !== null && typeof retry !== "string") return undefined;
    fasterModel = retry;
  } else {
    fasterModel = treatment?.fasterModel ?? null;
  }
  return { useCases, reasons, fasterModel };
}

function verificationsOf(value: JsonValue | undefined): ModelVerificationName[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ModelVerificationName[] = [];
  for (const entry of value) {
    const known = typeof entry === "string" ? VERIFICATIONS[entry] : undefined;
    if (known && !out.includes(known)) out.push(known);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The signals of one stream event. `treatment` is the stream's
 * safety-buffering treatment (from its response headers; events' own headers
 * do not change it), used when a buffering event names no retry model.
 */
export function eventSignals(event: unknown, treatment: SafetyBufferingTreatment | null): EventSignals | null {
  if (!isObject(event)) return null;
  let signals: EventSignals | null = null;
  const response = event.response;
  const headers = event.headers;
  const serverModel =
    (isObject(response) && isObject(response.headers) ? jsonServerModel(response.headers) : null) ??
    (isObject(headers) ? jsonServerModel(headers) : null);
  if (serverModel !== null) (signals ??= {}).serverModel = serverModel;
  if (event.type === "response.metadata" && isObject(event.metadata)) {
    const metadata = event.metadata;
    const verifications = verificationsOf(metadata.openai_verification_recommendation);
    if (verifications) (signals ??= {}).verifications = verifications;
    if ("openai_chatgpt_moderation_metadata" in metadata) (signals ??= {}).moderationMetadata = metadata.openai_chatgpt_moderation_metadata!;
  }
  const buffering = safetyBufferingOf(event.safety_buffering, treatment);
  if (buffering) (signals ??= {}).safetyBuffering = buffering;
  return signals;
}
