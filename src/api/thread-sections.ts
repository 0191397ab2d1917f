import { createSection, deleteSection, listSections, moveThreadToSection, updateSection } from "../core/thread-sections.js";
import type { HandlerTable } from "./context.js";

type ThreadSectionMethods =
  | "threadSection/list"
  | "threadSection/create"
  | "threadSection/update"
  | "threadSection/delete"
  | "thread/section/move";

/** Sidebar sections; a move is announced to every connection after its answer. */
export const threadSectionHandlers: Pick<HandlerTable, ThreadSectionMethods> = {
  "threadSection/list"({ cursor, limit }, { services }) {
    return listSections(services.threads, cursor, limit);
  },

  "threadSection/create"({ name, appearance }, { services }) {
    return { section: createSection(services.threads, name, appearance) };
  },

  "threadSection/update"({ sectionId, name, appearance }, { services }) {
    return { section: updateSection(services.threads, sectionId, name, appearance) };
  },

  "threadSection/delete"({ sectionId }, { services }) {
    deleteSection(services.threads, sectionId);
    return {};
  },

  "thread/section/move"(params, { services, afterResponse }) {
    const changed = moveThreadToSection(services.threads, params);
    afterResponse(() => services.broadcast("thread/section/changed", changed));
    return {};
  },
};
