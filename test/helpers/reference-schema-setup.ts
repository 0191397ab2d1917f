/**
 * vitest globalSetup of both projects: generates the reference JSON Schema
 * from the pinned @openai/codex devDependency before any test file runs (once
 * per install; later runs find it in node_modules/.cache).
 */
import { ensureReferenceSchema } from "../../scripts/reference-schema.mjs";

export default function setup(): void {
  ensureReferenceSchema();
}
