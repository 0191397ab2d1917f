// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ChatgptAuthTokensRefreshReason } from "./ChatgptAuthTokensRefreshReason";

export type ChatgptAuthTokensRefreshParams = {
  reason: ChatgptAuthTokensRefreshReason;
  previousAccountId: string | null;
};
