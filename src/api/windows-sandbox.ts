import { absolutePath } from "../core/workspace/absolute-path.js";
import { windowsSandboxReadiness, windowsSandboxSetupOutcome } from "../core/sandbox/windows-sandbox.js";
import type { HandlerTable } from "./context.js";

/** windowsSandbox/*: a setup's outcome goes to the connection that asked, after the answer. */
export const windowsSandboxHandlers: Pick<HandlerTable, "windowsSandbox/readiness" | "windowsSandbox/setupStart"> = {
  "windowsSandbox/readiness"() {
    return { status: windowsSandboxReadiness() };
  },

  "windowsSandbox/setupStart"({ mode, cwd }, { connection, afterResponse }) {
    if (typeof cwd === "string") absolutePath(cwd);
    afterResponse(() => connection.notify("windowsSandbox/setupCompleted", windowsSandboxSetupOutcome(mode)));
    return { started: true };
  },
};
