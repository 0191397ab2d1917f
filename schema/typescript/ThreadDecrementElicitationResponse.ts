// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

/**
 * Response for `thread/decrement_elicitation`.
 */
export type ThreadDecrementElicitationResponse = {
  /**
   * Current out-of-band elicitation count after the decrement.
   */
  count: number;
  /**
   * Whether timeout accounting remains paused after applying the decrement.
   */
  paused: boolean;
};
