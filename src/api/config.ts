import { readConfig } from "../config/read.js";
import { writeUserConfig } from "../config/write.js";
import type { ResultOf } from "../protocol/registry.js";
import type { HandlerTable } from "./context.js";

export const configHandlers: Pick<HandlerTable, "config/read" | "configRequirements/read" | "config/value/write" | "config/batchWrite"> = {
  "config/read": (params, { services }) =>
    readConfig(services.config, services.runtimeFeatures, params.includeLayers === true) as ResultOf<"config/read">,
  // No requirements.toml / MDM / cloud requirements here.
  "configRequirements/read": () => ({ requirements: null, supportsIndependentSpeedModes: true }),
  "config/value/write": (params, { services }) => {
    const { keyPath, value, mergeStrategy } = params;
    const result = writeUserConfig(services.config, { ...params, edits: [{ keyPath, value, mergeStrategy }] });
    services.reloadConfig();
    return result as ResultOf<"config/value/write">;
  },
  // Every write reloads: new threads and turns read the server's configuration, and so does config/read.
  "config/batchWrite": (params, { services }) => {
    const result = writeUserConfig(services.config, params);
    services.reloadConfig();
    return result as ResultOf<"config/batchWrite">;
  },
};
