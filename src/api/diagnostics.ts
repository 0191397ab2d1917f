import type { HandlerTable } from "./context.js";

export const diagnosticsHandlers: Pick<HandlerTable, "server/diagnostics"> = {
  "server/diagnostics": (_params, { services }) => services.diagnostics.snapshot(),
};
