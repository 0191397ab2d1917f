import {
  archiveThread,
  deleteThread,
  forkThread,
  listItems,
  listLoadedThreads,
  listThreads,
  listTurns,
  readThread,
  resumeThread,
  setThreadName,
  startThread,
  unarchiveThread,
  unsubscribeThread,
  updateReadState,
  updateThreadMetadata,
} from "../core/thread-methods.js";
import type { HandlerTable } from "./context.js";

type ThreadMethods =
  | "thread/start"
  | "thread/resume"
  | "thread/fork"
  | "thread/archive"
  | "thread/unarchive"
  | "thread/delete"
  | "thread/unsubscribe"
  | "thread/name/set"
  | "thread/metadata/update"
  | "thread/list"
  | "thread/loaded/list"
  | "thread/read"
  | "thread/readState/update"
  | "thread/turns/list"
  | "thread/items/list";

export const threadHandlers: Pick<HandlerTable, ThreadMethods> = {
  "thread/start": (params, { server, session }) => startThread(server, session, params),
  "thread/resume": (params, { server, session }) => resumeThread(server, session, params),
  "thread/fork": (params, { server, session }) => forkThread(server, session, params),
  "thread/archive": (params, { server }) => archiveThread(server, params),
  "thread/unarchive": (params, { server }) => unarchiveThread(server, params),
  "thread/delete": (params, { server }) => deleteThread(server, params),
  "thread/unsubscribe": (params, { server, session }) => unsubscribeThread(server, session, params),
  "thread/name/set": (params, { server }) => setThreadName(server, params),
  "thread/metadata/update": (params, { server }) => updateThreadMetadata(server, params),
  "thread/list": (params, { server }) => listThreads(server, params),
  "thread/loaded/list": (params, { server }) => listLoadedThreads(server, params),
  "thread/read": (params, { server, session }) => readThread(server, session, params),
  "thread/readState/update": (params, { server }) => updateReadState(server, params),
  "thread/turns/list": (params, { server }) => listTurns(server, params),
  "thread/items/list": (params, { server }) => listItems(server, params),
};
