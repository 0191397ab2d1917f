// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

/**
 * Response for `thread/increment_elicitation`.
 */
export type ThreadIncrementElicitationResponse = {
  /**
   * Current out-of-band elicitation count after the increment.
   */
  count: number;
  /**
   * Whether timeout accounting is paused after applying the increment.
   */
  paused: boolean;
};
