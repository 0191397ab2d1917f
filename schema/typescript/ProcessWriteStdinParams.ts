// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ProcessWriteStdinParams = {
  processHandle: string;
  deltaBase64?: string | null;
  closeStdin?: boolean;
};
