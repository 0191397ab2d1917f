import { listFeatures } from "../config/features.js";
import type { CollaborationModeMask } from "../protocol/extensions.js";
import type { HandlerTable } from "./context.js";

type ExtensionMethods =
  | "hooks/list"
  | "skills/list"
  | "plugin/installed"
  | "app/installed"
  | "app/list"
  | "collaborationMode/list"
  | "account/bedrock/checkGovCloudRequirements"
  | "experimentalFeature/list"
  | "experimentalFeature/enablement/set";

/** The reference's built-in collaboration modes. */
export const BUILT_IN_COLLABORATION_MODES: readonly CollaborationModeMask[] = [
  { name: "Plan", mode: "plan", model: null, reasoning_effort: "medium" },
  { name: "Default", mode: "default", model: null, reasoning_effort: null },
];

/** The directories to answer for: those asked about, else the server's working directory. */
function cwdsOf(cwds: readonly string[] | null | undefined): string[] {
  return cwds && cwds.length > 0 ? [...cwds] : [process.cwd()];
}

/**
 * Surfaces this server does not have (hooks, skills, plugins, apps,
 * Bedrock), and the feature-flag registry: well-formed empty answers, so clients that
 * call them at startup carry on.
 */
export const extensionHandlers: Pick<HandlerTable, ExtensionMethods> = {
  "hooks/list": (params) => ({
    data: cwdsOf(params.cwds).map((cwd) => ({ cwd, hooks: [], warnings: [], errors: [] })),
  }),
  "skills/list": (params) => ({
    data: cwdsOf(params.cwds).map((cwd) => ({ cwd, skills: [], errors: [] })),
  }),
  "plugin/installed": () => ({ marketplaces: [], marketplaceLoadErrors: [] }),
  "app/installed": () => ({ apps: [] }),
  "app/list": () => ({ data: [], nextCursor: null }),
  "collaborationMode/list": () => ({ data: BUILT_IN_COLLABORATION_MODES.map((mode) => ({ ...mode })) }),
  "account/bedrock/checkGovCloudRequirements": () => ({ isGovCloud: false, shouldWarn: false }),
  "experimentalFeature/list": (params, { services }) =>
    listFeatures(
      services.config.values,
      services.runtimeFeatures,
      params.cursor,
      params.limit,
      services.config.requirements?.featureRequirements ?? null,
    ),
  "experimentalFeature/enablement/set": (params, { services }) => ({
    enablement: services.runtimeFeatures.set(params.enablement),
  }),
};
