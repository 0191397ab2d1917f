import { readConfig } from "../config/read.js";
import { ConfigWriteError } from "../config/edit/index.js";
import type { LoadedConfig } from "../config/load.js";
import { listModelProviders, listPermissionProfiles, modelProviderSummary, providerPatchEdits } from "../config/model-providers.js";
import { featureRequirementViolation, requirementsForWire } from "../config/requirements.js";
import { writeUserConfig, type ConfigWriteCheck } from "../config/write.js";
import type { ResultOf } from "../protocol/registry.js";
import type { HandlerTable } from "./context.js";

/** Feature values the managed requirements pin may not be written otherwise (the reference refuses the write). */
function featureCheck(config: LoadedConfig): ConfigWriteCheck {
  return (userConfig) => {
    const violation = featureRequirementViolation(config.requirements, userConfig.features);
    if (violation) throw new ConfigWriteError("configValidationError", `Invalid configuration: ${violation}`);
  };
}

export const configHandlers: Pick<HandlerTable, "config/read" | "configRequirements/read" | "config/value/write" | "config/batchWrite"> = {
  "config/read": (params, { services }) =>
    readConfig(services.config, services.runtimeFeatures, params.includeLayers === true) as ResultOf<"config/read">,
  // The system requirements.toml only (no MDM or cloud requirements here).
  "configRequirements/read": (_params, { services }) => {
    const requirements = services.config.requirements;
    return {
      requirements: requirements ? requirementsForWire(requirements) : null,
      supportsIndependentSpeedModes: true,
    } as ResultOf<"configRequirements/read">;
  },
  "config/value/write": (params, { services }) => {
    const { keyPath, value, mergeStrategy } = params;
    const result = writeUserConfig(services.config, { ...params, edits: [{ keyPath, value, mergeStrategy }] }, featureCheck(services.config));
    services.reloadConfig();
    return result as ResultOf<"config/value/write">;
  },
  // Every write reloads: new threads and turns read the server's configuration, and so does config/read.
  "config/batchWrite": (params, { services }) => {
    const result = writeUserConfig(services.config, params, featureCheck(services.config));
    services.reloadConfig();
    return result as ResultOf<"config/batchWrite">;
  },
};

type ProviderMethods = "modelProvider/list" | "modelProvider/config/write" | "modelProvider/capabilities/read" | "permissionProfile/list";

export const modelProviderHandlers: Pick<HandlerTable, ProviderMethods> = {
  "modelProvider/list": (_params, { services }) => listModelProviders(services.config) as ResultOf<"modelProvider/list">,
  "modelProvider/config/write": (params, { services }) => {
    if (params.settings.type !== "customGateway") {
      throw new ConfigWriteError("configValidationError", `${params.settings.type} providers cannot be configured by this server`);
    }
    const { id, edits } = providerPatchEdits(services.config, params.settings);
    writeUserConfig(services.config, { edits }, featureCheck(services.config));
    return { provider: modelProviderSummary(services.reloadConfig(), id) } as ResultOf<"modelProvider/config/write">;
  },
  // The default OpenAI provider has both; a custom gateway is not assumed to.
  "modelProvider/capabilities/read": (_params, { services }) => {
    const builtIn = services.config.settings.modelProvider === "openai";
    return { imageGeneration: builtIn, webSearch: builtIn };
  },
  "permissionProfile/list": (params, { services }) =>
    listPermissionProfiles(services.config, params?.cursor, params?.limit) as ResultOf<"permissionProfile/list">,
};
