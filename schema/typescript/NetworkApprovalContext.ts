// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { NetworkApprovalProtocol } from "./NetworkApprovalProtocol";

export type NetworkApprovalContext = {
  host: string;
  protocol: NetworkApprovalProtocol;
};
