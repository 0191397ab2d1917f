import type { HandlerTable } from "./context.js";
import { checkInjectedItems } from "../core/injected-items.js";
import { announceGoal, clearGoal, goalThread, setGoal } from "../core/thread-goals.js";

type ThreadGoalMethods = "thread/goal/set" | "thread/goal/get" | "thread/goal/clear" | "thread/inject_items";

/** A thread's goal and the items clients add to its model context; notifications follow the response. */
export const threadGoalHandlers: Pick<HandlerTable, ThreadGoalMethods> = {
  "thread/goal/set"({ threadId, ...change }, { services, afterResponse }) {
    const thread = goalThread(services.threads, threadId, "thread/goal/set");
    const goal = setGoal(services.threads, thread, change);
    afterResponse(() => announceGoal(thread, goal));
    return { goal };
  },

  "thread/goal/get"({ threadId }, { services }) {
    return { goal: goalThread(services.threads, threadId, "thread/goal/get").goal };
  },

  "thread/goal/clear"({ threadId }, { services, afterResponse }) {
    const thread = goalThread(services.threads, threadId, "thread/goal/clear");
    const cleared = clearGoal(services.threads, thread);
    if (cleared) afterResponse(() => thread.emit("thread/goal/cleared", { threadId: thread.id }));
    return { cleared };
  },

  "thread/inject_items"({ threadId, items }, { services }) {
    const thread = services.threads.getLoaded(threadId);
    services.threads.injectContext(thread, checkInjectedItems(items));
    return {};
  },
};
