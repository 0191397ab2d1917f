import type { UserInput } from "../../protocol/item.js";

/** What a spawn_agent / send_input call gives an agent: a message, or structured items. */
export interface AgentInputArgs {
  message?: unknown;
  items?: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function userInputOf(item: Record<string, unknown>): UserInput | undefined {
  const type = text(item.type) ?? (item.text !== undefined ? "text" : undefined);
  switch (type) {
    case "text":
      return { type: "text", text: text(item.text) ?? "", text_elements: [] };
    case "image":
    case "input_image":
      return text(item.image_url) ? { type: "image", url: text(item.image_url)! } : undefined;
    case "local_image":
    case "localImage":
      return text(item.path) ? { type: "localImage", path: text(item.path)! } : undefined;
    case "mention":
      return text(item.path) ? { type: "mention", name: text(item.name) ?? "", path: text(item.path)! } : undefined;
    case "skill":
      return text(item.path) ? { type: "skill", name: text(item.name) ?? "", path: text(item.path)! } : undefined;
    default:
      return undefined;
  }
}

/** The agent's input, or the reference's refusal text. */
export function parseAgentInput(args: AgentInputArgs): UserInput[] | string {
  const hasMessage = args.message !== undefined && args.message !== null;
  const hasItems = args.items !== undefined && args.items !== null;
  if (hasMessage && hasItems) return "Provide either message or items, but not both";
  if (!hasMessage && !hasItems) return "Provide one of: message or items";
  if (hasMessage) {
    const message = text(args.message);
    if (message === undefined) return "failed to parse function arguments: invalid type for `message`, expected a string";
    if (message.trim() === "") return "Empty message can't be sent to an agent";
    return [{ type: "text", text: message, text_elements: [] }];
  }
  if (!Array.isArray(args.items)) return "failed to parse function arguments: invalid type for `items`, expected a sequence";
  if (args.items.length === 0) return "Items can't be empty";
  const input: UserInput[] = [];
  for (const item of args.items) {
    const parsed = item !== null && typeof item === "object" && !Array.isArray(item) ? userInputOf(item as Record<string, unknown>) : undefined;
    if (!parsed) return "failed to parse function arguments: unsupported item in `items`";
    input.push(parsed);
  }
  return input;
}

/** A short text of the input, for the `prompt` of a collabAgentToolCall item. */
export function inputPreview(input: readonly UserInput[]): string {
  return input
    .map((part) => {
      switch (part.type) {
        case "text":
          return part.text;
        case "image":
          return "[image]";
        case "localImage":
          return `[image: ${part.path}]`;
        default:
          return "path" in part ? `[${part.type}: ${part.path}]` : `[${part.type}]`;
      }
    })
    .join("\n");
}
