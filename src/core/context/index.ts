/**
 * What the model sees before the user's words: base instructions, the
 * developer context (permissions, skills, collaboration mode), AGENTS.md and
 * the environment context, and the items added when they change between
 * turns. Pure functions: clocks, files and ids come in as arguments.
 */
export { agentsMdBlock, AGENTS_MD_REPLACEMENT_NOTICE } from "./agents-md.js";
export { chooseBaseInstructions, type BaseInstructionsSources, type CatalogInstructions } from "./base-instructions.js";
export { FALLBACK_BASE_INSTRUCTIONS } from "./base-prompt.js";
export {
  collaborationModeBlock,
  collaborationModeText,
  effectiveCollaborationMode,
  type CatalogCollaborationModes,
  type CollaborationModeSetting,
  type ModeKind,
} from "./collaboration-mode.js";
export {
  contextChanges,
  contextUpdateItems,
  initialContextItems,
  type ContextChanges,
  type ThreadPromptInputs,
  type TurnContextSettings,
} from "./context-items.js";
export { defaultPermissions } from "./default-permissions.js";
export { deferredToolsSection, type DeferredNamespace } from "./deferred-tools.js";
export {
  currentDateIn,
  environmentContext,
  filesystemElement,
  partialEnvironmentContext,
  permissionProfile,
  type EnvironmentFacts,
} from "./environment-context.js";
export { message, uuidMessageIds, type ContextMessage, type InputText, type MessageIds } from "./message-items.js";
export { permissionsInstructions, writableRoots, type CatalogApprovalTexts, type CatalogPermissionTexts, type PermissionsFacts } from "./permissions.js";
export { skillsSection, type Skill } from "./skills.js";
