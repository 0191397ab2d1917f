/**
 * The tool layer's shared pieces: the patch engine, command display helpers,
 * update_plan arguments, process groups and the command environment.
 */
export * from "./apply-patch/index.js";
export * from "./command-actions.js";
export { diffLines, splitLines, unifiedDiffHunks } from "./diff.js";
export { applyEnvOverrides, shellEnvironment } from "./env.js";
export { HeadTailBuffer } from "./output-buffer.js";
export { exitStatus, isProcessAlive, killProcessGroup, spawnProcessGroup, type ProcessExit, type ProcessGroup } from "./process.js";
export * from "./safe-commands.js";
export * from "./update-plan-args.js";
export { TurnDiffTracker } from "./turn-diff.js";
