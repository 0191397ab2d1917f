/**
 * The tool layer the turn loop calls: shell, apply_patch, update_plan, their
 * Responses API definitions and display helpers.
 */
export * from "./apply-patch/index.js";
export * from "./command-actions.js";
export * from "./definitions.js";
export { diffLines, splitLines, unifiedDiffHunks } from "./diff.js";
export { applyEnvOverrides, shellEnvironment } from "./env.js";
export { HeadTailBuffer } from "./output-buffer.js";
export { exitStatus, isProcessAlive, killProcessGroup, spawnProcessGroup, type ProcessExit, type ProcessGroup } from "./process.js";
export * from "./safe-commands.js";
export * from "./shell.js";
export { TurnDiffTracker } from "./turn-diff.js";
