import type { WebSearchAction, WebSearchItem } from "../../protocol/item.js";

interface RawSearchAction {
  type?: unknown;
  query?: unknown;
  queries?: unknown;
  url?: unknown;
  pattern?: unknown;
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The Responses API `action` of a `web_search_call` in the app-server's camelCase shape; anything unknown is `other`. */
export function webSearchAction(raw: unknown): WebSearchAction {
  const action = (typeof raw === "object" && raw !== null ? raw : {}) as RawSearchAction;
  switch (action.type) {
    case "search":
      return {
        type: "search",
        query: text(action.query),
        queries: Array.isArray(action.queries) ? action.queries.filter((q): q is string => typeof q === "string") : null,
      };
    case "open_page":
      return { type: "openPage", url: text(action.url) };
    case "find_in_page":
      return { type: "findInPage", url: text(action.url), pattern: text(action.pattern) };
    default:
      return { type: "other" };
  }
}

/** The one-line description of a search the item's `query` carries: the query (first of several, with ` ...`), the page, or the pattern in the page. */
export function webSearchDetail(action: WebSearchAction): string {
  switch (action.type) {
    case "search": {
      if (action.query) return action.query;
      const first = action.queries?.[0] ?? "";
      return (action.queries?.length ?? 0) > 1 && first !== "" ? `${first} ...` : first;
    }
    case "openPage":
      return action.url ?? "";
    case "findInPage":
      if (action.pattern !== null && action.url !== null) return `'${action.pattern}' in ${action.url}`;
      if (action.pattern !== null) return `'${action.pattern}'`;
      return action.url ?? "";
    default:
      return "";
  }
}

/** The webSearch item of a `web_search_call` (`raw` undefined while the call has not told what it does). */
export function webSearchItem(id: string, raw: { action?: unknown } | undefined, startedAtMs: number, completedAtMs: number | null): WebSearchItem {
  const action = webSearchAction(raw?.action);
  const query = raw?.action === undefined || raw.action === null ? "" : webSearchDetail(action);
  return { type: "webSearch", id, query, action, results: null, startedAtMs, completedAtMs };
}

/**
 * A `web_search_call` as the reference replays it to the model: parsed into
 * its known shape and written back (`type`, `id`, `status`, `action`), so
 * fields it does not know (`sources`, unknown action kinds' details) are gone
 * and an unknown action becomes `{"type":"other"}`.
 */
export function webSearchCallForReplay(raw: { [key: string]: unknown }): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = { type: "web_search_call" };
  if (typeof raw.id === "string") out.id = raw.id;
  if (typeof raw.status === "string") out.status = raw.status;
  if (raw.action !== undefined && raw.action !== null) out.action = replayAction(raw.action as RawSearchAction);
  return out;
}

function replayAction(action: RawSearchAction): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  const copy = (...keys: Array<"query" | "url" | "pattern">) => {
    for (const key of keys) if (typeof action[key] === "string") out[key] = action[key];
  };
  switch (action.type) {
    case "search":
      out.type = "search";
      copy("query");
      if (Array.isArray(action.queries)) out.queries = action.queries.filter((q): q is string => typeof q === "string");
      return out;
    case "open_page":
      out.type = "open_page";
      copy("url");
      return out;
    case "find_in_page":
      out.type = "find_in_page";
      copy("url", "pattern");
      return out;
    default:
      return { type: "other" };
  }
}
