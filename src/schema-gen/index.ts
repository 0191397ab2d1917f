import { jsonSchemaFiles } from "./json-output.js";
import { typeScriptFiles } from "./ts-output.js";
import { writeGenerated } from "./write-output.js";

/**
 * Writes the wire fixtures generated from the zod registry: JSON Schema
 * (`generate-json-schema`) or TypeScript types (`generate-ts`). Without
 * `experimental`, experimental methods and fields are left out.
 */
export async function generate(format: "json" | "typescript", out: string, experimental: boolean): Promise<void> {
  if (format === "json") {
    await writeGenerated(out, ".json", jsonSchemaFiles(experimental));
  } else {
    await writeGenerated(out, ".ts", typeScriptFiles(experimental));
  }
}
