// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ScheduledTaskSummary = {
  key: string;
  name: string;
  prompt: string;
  schedule: { [key: string]: unknown };
};
