import type { Response as OpenAIResponse, ResponseStreamEvent } from "openai/resources/responses/responses";
import { fromStreamFailure, ModelError } from "./errors.js";

/**
 * How a Responses stream event ends the request, the same over SSE and the
 * WebSocket: `response.completed` gives the response; `response.failed`,
 * `response.incomplete` and `error` throw the reference's errors; any other
 * event is not an end (null).
 */
export function streamEnd(event: ResponseStreamEvent): OpenAIResponse | null {
  switch (event.type) {
    case "response.completed":
      return event.response;
    case "response.failed":
      throw fromStreamFailure(event.response?.error ?? {}, "response failed");
    case "response.incomplete":
      throw new ModelError(`Incomplete response returned, reason: ${event.response?.incomplete_details?.reason ?? "unknown"}`, "other");
    case "error":
      throw fromStreamFailure(event, event.message);
    default:
      return null;
  }
}
