// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type GranularAskForApproval = {
  granular: {
    sandbox_approval: boolean;
    rules: boolean;
    skill_approval?: boolean;
    request_permissions?: boolean;
    mcp_elicitations: boolean;
  };
};
