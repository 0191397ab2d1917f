// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type BedrockProviderId = "amazon-bedrock" | "amazon-bedrock-runtime";
