// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type CommandAction = {
  type: "read";
  command: string;
  name: string;
  path: string;
} | {
  type: "listFiles";
  command: string;
  path: string | null;
} | {
  type: "search";
  command: string;
  query: string | null;
  path: string | null;
} | {
  type: "unknown";
  command: string;
};
