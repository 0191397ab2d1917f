import { ErrorCode, RpcError } from "../../protocol/errors.js";

/** The reference's `ConfigWriteErrorCode` values (sent camelCase in `data.config_write_error_code`). */
export type ConfigWriteErrorCode =
  | "configLayerReadonly"
  | "configRequirementReadonly"
  | "configVersionConflict"
  | "configValidationError"
  | "configPathNotFound"
  | "configSchemaUnknownKey"
  | "userLayerNotFound";

/** A refused config write: -32600 with `data: {config_write_error_code}`, as the reference answers. */
export class ConfigWriteError extends RpcError {
  constructor(
    readonly writeErrorCode: ConfigWriteErrorCode,
    message: string,
  ) {
    super(ErrorCode.invalidRequest, message, { config_write_error_code: writeErrorCode });
    this.name = "ConfigWriteError";
  }
}
