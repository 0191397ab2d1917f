import { listModels } from "../model/catalog.js";
import type { HandlerTable } from "./context.js";
import { ErrorCode, RpcError } from "../protocol/errors.js";

/** Offset cursors, as the reference uses: `nextCursor` is the index of the next model. */
function parseCursor(cursor: string, total: number): number {
  if (!/^\d+$/.test(cursor)) throw new RpcError(ErrorCode.invalidParams, `invalid cursor: ${cursor}`);
  const start = Number(cursor);
  if (start > total) throw new RpcError(ErrorCode.invalidParams, `cursor ${start} exceeds total models ${total}`);
  return start;
}

export const modelHandlers: Pick<HandlerTable, "model/list"> = {
  async "model/list"(params, { services, connection, signal }) {
    const catalog = await services.modelCatalog.catalogForListing(
      { userAgent: connection.userAgent, originator: connection.clientInfo?.name },
      signal,
    );
    const models = listModels(catalog, {
      configuredModel: services.config.settings.model,
      includeHidden: params.includeHidden === true,
    });
    const total = models.length;
    const start = params.cursor != null ? parseCursor(params.cursor, total) : 0;
    if (total === 0) return { data: [], nextCursor: null };
    const limit = Math.min(Math.max(params.limit ?? total, 1), total);
    const end = Math.min(start + limit, total);
    return { data: models.slice(start, end), nextCursor: end < total ? String(end) : null };
  },
};
