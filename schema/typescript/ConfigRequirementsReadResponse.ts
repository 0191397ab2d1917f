// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ConfigRequirements } from "./ConfigRequirements";

export type ConfigRequirementsReadResponse = {
  requirements: ConfigRequirements | null;
  supportsIndependentSpeedModes: boolean | null;
};
