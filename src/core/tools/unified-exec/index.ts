export * from "./args.js";
export * from "./constants.js";
export * from "./exec-process.js";
export * from "./output-format.js";
export * from "./sessions.js";
export * from "./shell.js";
export * from "./truncation.js";
export * from "./dispatch.js";
