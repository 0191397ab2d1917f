// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type MultiAgentVersion = "disabled" | "v1" | "v2";
