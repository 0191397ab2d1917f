// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { ToolRequestUserInputAnswer } from "./ToolRequestUserInputAnswer";

export type ToolRequestUserInputResponse = {
  answers: { [key: string]: ToolRequestUserInputAnswer };
};
