// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ChatgptAuthTokensRefreshParams } from "./ChatgptAuthTokensRefreshParams";
import type { RequestId } from "./RequestId";

/**
 * Request initiated from the server and sent to the client.
 */
export type ServerRequest =
  | { "method": "account/chatgptAuthTokens/refresh", id: RequestId, params: ChatgptAuthTokensRefreshParams };
