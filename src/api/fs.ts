import { base64JsonString } from "../util/raw-json.js";
import type { HandlerTable } from "./context.js";

export const fsHandlers: Pick<
  HandlerTable,
  | "fs/readFile"
  | "fs/writeFile"
  | "fs/createDirectory"
  | "fs/getMetadata"
  | "fs/readDirectory"
  | "fs/remove"
  | "fs/copy"
  | "fs/watch"
  | "fs/unwatch"
> = {
  "fs/readFile": async (params, { services }) => {
    const { dataBase64 } = await services.fileSystem.readFile(params);
    return { dataBase64: base64JsonString(dataBase64) };
  },
  "fs/writeFile": (params, { services }) => services.fileSystem.writeFile(params),
  "fs/createDirectory": (params, { services }) => services.fileSystem.createDirectory(params),
  "fs/getMetadata": (params, { services }) => services.fileSystem.getMetadata(params),
  "fs/readDirectory": (params, { services }) => services.fileSystem.readDirectory(params),
  "fs/remove": (params, { services }) => services.fileSystem.remove(params),
  "fs/copy": (params, { services }) => services.fileSystem.copy(params),
  "fs/watch": (params, { services, connection }) => services.fsWatch.watch(connection, params),
  "fs/unwatch": (params, { services, connection }) => services.fsWatch.unwatch(connection, params),
};
