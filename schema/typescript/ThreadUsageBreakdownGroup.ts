// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadUsageBreakdownGroup = {
  model?: string | null;
  reasoningEffort?: string | null;
  speed?: string | null;
  estimatedUsageCreditsMicros: number;
  netNewInputTokens?: number | null;
  cachedInputTokens?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  totalTokens?: number | null;
};
