/** Prompt of a compaction turn: the model writes a hand-off summary of the conversation so far. */
export const COMPACTION_PROMPT = `You are about to run out of context. Write a hand-off summary of this conversation so that another model can continue the work without the earlier messages.

Cover:
- the user's goal and any constraints or preferences they stated;
- what has been done so far and the key decisions, with file names, commands and values that matter;
- what remains to be done, as concrete next steps;
- open questions or problems.

Be brief and structured. Do not greet or add commentary; output only the summary.`;

/** Prefix of the user message that replaces the history after a compaction. */
export const COMPACTION_SUMMARY_PREFIX =
  "The earlier part of this conversation was compacted. Summary of the conversation so far, written by the model that took part in it:";
