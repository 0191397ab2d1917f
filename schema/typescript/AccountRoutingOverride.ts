// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type AccountRoutingOverride = "NO_CONSTRAINT" | "us" | "us_cr";
