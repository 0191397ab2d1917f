// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

/**
 * Parameters for `thread/increment_elicitation`.
 */
export type ThreadIncrementElicitationParams = {
  /**
   * Thread whose out-of-band elicitation counter should be incremented.
   */
  threadId: string;
};
