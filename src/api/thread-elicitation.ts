import type { HandlerTable } from "./context.js";

/** Out-of-band elicitations: a client counts what it asks the user outside the app-server's requests. */
export const threadElicitationHandlers: Pick<HandlerTable, "thread/increment_elicitation" | "thread/decrement_elicitation"> = {
  "thread/increment_elicitation": (params, { services }) => services.threads.getLoaded(params.threadId).elicitationPause.increment(),
  "thread/decrement_elicitation": (params, { services }) => services.threads.getLoaded(params.threadId).elicitationPause.decrement(),
};
