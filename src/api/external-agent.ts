import { randomUUID } from "node:crypto";
import { internalError } from "../protocol/errors.js";
import type { HandlerTable } from "./context.js";

type ExternalAgentMethods =
  | "externalAgentConfig/detect"
  | "externalAgentConfig/import"
  | "externalAgentConfig/import/recordHistory"
  | "externalAgentConfig/import/readHistories";

export const externalAgentHandlers: Pick<HandlerTable, ExternalAgentMethods> = {
  "externalAgentConfig/detect": (params, { services }) => {
    try {
      return { items: services.externalAgent.detect({ includeHome: params.includeHome === true, cwds: params.cwds ?? [] }), connectors: [] };
    } catch (error) {
      // The reference answers a settings or config file it cannot read with the bare reason, as an internal error.
      throw internalError((error as Error).message);
    }
  },
  "externalAgentConfig/import": (params, ctx) => {
    const importId = randomUUID();
    const { services } = ctx;
    // Nothing to import: the reference reports nothing and keeps no history.
    if (params.migrationItems.length === 0) return { importId };
    ctx.afterResponse(() => {
      const itemTypeResults = services.externalAgent.import(params.migrationItems, (result) =>
        services.broadcast("externalAgentConfig/import/progress", { importId, itemTypeResults: [result] }),
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
