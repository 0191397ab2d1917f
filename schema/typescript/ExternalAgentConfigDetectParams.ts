// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ExternalAgentConfigDetectParams = {
  includeHome?: boolean;
  cwds?: Array<string> | null;
  maxSessionAgeDays?: number | null;
  maxSessions?: number | null;
  migrationSource?: string | null;
  source?: string | null;
};
