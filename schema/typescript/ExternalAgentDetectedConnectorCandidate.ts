// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ExternalAgentDetectedConnectorCandidate = {
  name: string;
  sessionCount: number;
  source: "remoteMcpServersConfig" | "sessionToolUse";
};
