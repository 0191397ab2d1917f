// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { DynamicToolNamespaceTool } from "./DynamicToolNamespaceTool";

export type DynamicToolSpec = {
  type: "function";
  name: string;
  description: string;
  inputSchema: unknown;
  deferLoading?: boolean;
} | {
  type: "namespace";
  name: string;
  description: string;
  tools: Array<DynamicToolNamespaceTool>;
};
