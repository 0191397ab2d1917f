import type { AgentMessageItem } from "../protocol/item.js";

/** An `agentMessage` item with every optional field null unless `fields` sets it (key order as on the wire). */
export function agentMessageItem(
  id: string,
  text: string,
  fields: Partial<Omit<AgentMessageItem, "type" | "id" | "text">> = {},
): AgentMessageItem {
  return {
    type: "agentMessage",
    id,
    text,
    phase: null,
    moderation: null,
    memoryCitation: null,
    delivery: null,
    questions: null,
    startedAtMs: null,
    completedAtMs: null,
    ...fields,
  };
}
