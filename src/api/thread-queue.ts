import type { HandlerTable } from "./context.js";

type ThreadQueueMethods =
  | "thread/queue/add"
  | "thread/queue/list"
  | "thread/queue/update"
  | "thread/queue/delete"
  | "thread/queue/reorder"
  | "thread/queue/start";

/** The user-message queue (experimental); `thread/queue/changed` follows the answer unless a dispatch told it first. */
export const threadQueueHandlers: Pick<HandlerTable, ThreadQueueMethods> = {
  async "thread/queue/add"(params, { services, connection, afterResponse }) {
    const queuedSubmission = await services.queue.add(params, connection.clientInfo?.name, afterResponse);
    return { queuedSubmission };
  },

  "thread/queue/list"(params, { services }) {
    return services.queue.list(params);
  },

  "thread/queue/update"(params, { services, afterResponse }) {
    return { queuedSubmission: services.queue.update(params, afterResponse) };
  },

  "thread/queue/delete"(params, { services, afterResponse }) {
    return { deleted: services.queue.delete(params, afterResponse) };
  },

  "thread/queue/reorder"(params, { services, afterResponse }) {
    services.queue.reorder(params, afterResponse);
    return {};
  },

  async "thread/queue/start"(params, { services, connection, afterResponse }) {
    const turn = await services.queue.start(params, connection.clientInfo?.name, afterResponse);
    return { turn };
  },
};
