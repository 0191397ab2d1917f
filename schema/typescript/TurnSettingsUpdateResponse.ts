// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { TurnSettingsUpdateStatus } from "./TurnSettingsUpdateStatus";

export type TurnSettingsUpdateResponse = {
  status: TurnSettingsUpdateStatus;
};
