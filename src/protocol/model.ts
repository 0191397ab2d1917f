import { z } from "zod";
import { Int } from "./common.js";
import { ReasoningEffort } from "./policy.js";
import { named } from "./schema-meta.js";

export const ModelListParams = named(
  "ModelListParams",
  z.object({
    cursor: z.string().nullish(),
    limit: Int.nonnegative().nullish(),
    includeHidden: z.boolean().nullish(),
    modelProvider: z.string().nullish(),
  }),
);
export type ModelListParams = z.infer<typeof ModelListParams>;

export const ReasoningEffortOption = named(
  "ReasoningEffortOption",
  z.object({ reasoningEffort: ReasoningEffort, description: z.string() }),
);

export const ModelUpgradeInfo = named(
  "ModelUpgradeInfo",
  z.object({
    model: z.string(),
    upgradeCopy: z.string().nullable(),
    modelLink: z.string().nullable(),
    migrationMarkdown: z.string().nullable(),
    retirementAt: Int.nullable(),
  }),
);

export const ModelAvailabilityNux = named("ModelAvailabilityNux", z.object({ message: z.string() }));

export const ModelServiceTier = named(
  "ModelServiceTier",
  z.object({ id: z.string(), name: z.string(), description: z.string() }),
);

export const InputModality = named("InputModality", z.enum(["text", "image", "audio"]));
export const MultiAgentVersion = named("MultiAgentVersion", z.enum(["disabled", "v1", "v2"]));

export const ModelAccessPrograms = named(
  "ModelAccessPrograms",
  z.object({ cyber: z.array(z.enum(["standard", "daybreakBlue", "daybreakRed"])) }),
);

export const Model = named(
  "Model",
  z.object({
    id: z.string(),
    model: z.string(),
    upgrade: z.string().nullable(),
    upgradeInfo: ModelUpgradeInfo.nullable(),
    availabilityNux: ModelAvailabilityNux.nullable(),
    displayName: z.string(),
    description: z.string(),
    modelSpecialty: z.string().nullable(),
    hidden: z.boolean(),
    /** In the catalogue's order. */
    supportedReasoningEfforts: z.array(ReasoningEffortOption),
    defaultReasoningEffort: ReasoningEffort,
    inputModalities: z.array(InputModality),
    /** @deprecated Always false. */
    supportsPersonality: z.boolean(),
    multiAgentVersion: MultiAgentVersion.nullable(),
    /** @deprecated Use `serviceTiers`. */
    additionalSpeedTiers: z.array(z.string()),
    serviceTiers: z.array(ModelServiceTier),
    defaultServiceTier: z.string().nullable(),
    availableAccessPrograms: ModelAccessPrograms.nullable(),
    isDefault: z.boolean(),
  }),
);
export type Model = z.infer<typeof Model>;

export const ModelListResponse = named(
  "ModelListResponse",
  z.object({
    data: z.array(Model),
    /** Opaque; pass it back to continue after the last item. `null` on the last page. */
    nextCursor: z.string().nullable(),
  }),
);
export type ModelListResponse = z.infer<typeof ModelListResponse>;

/** Why the backend answered with another model than the one requested. */
export const ModelRerouteReason = named("ModelRerouteReason", z.enum(["highRiskCyberActivity"]));

/** The backend served a turn's request with another model (its `OpenAI-Model` header or a stream event said so). */
export const ModelReroutedNotification = named(
  "ModelReroutedNotification",
  z.object({ threadId: z.string(), turnId: z.string(), fromModel: z.string(), toModel: z.string(), reason: ModelRerouteReason }),
);

/** A verification the backend recommends for the account (a `response.metadata` event said so). */
export const ModelVerification = named("ModelVerification", z.enum(["trustedAccessForCyber"]));

export const ModelVerificationNotification = named(
  "ModelVerificationNotification",
  z.object({ threadId: z.string(), turnId: z.string(), verifications: z.array(ModelVerification) }),
);

/** The backend holds a turn's output back for extra safety checks (a stream event's `safety_buffering`). */
export const ModelSafetyBufferingUpdatedNotification = named(
  "ModelSafetyBufferingUpdatedNotification",
  z.object({
    threadId: z.string(),
    turnId: z.string(),
    model: z.string(),
    useCases: z.array(z.string()),
    reasons: z.array(z.string()),
    showBufferingUi: z.boolean(),
    fasterModel: z.string().nullable(),
  }),
);
