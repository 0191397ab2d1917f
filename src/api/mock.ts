import type { HandlerTable } from "./context.js";

export const mockHandlers: Pick<HandlerTable, "mock/experimentalMethod"> = {
  "mock/experimentalMethod": (params) => ({ echoed: params.value ?? null }),
};
