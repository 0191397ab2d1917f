// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type GatewayAuth = {
  mode: "none";
} | {
  mode: "environmentVariable";
  envKey: string;
} | {
  mode: "externallyConfigured";
  envKey?: string | null;
};
