import type { HandlerTable } from "./context.js";

export const feedbackHandlers: Pick<HandlerTable, "feedback/save" | "feedback/upload"> = {
  "feedback/save"(params, { services }) {
    return services.feedback.save(params);
  },

  "feedback/upload"(params, { services }) {
    return services.feedback.upload(params);
  },
};
