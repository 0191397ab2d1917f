// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpServerOauthLoginCompletedNotification = {
  name: string;
  threadId: string | null;
  loginId: string | null;
  success: boolean;
  error: string | null;
};
