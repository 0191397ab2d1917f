// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.
import type { GuardianCommandSource } from "./GuardianCommandSource";

export type GuardianApprovalReviewAction = {
  type: "command";
  source: GuardianCommandSource;
  command: string;
  cwd: string;
} | {
  type: "execve";
  source: GuardianCommandSource;
  program: string;
  argv: Array<string>;
  cwd: string;
} | {
  type: "writeStdin";
  approvalId: string;
  processId: string;
  stdin: string;
  cwd: string;
} | {
  type: "applyPatch";
  cwd: string;
  files: Array<string>;
} | {
  type: "networkAccess";
  target: string;
  host: string;
  protocol: "http" | "https" | "socks5Tcp" | "socks5Udp";
  port: number;
} | {
  type: "mcpToolCall";
  server: string;
  toolName: string;
  connectorId?: string | null;
  connectorName?: string | null;
  toolTitle?: string | null;
} | {
  type: "requestPermissions";
  reason?: string | null;
  permissions: { [key: string]: unknown };
};
