import type { HandlerTable } from "./context.js";

export const fuzzyFileSearchHandlers: Pick<
  HandlerTable,
  "fuzzyFileSearch" | "fuzzyFileSearch/sessionStart" | "fuzzyFileSearch/sessionUpdate" | "fuzzyFileSearch/sessionStop"
> = {
  fuzzyFileSearch: (params, { services, connection }) => services.fuzzySearch.search(connection, params),
  "fuzzyFileSearch/sessionStart": (params, { services, connection, afterResponse }) =>
    services.fuzzySearch.startSession(connection, params, afterResponse),
  "fuzzyFileSearch/sessionUpdate": (params, { services, connection, afterResponse }) =>
    services.fuzzySearch.updateSession(connection, params, afterResponse),
  "fuzzyFileSearch/sessionStop": (params, { services, connection }) => services.fuzzySearch.stopSession(connection, params),
};
