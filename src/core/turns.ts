import type { TurnClientMetadata, TurnTrigger } from "./turn/request-context.js";
import type { LoadedConfig } from "../config/load.js";
import { fallbackMetadataWarning, type ModelInfo } from "../model/catalog-entry.js";
import { modelMetadataFor } from "../model/model-metadata.js";
import type { JsonValue } from "../protocol/common.js";
import type { UserInput } from "../protocol/item.js";
import type { Turn } from "../protocol/turn.js";
import { invalidRequest } from "../protocol/errors.js";
import type { ActiveTurnHandle, LoadedThread } from "./loaded-thread.js";
import { TurnRunner, type ReviewTurn, type TurnBody, type TurnKind, type TurnServices, type TurnTools } from "./turn-runner.js";
import type { ReviewPlan } from "./review/review-target.js";
import { inProgressTurn } from "./wire-shapes.js";

/** `cannot steer a compact turn` / `… review turn`, with the TurnError the reference puts in `data`. */
export function notSteerableError(kind: "compact" | "review") {
  const message = `cannot steer a ${kind} turn`;
  return invalidRequest(message, {
    message,
    codexErrorInfo: { activeTurnNotSteerable: { turnKind: kind } },
    additionalDetails: null,
    misalignment: null,
  });
}

/** True once a turn has started finishing (it no longer accepts input or interrupts). */
export function isFinishing(turn: ActiveTurnHandle): boolean {
  return (turn as { finishing?: boolean }).finishing === true;
}

/** Adds input to a running turn (turn/steer, or turn/start merged into it). */
export function steerTurn(turn: ActiveTurnHandle, input: UserInput[], clientUserMessageId: string | null): void {
  if (turn instanceof TurnRunner) turn.steer(input, clientUserMessageId);
  else turn.steer(input);
}

/** The thread's running turn, after waiting out one that is finishing (it ends within a tick or two). */
async function runningTurn(thread: LoadedThread): Promise<ActiveTurnHandle | undefined> {
  let active = thread.activeTurn;
  while (active && isFinishing(active)) {
    await (active as TurnRunner).done;
    active = thread.activeTurn;
  }
  return active;
}

/**
 * `warning` to the thread's subscribers when a turn starts on a model the
 * catalogue has no metadata for: every new turn, as the reference does (input
 * merged into a running turn starts none). Sent before the turn/start answer.
 */
function warnIfUnknownModel(thread: LoadedThread, config: LoadedConfig, catalog: readonly ModelInfo[]): void {
  const model = thread.record.settings.model;
  if (modelMetadataFor(model, config.values, catalog).known) return;
  thread.emit("warning", {
    threadId: thread.id,
    message: fallbackMetadataWarning(model),
  });
}

function sameSchema(a: JsonValue | null | undefined, b: JsonValue | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export interface StartTurnOptions {
  input: UserInput[];
  clientUserMessageId: string | null;
  outputSchema: JsonValue | null;
  /** The requesting client's name (sent as the `originator` header). */
  originator?: string;
  /**
   * Starts the new turn's run; the caller defers it until the request that
   * started it has been answered (the reference answers turn/start first).
   */
  begin: (run: () => void) => void;
  /** Set when the user-message queue starts the turn (`turn_trigger` of the turn metadata). */
  trigger?: TurnTrigger;
  /** turn/start's, or the queued submission's, client metadata for this turn's requests. */
  clientMetadata?: TurnClientMetadata;
}

/** Starts turns on loaded threads; one per server, built by the composition root. */
export class TurnService {
  constructor(
    private readonly services: TurnServices,
    /** Tools offered to the model. */
    private readonly tools: TurnTools | undefined,
  ) {}

  /**
   * turn/start: a new turn, or — while a regular turn runs — the input joins
   * it like turn/steer and the result names the running turn.
   */
  async startOrMerge(thread: LoadedThread, options: StartTurnOptions): Promise<Turn> {
    const active = await runningTurn(thread);
    if (active) {
      if (active.kind !== "regular") throw notSteerableError(active.kind);
      if (options.outputSchema !== null && active instanceof TurnRunner && !sameSchema(active.outputSchema, options.outputSchema)) {
        throw invalidRequest("active turn uses a different output schema");
      }
      steerTurn(active, options.input, options.clientUserMessageId);
      return inProgressTurn(active.turnId);
    }
    const input = { input: options.input, clientId: options.clientUserMessageId };
    const runner = this.launch(thread, "regular", input, options.outputSchema, options.originator, options.begin, {
      trigger: options.trigger,
      clientMetadata: options.clientMetadata,
    });
    return inProgressTurn(runner.turnId);
  }

  /** thread/compact/start: a compaction turn (not steerable); `begin` as for `startOrMerge`. */
  async startCompaction(thread: LoadedThread, originator: string | undefined, begin: (run: () => void) => void): Promise<TurnRunner> {
    if (await runningTurn(thread)) {
      throw invalidRequest("a turn is already running on this thread; wait for it to finish or interrupt it before compacting");
    }
    return this.launch(thread, "compact", null, null, originator, begin);
  }

  /**
   * A turn whose work is `body` (thread/shellCommand with no turn running);
   * undefined when a turn is running (the caller then joins that one).
   */
  async startWithBody(thread: LoadedThread, body: TurnBody, originator: string | undefined, begin: (run: () => void) => void): Promise<TurnRunner | undefined> {
    const active = await runningTurn(thread);
    if (active) return undefined;
    return this.launch(thread, "regular", null, null, originator, begin, { body });
  }

  /**
   * review/start: a review turn (read-only, not steerable) on `thread`;
   * `begin` as for `startOrMerge`.
   */
  async startReview(thread: LoadedThread, plan: ReviewPlan, originator: string | undefined, begin: (run: () => void) => void): Promise<TurnRunner> {
    if (await runningTurn(thread)) {
      throw invalidRequest("a turn is already running on this thread; wait for it to finish or interrupt it before starting a review");
    }
    const configured = this.services.config.values.review_model;
    const model = typeof configured === "string" && configured.trim() !== "" ? configured.trim() : null;
    return this.launch(thread, "review", null, null, originator, begin, { review: { plan, model } });
  }

  /**
   * Installs the runner as the thread's active turn and writes the turn row
   * before the request is answered; the turn itself runs when `begin` says.
   */
  private launch(
    thread: LoadedThread,
    kind: TurnKind,
    input: { input: UserInput[]; clientId: string | null } | null,
    outputSchema: JsonValue | null,
    originator: string | undefined,
    begin: (run: () => void) => void,
    work: { body?: TurnBody; review?: ReviewTurn; trigger?: TurnTrigger; clientMetadata?: TurnClientMetadata } = {},
  ): TurnRunner {
    const runner = new TurnRunner(this.services, thread, kind, input, outputSchema, this.tools, originator, work.review);
    runner.body = work.body;
    runner.trigger = work.trigger;
    runner.clientMetadata = work.clientMetadata;
    thread.activeTurn = runner;
    try {
      this.services.threads.recordTurnStarted(thread, runner.record("inProgress"));
    } catch (error) {
      if (thread.activeTurn === runner) thread.activeTurn = undefined;
      throw error;
    }
    if (!work.body) warnIfUnknownModel(thread, this.services.config, this.services.modelCatalog.currentModelCatalog());
    begin(() => void runner.run());
    return runner;
  }
}
