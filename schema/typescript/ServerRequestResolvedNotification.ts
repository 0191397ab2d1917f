// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { RequestId } from "./RequestId";

export type ServerRequestResolvedNotification = {
  threadId: string;
  requestId: RequestId;
};
