/**
 * The bundled model catalogue served by `model/list`: the models, their
 * reasoning efforts and service tiers, in display order. Entries mirror what
 * the reference (codex-cli 0.169.0) reports for its bundled catalogue.
 */
import type { Model } from "../protocol/model.js";

const EFFORT_DESCRIPTIONS = {
  low: "Fast responses with lighter reasoning",
  medium: "Balances speed and reasoning depth for everyday tasks",
  high: "Greater reasoning depth for complex problems",
  xhigh: "Extra high reasoning depth for complex problems",
  max: "Maximum reasoning depth for the hardest problems",
  ultra: "Maximum reasoning with automatic task delegation",
} as const;
type Effort = keyof typeof EFFORT_DESCRIPTIONS;

const UP_TO_ULTRA: Effort[] = ["low", "medium", "high", "xhigh", "max", "ultra"];
const UP_TO_MAX: Effort[] = ["low", "medium", "high", "xhigh", "max"];

const MEET_SOL =
  "Meet GPT-6 Sol\n\nOur latest Sol is more intelligent and more efficient so your usage limits go further. This model is a great daily driver for complex tasks, especially coding.\n";
const MEET_LUNA =
  "Meet GPT-6 Luna\n\nOur latest Luna is significantly more efficient, so your usage limits go even further. Reach for it for any job that doesn't require frontier intelligence.\n";

interface CatalogEntry {
  slug: string;
  displayName: string;
  description: string;
  efforts: Effort[];
  defaultEffort: Effort;
  hidden?: boolean;
  upgrade?: { model: string; migrationMarkdown: string };
  availabilityNux?: string;
  modelSpecialty?: string;
  multiAgentVersion: "disabled" | "v1" | "v2" | null;
  /** The `priority` ("Fast") service tier's description; absent when the model has no fast tier. */
  fastTier?: string;
  defaultServiceTier?: string;
}

const CATALOG: readonly CatalogEntry[] = [
  {
    slug: "gpt-6.1-sol",
    displayName: "GPT-6.1-Sol",
    description: "Latest workhorse model for coding and everyday work.",
    efforts: UP_TO_ULTRA,
    defaultEffort: "low",
    availabilityNux: "Maximize usage with GPT-6.1 Sol. Try it on complex work for near-Astra performance at a lower cost.",
    multiAgentVersion: "v2",
    fastTier: "2x speed, increased usage",
  },
  {
    slug: "gpt-6-astra",
    displayName: "GPT-6-Astra",
    description: "Frontier intelligence for the most demanding work.",
    efforts: UP_TO_ULTRA,
    defaultEffort: "low",
    multiAgentVersion: "v2",
    fastTier: "2x speed, increased usage",
  },
  {
    slug: "gpt-6-sol",
    displayName: "GPT-6-Sol",
    description: "Previous generation workhorse model.",
    efforts: UP_TO_ULTRA,
    defaultEffort: "medium",
    multiAgentVersion: "v2",
    fastTier: "1.5x speed",
    defaultServiceTier: "priority",
  },
  {
    slug: "gpt-6-luna",
    displayName: "GPT-6-Luna",
    description: "Fast and affordable model for easier tasks.",
    efforts: UP_TO_MAX,
    defaultEffort: "medium",
    multiAgentVersion: "v2",
    fastTier: "1.5x speed",
    defaultServiceTier: "priority",
  },
  {
    slug: "gpt-5.6-sol",
    displayName: "GPT-5.6-Sol",
    description: "Older generation workhorse model.",
    efforts: UP_TO_ULTRA,
    defaultEffort: "low",
    upgrade: { model: "gpt-6-sol", migrationMarkdown: MEET_SOL },
    multiAgentVersion: "v2",
    fastTier: "1.5x speed, increased usage",
  },
  {
    slug: "gpt-6.1-terra",
    displayName: "GPT-6.1 Terra",
    description: "GPT-6.1 Terra Codex model.",
    efforts: UP_TO_ULTRA,
    defaultEffort: "low",
    multiAgentVersion: "v2",
    fastTier: "1.5x speed",
  },
  {
    slug: "gpt-5.6-terra",
    displayName: "GPT-5.6-Terra",
    description: "Older balanced model for straightforward work.",
    efforts: UP_TO_ULTRA,
    defaultEffort: "medium",
    upgrade: { model: "gpt-6-sol", migrationMarkdown: MEET_SOL },
    multiAgentVersion: "v2",
    fastTier: "1.5x speed, increased usage",
  },
  {
    slug: "gpt-5.6-luna",
    displayName: "GPT-5.6-Luna",
    description: "Older fast and efficient model.",
    efforts: UP_TO_MAX,
    defaultEffort: "medium",
    upgrade: { model: "gpt-6-luna", migrationMarkdown: MEET_LUNA },
    multiAgentVersion: "v1",
    fastTier: "1.5x speed, increased usage",
  },
  {
    slug: "gpt-daybreak-blue-latest",
    displayName: "Daybreak Blue",
    description: "Latest frontier agentic coding model for broad defensive cybersecurity work.",
    efforts: UP_TO_ULTRA,
    defaultEffort: "low",
    hidden: true,
    modelSpecialty: "cyber",
    multiAgentVersion: "v2",
  },
  {
    slug: "gpt-daybreak-red-latest",
    displayName: "Daybreak Red",
    description:
      "Cyber-permissive variant of our latest frontier agentic coding model for advanced, authorized cybersecurity research.",
    efforts: UP_TO_ULTRA,
    defaultEffort: "medium",
    hidden: true,
    modelSpecialty: "cyber",
    multiAgentVersion: "v2",
  },
  {
    slug: "gpt-5.5",
    displayName: "GPT-5.5",
    description: "Legacy coding model.",
    efforts: ["low", "medium", "high", "xhigh"],
    defaultEffort: "medium",
    upgrade: { model: "gpt-6-sol", migrationMarkdown: MEET_SOL },
    multiAgentVersion: null,
    fastTier: "1.5x speed, increased usage",
  },
  {
    slug: "codex-auto-review",
    displayName: "Codex Auto Review",
    description: "Automatic approval review model for Codex.",
    efforts: UP_TO_MAX,
    defaultEffort: "medium",
    hidden: true,
    multiAgentVersion: "v1",
    fastTier: "1.5x speed, increased usage",
  },
];

function toModel(entry: CatalogEntry, isDefault: boolean): Model {
  return {
    id: entry.slug,
    model: entry.slug,
    upgrade: entry.upgrade?.model ?? null,
    upgradeInfo: entry.upgrade
      ? {
          model: entry.upgrade.model,
          upgradeCopy: null,
          modelLink: null,
          migrationMarkdown: entry.upgrade.migrationMarkdown,
          retirementAt: null,
        }
      : null,
    availabilityNux: entry.availabilityNux ? { message: entry.availabilityNux } : null,
    displayName: entry.displayName,
    description: entry.description,
    modelSpecialty: entry.modelSpecialty ?? null,
    hidden: entry.hidden === true,
    supportedReasoningEfforts: entry.efforts.map((effort) => ({
      reasoningEffort: effort,
      description: EFFORT_DESCRIPTIONS[effort],
    })),
    defaultReasoningEffort: entry.defaultEffort,
    inputModalities: ["text", "image"],
    supportsPersonality: false,
    multiAgentVersion: entry.multiAgentVersion,
    additionalSpeedTiers: entry.fastTier ? ["fast"] : [],
    serviceTiers: entry.fastTier ? [{ id: "priority", name: "Fast", description: entry.fastTier }] : [],
    defaultServiceTier: entry.defaultServiceTier ?? null,
    availableAccessPrograms: null,
    isDefault,
  };
}

/**
 * The catalogue in display order. The configured model is marked `isDefault`
 * when it is in the catalogue; otherwise the first listed model is.
 * Hidden models are included only with `includeHidden`.
 */
export function listModels(options: { configuredModel: string | null; includeHidden: boolean }): Model[] {
  const defaultSlug = CATALOG.some((entry) => entry.slug === options.configuredModel)
    ? options.configuredModel
    : CATALOG[0]!.slug;
  return CATALOG.filter((entry) => options.includeHidden || entry.hidden !== true).map((entry) =>
    toModel(entry, entry.slug === defaultSlug),
  );
}

/** Catalogue metadata for one model, hidden ones included; `undefined` when unknown. */
export function findModel(slug: string): Model | undefined {
  const entry = CATALOG.find((e) => e.slug === slug);
  return entry ? toModel(entry, false) : undefined;
}

/** Whether the catalogue has metadata for `slug` (hidden models included). */
export function isKnownModel(slug: string): boolean {
  return CATALOG.some((e) => e.slug === slug);
}

/** The model used when none is configured: the first catalogue entry. */
export const DEFAULT_MODEL = CATALOG[0]!.slug;
