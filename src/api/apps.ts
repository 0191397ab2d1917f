import { readApps } from "../core/apps.js";
import type { HandlerTable } from "./context.js";

export const appHandlers: Pick<HandlerTable, "app/read"> = {
  "app/read"({ appIds, threadId }, { services }) {
    return readApps(services.threads, appIds, threadId);
  },
};
