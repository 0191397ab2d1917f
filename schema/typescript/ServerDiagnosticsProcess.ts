// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ServerDiagnosticsProcess = {
  id: number;
  residentMemoryBytes: number | null;
  physicalFootprintBytes: number | null;
};
