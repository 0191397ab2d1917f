import type { ClientMethod, ParamsOf, ResultOf } from "../protocol/registry.js";
// Transitional: the handlers still reach the services through the server object.
// The composition-root work replaces this with the narrow services the handlers use.
import type { AppServer } from "../server/app-server.js";
import type { Session } from "../server/session.js";

export interface RequestContext {
  readonly server: AppServer;
  readonly session: Session;
  /** Cancelled by `$/cancelRequest`, connection close or server shutdown. */
  readonly signal: AbortSignal;
  /**
   * Runs `effect` once this request's successful response has been queued on
   * the connection, before anything queued later: notifications a request
   * causes (`thread/started` after `thread/start`...) follow its response.
   */
  afterResponse(effect: () => void): void;
}

export type Handler<M extends ClientMethod> = (
  params: ParamsOf<M>,
  context: RequestContext,
) => ResultOf<M> | Promise<ResultOf<M>>;

export type HandlerTable = { [M in ClientMethod]: Handler<M> };
