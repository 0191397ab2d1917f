import { listFeatures } from "../config/features.js";
import type { CollaborationModeMask } from "../protocol/extensions.js";
import path from "node:path";
import { writeSkillConfig, skillSelector } from "../core/skills/config-write.js";
import { invalidRequest } from "../protocol/errors.js";
import type { HandlerTable } from "./context.js";

type ExtensionMethods =
  | "hooks/list"
  | "skills/list"
  | "skills/extraRoots/set"
  | "skills/config/write"
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
 * Hooks and skills (backed by their catalogs), the feature-flag registry, and
 * surfaces this server does not have (plugins, apps, Bedrock): well-formed empty
 * answers, so clients that call them at startup carry on.
 */
export const extensionHandlers: Pick<HandlerTable, ExtensionMethods> = {
  "hooks/list": (params, ctx) => {
    const cwds = params.threadId ? [ctx.services.threads.getLoaded(params.threadId).record.settings.cwd] : cwdsOf(params.cwds);
    return { data: cwds.map((cwd) => ctx.services.hooks.list(cwd)) };
  },
  "skills/list": (params, ctx) => ({
    data: cwdsOf(params.cwds).map((cwd) => ctx.services.skills.list(cwd, params.forceReload === true)),
  }),
  "skills/extraRoots/set": (params, ctx) => {
    const relative = params.extraRoots.find((root) => !path.isAbsolute(root));
    if (relative !== undefined) throw invalidRequest(`extraRoots: path must be absolute: ${relative}`);
    ctx.services.skills.setExtraRoots(params.extraRoots.map((root) => path.resolve(root)));
    return {};
  },
  "skills/config/write": (params, ctx) => {
    const selector = skillSelector(params);
    writeSkillConfig(path.join(ctx.services.codexHome, "config.toml"), selector, params.enabled);
    // As every other config writer: the server's view follows the file.
    ctx.services.reloadConfig();
    return { effectiveEnabled: ctx.services.skills.effectiveEnabled(selector) };
  },
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
