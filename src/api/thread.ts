import type { HandlerTable } from "./context.js";
import { threadLifecycleHandlers } from "./thread-lifecycle.js";
import { threadReadHandlers } from "./thread-read.js";

type ThreadMethods = keyof typeof threadLifecycleHandlers | keyof typeof threadReadHandlers;

export const threadHandlers: Pick<HandlerTable, ThreadMethods> = {
  ...threadLifecycleHandlers,
  ...threadReadHandlers,
};
