export { applyConfigEdits, configDataVersion, readConfigFile, VERSION_CONFLICT_MESSAGE } from "./apply-config-edits.js";
export type { AppliedConfigEdits, ApplyConfigEditsOptions, ConfigValueEdit } from "./apply-config-edits.js";
export { ConfigWriteError, type ConfigWriteErrorCode } from "./config-write-error.js";
export type { MergeStrategy } from "./merge.js";
export { editTomlText, TomlEditError } from "./toml-document-edit.js";
