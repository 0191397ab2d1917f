// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { AbsolutePathBuf } from "./AbsolutePathBuf";
import type { AppSummary } from "./AppSummary";
import type { AppTemplateSummary } from "./AppTemplateSummary";
import type { PluginHookSummary } from "./PluginHookSummary";
import type { PluginSummary } from "./PluginSummary";
import type { ScheduledTaskSummary } from "./ScheduledTaskSummary";
import type { SkillSummary } from "./SkillSummary";

export type PluginDetail = {
  marketplaceName: string;
  marketplacePath: AbsolutePathBuf | null;
  summary: PluginSummary;
  shareUrl: string | null;
  description: string | null;
  skills: Array<SkillSummary>;
  onboardingSkill: SkillSummary | null;
  hooks: Array<PluginHookSummary>;
  apps: Array<AppSummary>;
  appTemplates: Array<AppTemplateSummary>;
  mcpServers: Array<string>;
  scheduledTasks: Array<ScheduledTaskSummary> | null;
};
