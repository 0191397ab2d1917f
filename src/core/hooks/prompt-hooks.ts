import type { JsonValue } from "../../protocol/common.js";
import type { UserInput } from "../../protocol/item.js";
import type { HookContext, HookEngine } from "./hook-engine.js";

export function developerMessage(text: string): JsonValue {
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

/**
 * `UserPromptSubmit` for a turn's prompt (its text inputs, joined): whether
 * the turn may go on, and the context the hooks add (developer messages that
 * follow the prompt, or stay in the history when the turn is stopped).
 */
export async function promptHooks(hooks: HookEngine, context: HookContext, input: readonly UserInput[]): Promise<{ proceed: boolean; context: JsonValue[] }> {
  const prompt = input.flatMap((item) => (item.type === "text" ? [item.text] : [])).join("\n");
  const outcome = await hooks.userPromptSubmit(context, prompt);
  return { proceed: outcome.blockReason === null, context: outcome.additionalContexts.map(developerMessage) };
}

/**
 * `SessionStart` before a thread's first turn here: whether the turn may go
 * on, and the context the hooks add (developer messages before the prompt).
 */
export async function sessionStartHooks(hooks: HookEngine, context: HookContext, source: "startup" | "resume"): Promise<{ proceed: boolean; context: JsonValue[] }> {
  const outcome = await hooks.sessionStart(context, source);
  return { proceed: outcome.blockReason === null, context: outcome.additionalContexts.map(developerMessage) };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** The model's view of Stop hooks' continuation prompts: one user message, a `<hook_prompt>` per hook run. */
export function hookPromptMessage(fragments: readonly { text: string; hookRunId: string }[]): JsonValue {
  return {
    type: "message",
    role: "user",
    content: fragments.map((fragment) => ({
      type: "input_text",
      text: `<hook_prompt hook_run_id="${escapeXml(fragment.hookRunId)}">${escapeXml(fragment.text)}</hook_prompt>`,
    })),
  };
}
