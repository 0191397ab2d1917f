// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type CodexErrorInfo = "contextWindowExceeded" | "sessionBudgetExceeded" | "usageLimitExceeded" | "rateLimitExceeded" | "flexUnavailable" | "serverOverloaded" | "modelNotFound" | "policyCapacityUnavailable" | "inferenceHookDenied" | "cyberPolicy" | "misalignmentPolicyViolation" | "tooManyDenials" | "internalServerError" | "unauthorized" | "badRequest" | "threadRollbackFailed" | "sandboxError" | "other" | {
  httpConnectionFailed: {
    httpStatusCode: number | null;
  };
} | {
  responseStreamConnectionFailed: {
    httpStatusCode: number | null;
  };
} | {
  responseStreamDisconnected: {
    httpStatusCode: number | null;
  };
} | {
  responseTooManyFailedAttempts: {
    httpStatusCode: number | null;
  };
} | {
  activeTurnNotSteerable: {
    turnKind: "review" | "compact";
  };
};
