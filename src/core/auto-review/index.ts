export { routesToAutoReview } from "./routing.js";
export { reviewAction, REVIEW_TIMEOUT_MS, type ReviewedAction, type ReviewVerdict } from "./review.js";
export type { AutoReviewHost, ReviewSampleRequest } from "./review-host.js";
export { selectReviewModel, type ReviewModelChoice } from "./review-model.js";
export { DenialBreaker } from "./denial-breaker.js";
