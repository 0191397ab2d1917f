// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ConfigLayerSource = {
  type: "packagedDefaults";
  file: string;
} | {
  type: "mdm";
  domain: string;
  key: string;
} | {
  type: "system";
  file: string;
} | {
  type: "enterpriseManaged";
  id: string;
  name: string;
} | {
  type: "user";
  file: string;
  profile?: string | null;
} | {
  type: "project";
  dotCodexFolder: string;
} | {
  type: "sessionFlags";
} | {
  type: "legacyManagedConfigTomlFromFile";
  file: string;
} | {
  type: "legacyManagedConfigTomlFromMdm";
};
