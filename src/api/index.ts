import type { HandlerTable } from "../server/context.js";
import { initializeHandlers } from "./initialize.js";
import { mockHandlers } from "./mock.js";

/** Every client request's handler; the type makes a registry entry without one a compile error. */
export const handlers: HandlerTable = {
  ...initializeHandlers,
  ...mockHandlers,
};
