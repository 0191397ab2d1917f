export * from "./types.js";
export * from "./json-schema.js";
export * from "./exec-command.js";
export * from "./apply-patch.js";
export * from "./interaction.js";
export * from "./goals.js";
export * from "./hosted.js";
export * from "./tools-for.js";
