// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { InitializeParams } from "./InitializeParams";
import type { MockExperimentalMethodParams } from "./MockExperimentalMethodParams";
import type { RequestId } from "./RequestId";

/**
 * Request from the client to the server.
 */
export type ClientRequest =
  | { "method": "initialize", id: RequestId, params: InitializeParams }
  | { "method": "mock/experimentalMethod", id: RequestId, params: MockExperimentalMethodParams };
