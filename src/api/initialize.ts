import type { HandlerTable } from "./context.js";
import { invalidRequest } from "../protocol/errors.js";
import { buildUserAgent, isValidHeaderValue, platformFamily, platformOs } from "../util/platform.js";

export const initializeHandlers: Pick<HandlerTable, "initialize"> = {
  initialize(params, { services, connection }) {
    const { name, version } = params.clientInfo;
    if (!isValidHeaderValue(name)) {
      throw invalidRequest(`Invalid clientInfo.name: '${name}'. Must be a valid HTTP header value.`);
    }
    const userAgent = buildUserAgent(name, version);
    connection.completeHandshake(params, userAgent);
    return {
      userAgent,
      codexHome: services.codexHome,
      platformFamily: platformFamily(),
      platformOs: platformOs(),
    };
  },
};
