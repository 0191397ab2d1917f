// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type ProcessExitedNotification = {
  processHandle: string;
  exitCode: number;
  outputDrainTimedOut?: boolean | null;
  stdout: string;
  stdoutCapReached: boolean;
  stderr: string;
  stderrCapReached: boolean;
};
