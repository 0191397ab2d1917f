import { readGatewayOAuth, startGatewayOAuthLogin } from "../core/gateway-oauth.js";
import type { HandlerTable } from "./context.js";

type GatewayOAuthMethods = "account/gatewayOAuth/read" | "account/gatewayOAuth/login" | "account/gatewayOAuth/cancel";

export const gatewayOAuthHandlers: Pick<HandlerTable, GatewayOAuthMethods> = {
  "account/gatewayOAuth/read"(params, { services }) {
    return readGatewayOAuth(services.config, params?.modelProvider);
  },

  "account/gatewayOAuth/login"(params, { services }) {
    return startGatewayOAuthLogin(services.config, params?.modelProvider);
  },

  // No gateway login is ever pending here: nothing to cancel.
  "account/gatewayOAuth/cancel"() {
    return {};
  },
};
