// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";
