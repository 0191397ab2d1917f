// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

/**
 * Parameters for `thread/decrement_elicitation`.
 */
export type ThreadDecrementElicitationParams = {
  /**
   * Thread whose out-of-band elicitation counter should be decremented.
   */
  threadId: string;
};
