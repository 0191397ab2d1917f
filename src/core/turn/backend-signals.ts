import type { NotificationParamsOf, ServerNotificationMethod } from "../../protocol/registry.js";
import {
  eventSignals,
  serverModelFromHeaders,
  treatmentFromHeaders,
  type SafetyBufferingTreatment,
} from "../../model/response-signals.js";

type Emit = <M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>) => void;

/**
 * The reference's `warning` when a request was rerouted to another model: its
 * exact text (codex-cli 0.169.0, `Session::maybe_warn_on_server_model_mismatch`,
 * checked on the wire against the reference binary), the models in it fixed.
 */
export const REROUTE_WARNING =
  "Your account was flagged for potentially high-risk cyber activity and this request was routed to gpt-5.2 as a fallback. " +
  "To regain access to gpt-5.3-codex, apply for trusted access: https://chatgpt.com/cyber or learn more: " +
  "https://developers.openai.com/codex/concepts/cyber-safety";

/**
 * What a turn announces from the backend's signals about its requests, as the
 * reference does: `model/rerouted` (then a `warning`) the first time in the
 * turn a response says another model served it than the one requested (names
 * compared case-insensitively), `model/verification` the first time a
 * response recommends verifications, `turn/moderationMetadata` and
 * `model/safetyBuffering/updated` whenever a response carries them. Nothing
 * goes into the model context, and later requests still ask for the
 * requested model.
 */
export class TurnBackendSignals {
  private rerouted = false;
  private verified = false;
  /** The current response's safety-buffering treatment (from its headers). */
  private treatment: SafetyBufferingTreatment | null = null;
  /** The model the current request asked for. */
  private model = "";

  constructor(
    private readonly threadId: string,
    private readonly turnId: string,
    private readonly emit: Emit,
  ) {}

  /** A request for `model` is about to be sent. */
  requestStarted(model: string): void {
    this.model = model;
  }

  /** A response stream starts: its HTTP headers, or its WebSocket connection's upgrade headers. */
  onStreamStart(headers: Headers): void {
    this.treatment = treatmentFromHeaders(headers);
    const served = serverModelFromHeaders(headers);
    if (served !== null) this.servedBy(served);
  }

  /** A stream event, before it is assembled into items. */
  onEvent(event: unknown): void {
    const signals = eventSignals(event, this.treatment);
    if (!signals) return;
    if (signals.serverModel !== undefined) this.servedBy(signals.serverModel);
    if (signals.verifications && !this.verified) {
      this.verified = true;
      this.emit("model/verification", { threadId: this.threadId, turnId: this.turnId, verifications: signals.verifications });
    }
    if (signals.moderationMetadata !== undefined) {
      this.emit("turn/moderationMetadata", { threadId: this.threadId, turnId: this.turnId, metadata: signals.moderationMetadata });
    }
    const buffering = signals.safetyBuffering;
    if (buffering) {
      this.emit("model/safetyBuffering/updated", {
        threadId: this.threadId,
        turnId: this.turnId,
        model: this.model,
        useCases: buffering.useCases,
        reasons: buffering.reasons,
        showBufferingUi: true,
        fasterModel: buffering.fasterModel,
      });
    }
  }

  private servedBy(served: string): void {
    if (this.rerouted || served.toLowerCase() === this.model.toLowerCase()) return;
    this.rerouted = true;
    this.emit("model/rerouted", {
      threadId: this.threadId,
      turnId: this.turnId,
      fromModel: this.model,
      toModel: served,
      reason: "highRiskCyberActivity",
    });
    this.emit("warning", { threadId: this.threadId, message: REROUTE_WARNING });
  }
}
