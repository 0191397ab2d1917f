// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SessionSource = "cli" | "vscode" | "exec" | "appServer" | "unknown" | {
  custom: string;
};
