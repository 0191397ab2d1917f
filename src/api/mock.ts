import type { HandlerTable } from "../server/context.js";

export const mockHandlers: Pick<HandlerTable, "mock/experimentalMethod"> = {
  "mock/experimentalMethod": (params) => ({ echoed: params.value ?? null }),
};
