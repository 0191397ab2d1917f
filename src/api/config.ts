import { readConfig } from "../config/read.js";
import type { ResultOf } from "../protocol/registry.js";
import type { HandlerTable } from "./context.js";

export const configHandlers: Pick<HandlerTable, "config/read" | "configRequirements/read"> = {
  "config/read": (params, { services }) =>
    readConfig(services.config, params.includeLayers === true) as ResultOf<"config/read">,
  // No requirements.toml / MDM / cloud requirements here.
  "configRequirements/read": () => ({ requirements: null, supportsIndependentSpeedModes: true }),
};
