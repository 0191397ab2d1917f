import type { JsonValue } from "../../protocol/common.js";
import type { NotificationParamsOf, ServerNotificationMethod } from "../../protocol/registry.js";
import type { DenialBreaker } from "./denial-breaker.js";
import type { ReviewModelChoice } from "./review-model.js";

/** One review request to the model: the answer is the final message's text (undefined when there was none). */
export interface ReviewSampleRequest {
  model: string;
  effort: string | null;
  input: JsonValue[];
  outputSchema: JsonValue;
}

/** What an automatic review needs from the turn whose action it reviews. */
export interface AutoReviewHost {
  readonly threadId: string;
  readonly turnId: string;
  /** Aborted when the turn is interrupted: the review ends `aborted`. */
  readonly signal: AbortSignal;
  emit<M extends ServerNotificationMethod>(method: M, params: NotificationParamsOf<M>): void;
  /** The thread's model context, the transcript the reviewer judges the action against. */
  history(): readonly JsonValue[];
  reviewModel(): ReviewModelChoice;
  sample(request: ReviewSampleRequest, signal: AbortSignal): Promise<string | undefined>;
  /** The turn's count of denials (see DenialBreaker). */
  readonly denials: DenialBreaker;
  /** Interrupts the turn (the breaker tripped). */
  interrupt(): void;
}
