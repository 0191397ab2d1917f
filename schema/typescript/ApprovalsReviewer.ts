// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ApprovalsReviewer = "user" | "auto_review" | "guardian_subagent";
