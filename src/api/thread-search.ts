import type { HandlerTable } from "./context.js";
import { searchThreadOccurrences } from "../core/thread-occurrences.js";
import { searchThreads } from "../core/thread-search.js";

export const threadSearchHandlers: Pick<HandlerTable, "thread/search" | "thread/searchOccurrences"> = {
  "thread/search": (params, { services }) => searchThreads(services.threads, params),
  "thread/searchOccurrences": (params, { services }) => searchThreadOccurrences(services.threads, params),
};
