import { v7 as uuidv7 } from "uuid";
import { uuidV5 } from "../../util/uuid.js";

/**
 * The input items the context modules produce, shaped as the reference sends
 * them: `{"type":"message","id","role","content":[{"type":"input_text","text"}]}`
 * with no `status`.
 */
export interface InputText {
  type: "input_text";
  text: string;
}

export interface ContextMessage {
  type: "message";
  id: string;
  role: "developer" | "user";
  content: InputText[];
}

/** Where message ids come from; injectable so tests can predict them. */
export interface MessageIds {
  /** Id of the base-instructions message: name-based, so the same text always gets the same id. */
  forBaseInstructions(text: string): string;
  /** A fresh, time-ordered id for every other message. */
  next(): string;
}

/**
 * Our namespace for the name-based ids of base-instructions messages. The
 * reference's namespace is not observable; only the `msg_<uuid v5>` form is.
 */
export const BASE_INSTRUCTIONS_ID_NAMESPACE = "5b0f3c6e-2d8a-4c1f-9e57-0a6d3b8c4e21";

// A process sees only a handful of distinct prompts: each is hashed once.
const baseInstructionIds = new Map<string, string>();

export const uuidMessageIds: MessageIds = {
  forBaseInstructions: (text) => {
    let id = baseInstructionIds.get(text);
    if (id === undefined) {
      if (baseInstructionIds.size >= 32) baseInstructionIds.clear();
      id = `msg_${uuidV5(text, BASE_INSTRUCTIONS_ID_NAMESPACE)}`;
      baseInstructionIds.set(text, id);
    }
    return id;
  },
  next: () => `msg_${uuidv7()}`,
};

export function message(id: string, role: ContextMessage["role"], texts: readonly string[]): ContextMessage {
  return { type: "message", id, role, content: texts.map((text) => ({ type: "input_text", text })) };
}
