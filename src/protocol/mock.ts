import { z } from "zod";
import { named } from "./schema-meta.js";

/** The reference's test-only experimental method: echoes `value`. Used to exercise gating. */
export const MockExperimentalMethodParams = named(
  "MockExperimentalMethodParams",
  z.object({ value: z.string().nullish() }),
);

export const MockExperimentalMethodResponse = named(
  "MockExperimentalMethodResponse",
  z.object({ echoed: z.string().nullable() }),
);
