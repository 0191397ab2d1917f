import type { HandlerTable } from "./context.js";
import { initializeHandlers } from "./initialize.js";
import { commandExecHandlers } from "./command-exec.js";
import { processHandlers } from "./process.js";
import { diagnosticsHandlers } from "./diagnostics.js";
import { threadSearchHandlers } from "./thread-search.js";
import { threadHandlers } from "./thread.js";
import { threadGoalHandlers } from "./thread-goals.js";
import { threadQueueHandlers } from "./thread-queue.js";
import { threadSectionHandlers } from "./thread-sections.js";
import { threadAttachmentHandlers } from "./thread-attachments.js";
import { windowsSandboxHandlers } from "./windows-sandbox.js";
import { appHandlers } from "./apps.js";
import { gatewayOAuthHandlers } from "./gateway-oauth.js";
import { guardianHandlers } from "./guardian.js";
import { threadActionHandlers } from "./thread-actions.js";
import { accountHandlers } from "./account.js";
import { mockHandlers } from "./mock.js";
import { configHandlers, modelProviderHandlers } from "./config.js";
import { modelHandlers } from "./model.js";
import { extensionHandlers } from "./extensions.js";
import { pluginHandlers } from "./plugins.js";
import { externalAgentHandlers } from "./external-agent.js";
import { turnHandlers } from "./turn.js";
import { fsHandlers } from "./fs.js";
import { fuzzyFileSearchHandlers } from "./fuzzy-file-search.js";
import { mcpHandlers } from "./mcp.js";
import { reviewHandlers } from "./review.js";
import { feedbackHandlers } from "./feedback.js";
import { remoteControlHandlers } from "./remote-control.js";
import { threadElicitationHandlers } from "./thread-elicitation.js";

/** Every client request's handler; the type makes a registry entry without one a compile error. */
export const handlers: HandlerTable = {
  ...initializeHandlers,
  ...commandExecHandlers,
  ...processHandlers,
  ...diagnosticsHandlers,
  ...threadSearchHandlers,
  ...threadHandlers,
  ...threadGoalHandlers,
  ...threadQueueHandlers,
  ...threadSectionHandlers,
  ...threadAttachmentHandlers,
  ...windowsSandboxHandlers,
  ...appHandlers,
  ...gatewayOAuthHandlers,
  ...guardianHandlers,
  ...threadActionHandlers,
  ...accountHandlers,
  ...mockHandlers,
  ...configHandlers,
  ...modelProviderHandlers,
  ...modelHandlers,
  ...externalAgentHandlers,
  ...extensionHandlers,
  ...pluginHandlers,
  ...turnHandlers,
  ...fsHandlers,
  ...fuzzyFileSearchHandlers,
  ...mcpHandlers,
  ...reviewHandlers,
  ...feedbackHandlers,
  ...remoteControlHandlers,
  ...threadElicitationHandlers,
};
