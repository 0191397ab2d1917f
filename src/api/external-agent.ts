import { randomUUID } from "node:crypto";
import { isFeatureEnabled } from "../config/features.js";
import { resolveSettings } from "../core/thread-settings.js";
import { internalError, invalidRequest } from "../protocol/errors.js";
import type { HandlerTable } from "./context.js";

type ExternalAgentMethods =
  | "externalAgentConfig/detect"
  | "externalAgentConfig/import"
  | "externalAgentConfig/import/recordHistory"
  | "externalAgentConfig/import/readHistories";

export const externalAgentHandlers: Pick<HandlerTable, ExternalAgentMethods> = {
  "externalAgentConfig/detect": (params, { services }) => {
    try {
      const items = services.externalAgent.detect({
        includeHome: params.includeHome === true,
        cwds: params.cwds ?? [],
        maxSessions: params.maxSessions ?? null,
        maxSessionAgeDays: params.maxSessionAgeDays ?? null,
      });
      return { items, connectors: [] };
    } catch (error) {
      // The reference answers a settings or config file it cannot read with the bare reason, as an internal error.
      throw internalError((error as Error).message);
    }
  },
  "externalAgentConfig/import": (params, ctx) => {
    const importId = randomUUID();
    const { services } = ctx;
    const memoryImportEnabled = isFeatureEnabled(services.config, "external_agent_memory_import", services.runtimeFeatures);
    // Memory import is behind a feature this server does not implement; the reference refuses the whole request while it is off.
    if (params.migrationItems.some((item) => item.itemType === "MEMORY") && !memoryImportEnabled) {
      throw invalidRequest("external agent memory import is disabled");
    }
    // Nothing to import: the reference reports nothing and keeps no history.
    if (params.migrationItems.length === 0) return { importId };
    const context = {
      settingsFor: (cwd: string) => resolveSettings(services.config, null, { cwd }),
      originator: ctx.connection.clientInfo?.name ?? null,
    };
    const run = async () => {
      const itemTypeResults = await services.externalAgent.import(
        params.migrationItems,
        (result) => services.broadcast("externalAgentConfig/import/progress", { importId, itemTypeResults: [result] }),
        context,
      );
      try {
        services.reloadConfig();
      } catch (error) {
        services.logger.warn({ err: error }, "config reload after an external agent import failed");
      }
      try {
        services.externalAgent.recordHistory(importId, params.providerId ?? null, itemTypeResults);
      } catch (error) {
        services.logger.warn({ err: error }, "failed to record external agent config import completion");
      }
      services.broadcast("externalAgentConfig/import/completed", { importId, itemTypeResults });
    };
    ctx.afterResponse(() => {
      run().catch((error: unknown) => services.logger.error({ err: error }, "external agent config import failed"));
    });
    return { importId };
  },
  "externalAgentConfig/import/recordHistory": (params, { services }) => {
    const importId = randomUUID();
    services.externalAgent.recordHistory(importId, params.providerId, params.itemTypeResults);
    return { importId };
  },
  "externalAgentConfig/import/readHistories": (_params, { services }) => ({ data: services.externalAgent.histories(), connectors: [] }),
};
