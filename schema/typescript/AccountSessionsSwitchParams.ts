// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type AccountSessionsSwitchParams = {
  sessionId: string;
  accountId: string;
  allowBrowserLogin?: boolean;
};
