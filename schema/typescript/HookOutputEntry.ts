// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type HookOutputEntry = {
  kind: "warning" | "stop" | "feedback" | "context" | "error";
  text: string;
};
