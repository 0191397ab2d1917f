import { remoteControlStatus } from "../core/remote-control.js";
import type { HandlerTable } from "./context.js";

export const remoteControlHandlers: Pick<HandlerTable, "remoteControl/status/read"> = {
  "remoteControl/status/read": (_params, { services }) => remoteControlStatus(services.codexHome),
};
