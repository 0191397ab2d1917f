import type { CancellationToken } from "vscode-jsonrpc/node";
import type { ClientMethod, ParamsOf, ResultOf } from "../protocol/registry.js";
import type { AppServer } from "./app-server.js";
import type { Session } from "./session.js";

export interface RequestContext {
  readonly server: AppServer;
  readonly session: Session;
  /** Cancelled by `$/cancelRequest`, connection close or server shutdown. */
  readonly signal: AbortSignal;
  readonly token: CancellationToken;
}

export type Handler<M extends ClientMethod> = (
  params: ParamsOf<M>,
  context: RequestContext,
) => ResultOf<M> | Promise<ResultOf<M>>;

export type HandlerTable = { [M in ClientMethod]: Handler<M> };
