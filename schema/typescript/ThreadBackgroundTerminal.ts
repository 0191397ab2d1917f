// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ThreadBackgroundTerminal = {
  command: string;
  cwd: string;
  itemId: string;
  processId: string;
  osPid?: number | null;
  cpuPercent?: number | null;
  rssKb?: number | null;
};
