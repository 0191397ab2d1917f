import type { HandlerTable } from "./context.js";
import { searchThreadOccurrences } from "../core/thread-occurrences.js";

export const threadSearchHandlers: Pick<HandlerTable, "thread/searchOccurrences"> = {
  "thread/searchOccurrences": (params, { services }) => searchThreadOccurrences(services.threads, params),
};
