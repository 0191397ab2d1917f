import type { ModelInfo } from "../../model/catalog-entry.js";
import type { JsonValue } from "../../protocol/common.js";
import type { ThreadSettings } from "../../store/types.js";
import { initialContextItems, message, uuidMessageIds } from "../context/index.js";
import { threadPromptInputs, turnContextSettings } from "../turn/request-context.js";
import { REVIEW_INSTRUCTIONS } from "./review-instructions.js";
import type { ReviewPlan } from "./review-target.js";

/**
 * The settings a review turn runs under: the thread's, read-only and never
 * asking for approval (the reviewer looks, it does not touch), on the
 * configured `review_model` when there is one.
 */
export function reviewSettings(thread: ThreadSettings, reviewModel: string | null): ThreadSettings {
  return {
    ...thread,
    model: reviewModel ?? thread.model,
    sandboxPolicy: { type: "readOnly" },
    approvalPolicy: "never",
    baseInstructions: REVIEW_INSTRUCTIONS,
    developerInstructions: null,
  };
}

/**
 * The reviewer's own model context, apart from the thread's history: the
 * review instructions as base instructions, the permissions and environment
 * of `settings` (no AGENTS.md, no developer instructions, no skills: the
 * reviewer only needs the change), then the review request.
 */
export function reviewModelContext(settings: ThreadSettings, info: ModelInfo, known: boolean, plan: ReviewPlan): JsonValue[] {
  const prompt = { ...threadPromptInputs(settings, info, known), skills: null };
  const items = initialContextItems(prompt, turnContextSettings(settings, null, undefined));
  items.push(message(uuidMessageIds.next(), "user", [plan.prompt]));
  return items as unknown as JsonValue[];
}

/** Tools a reviewer is not offered (as in the reference: no web search, no image viewing). */
export function offeredToReviewer(tool: JsonValue): boolean {
  if (typeof tool !== "object" || tool === null || Array.isArray(tool)) return true;
  return tool.type !== "web_search" && tool.name !== "view_image";
}
