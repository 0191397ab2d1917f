// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ThreadUsageBreakdownGroup } from "./ThreadUsageBreakdownGroup";

export type ThreadUsage = {
  threadId: string;
  estimatedUsageCreditsMicros: number;
  estimatedUsageUsdMicros?: number | null;
  nativeUsageUsdMicros?: number | null;
  groups: Array<ThreadUsageBreakdownGroup>;
};
