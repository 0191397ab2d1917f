// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type McpServerEventStreamNotification = {
  subscriptionId: string;
  notification: {
    method: string;
    params?: unknown;
  };
};
