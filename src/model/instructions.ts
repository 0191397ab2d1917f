import type { AskForApproval, SandboxPolicy } from "../protocol/policy.js";

/**
 * Base instructions sent as the Responses `instructions` field when neither
 * the thread (`baseInstructions`) nor the config (`instructions`) sets any.
 */
export const DEFAULT_BASE_INSTRUCTIONS = `You are a coding agent running inside a developer's tools through the Codex app-server protocol.
You help with software engineering tasks in the user's workspace: reading and explaining code, planning and making changes, and answering questions.

- Be concise and direct. Lead with the answer; add detail only when it helps.
- When you change code, keep edits minimal and consistent with the surrounding style, and say what you changed.
- Prefer precise, verifiable statements. If you are unsure, say so instead of guessing.
- Use the tools you are given when they help; never claim to have run a command or edited a file that you did not.
- Format answers in Markdown; put code, commands and paths in backticks.`;

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

function sandboxMode(policy: SandboxPolicy): string {
  switch (policy.type) {
    case "dangerFullAccess":
      return "danger-full-access";
    case "workspaceWrite":
      return "workspace-write";
    case "externalSandbox":
      return "external-sandbox";
    default:
      return "read-only";
  }
}

function networkAccess(policy: SandboxPolicy): string {
  if (policy.type === "dangerFullAccess") return "enabled";
  if (policy.type === "externalSandbox") return policy.networkAccess ?? "restricted";
  if (policy.type === "readOnly" || policy.type === "workspaceWrite") return policy.networkAccess ? "enabled" : "restricted";
  return "restricted";
}

function approvalPolicy(policy: AskForApproval): string {
  return typeof policy === "string" ? policy : "granular";
}

/** The `<environment_context>` user message sent at the start of every request's input. */
export function environmentContext(cwd: string, approval: AskForApproval, sandbox: SandboxPolicy): string {
  const shell = process.env.SHELL ? process.env.SHELL.split("/").pop() : "bash";
  return [
    "<environment_context>",
    `  <cwd>${cwd}</cwd>`,
    `  <approval_policy>${approvalPolicy(approval)}</approval_policy>`,
    `  <sandbox_mode>${sandboxMode(sandbox)}</sandbox_mode>`,
    `  <network_access>${networkAccess(sandbox)}</network_access>`,
    `  <shell>${shell}</shell>`,
    "</environment_context>",
  ].join("\n");
}
