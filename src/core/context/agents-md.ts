/**
 * The AGENTS.md user-message part:
 * `# AGENTS.md instructions for <cwd>\n\n<INSTRUCTIONS>\n<contents>\n</INSTRUCTIONS>`,
 * where the contents are the files from the project root down to the cwd,
 * root first (collected by `project-instructions.ts`). After a cwd change the
 * block starts with a sentence telling the model the new block supersedes
 * every earlier one.
 */
export const AGENTS_MD_REPLACEMENT_NOTICE =
  "The working directory has changed. The AGENTS.md instructions below replace all AGENTS.md instructions provided earlier in this conversation; disregard the earlier ones.";

export function agentsMdBlock(cwd: string, contents: string, replacesEarlier = false): string {
  const block = `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${contents}\n</INSTRUCTIONS>`;
  return replacesEarlier ? `${AGENTS_MD_REPLACEMENT_NOTICE}\n\n${block}` : block;
}
