import type { Logger } from "../../../logging/logger.js";
import type {
  FuzzyFileSearchParams,
  FuzzyFileSearchResponse,
  FuzzyFileSearchSessionStartParams,
  FuzzyFileSearchSessionStopParams,
  FuzzyFileSearchSessionUpdateParams,
} from "../../../protocol/fuzzy-file-search.js";
import { internalError, invalidRequest } from "../../../protocol/errors.js";
import type { ClientConnection } from "../../ports.js";
import { buildIndex, type FileIndex } from "./file-index.js";
import { rank } from "./ranker.js";

/** What searches need from their connection: where session notifications go, and when it closes. */
export type SearchOwner = Pick<ClientConnection, "notify" | "signal">;

/** Runs `effect` once the request's response has been written (the handler context's `afterResponse`). */
export type AfterResponse = (effect: () => void) => void;

/** One `fuzzyFileSearch/session*` session: its roots are walked once, then each query ranks that index. */
class SearchSession {
  private readonly walk = new AbortController();
  private readonly index: Promise<FileIndex>;
  private query = "";
  /** Bumped by every query change: older work sees it and gives up. */
  private generation = 0;
  /** The last ranked query, its answer and the entries it matched (a longer query only looks at those). */
  private previous: { query: string; files: FuzzyFileSearchResponse["files"]; matched: Int32Array } | null = null;

  constructor(
    private readonly owner: SearchOwner,
    private readonly sessionId: string,
    roots: readonly string[],
    private readonly logger: Logger,
    onIndexed: (index: FileIndex) => void,
  ) {
    this.index = buildIndex(roots, this.walk.signal).then((index) => {
      onIndexed(index);
      return index;
    });
  }

  stop(): void {
    this.walk.abort();
    this.generation++;
  }

  get stopped(): boolean {
    return this.walk.signal.aborted;
  }

  setQuery(query: string): void {
    this.query = query;
    this.generation++;
  }

  /** Sends the matches of the query of `generation`, then `sessionCompleted`, unless the query changed since. */
  private async report(generation: number): Promise<void> {
    const index = await this.index;
    if (this.stopped || generation !== this.generation) return;
    const query = this.query;
    let files: FuzzyFileSearchResponse["files"] = [];
    if (query !== "" && this.previous?.query === query) {
      // The same query again (a repeated update, or a keystroke undone and redone): the index has not changed.
      files = this.previous.files;
    } else if (query !== "") {
      const narrowed = this.previous && query.startsWith(this.previous.query) ? this.previous.matched : undefined;
      const outcome = rank(index, query, narrowed);
      this.previous = { query, files: outcome.files, matched: outcome.matched };
      files = outcome.files;
    }
    this.owner.notify("fuzzyFileSearch/sessionUpdated", { sessionId: this.sessionId, query, files });
    this.owner.notify("fuzzyFileSearch/sessionCompleted", { sessionId: this.sessionId });
  }

  /** Answers the current query once the request's response is out (and the walk done). */
  reportLater(afterResponse: AfterResponse): void {
    // Taken now: a query change that arrives before this response is written supersedes it.
    const generation = this.generation;
    afterResponse(() => {
      this.report(generation).catch((error: unknown) => this.logger.warn({ err: error }, "fuzzy file search session failed"));
    });
  }
}

interface OwnerState {
  sessions: Map<string, SearchSession>;
  /** In-flight `fuzzyFileSearch` requests by `cancellationToken`. */
  searches: Map<string, AbortController>;
}

/** `fuzzyFileSearch` and its sessions, by connection; one per server, built by the composition root. */
export class FuzzySearchService {
  private readonly byOwner = new Map<SearchOwner, OwnerState>();
  private matcherWarm = false;

  constructor(private readonly context: { logger: Logger }) {}

  private state(owner: SearchOwner): OwnerState {
    let state = this.byOwner.get(owner);
    if (state) return state;
    state = { sessions: new Map(), searches: new Map() };
    if (owner.signal.aborted) return state;
    this.byOwner.set(owner, state);
    const dropped = state;
    owner.signal.addEventListener(
      "abort",
      () => {
        this.byOwner.delete(owner);
        for (const session of dropped.sessions.values()) session.stop();
        for (const search of dropped.searches.values()) search.abort();
      },
      { once: true },
    );
    return state;
  }

  /** One search; a newer one with the same token makes this one answer with no files. */
  async search(owner: SearchOwner, params: FuzzyFileSearchParams): Promise<FuzzyFileSearchResponse> {
    const state = this.state(owner);
    const token = params.cancellationToken ?? null;
    const cancel = new AbortController();
    if (token !== null) {
      state.searches.get(token)?.abort();
      state.searches.set(token, cancel);
    }
    const onClose = () => cancel.abort();
    owner.signal.addEventListener("abort", onClose, { once: true });
    try {
      if (params.query === "" || params.roots.length === 0) return { files: [] };
      const index = await buildIndex(params.roots, cancel.signal);
      if (cancel.signal.aborted) return { files: [] };
      return { files: rank(index, params.query).files };
    } finally {
      owner.signal.removeEventListener("abort", onClose);
      if (token !== null && state.searches.get(token) === cancel) state.searches.delete(token);
    }
  }

  startSession(owner: SearchOwner, params: FuzzyFileSearchSessionStartParams, afterResponse: AfterResponse) {
    if (params.sessionId === "") throw invalidRequest("sessionId must not be empty");
    if (params.roots.length === 0) {
      throw internalError("failed to start fuzzy file search session: at least one search directory is required");
    }
    const sessions = this.state(owner).sessions;
    sessions.get(params.sessionId)?.stop();
    const session = new SearchSession(owner, params.sessionId, params.roots, this.context.logger, (index) =>
      this.warmMatcher(index),
    );
    if (owner.signal.aborted) session.stop();
    else sessions.set(params.sessionId, session);
    // Once the walk is done the (still empty) query is answered, as the reference does.
    session.reportLater(afterResponse);
    return {};
  }

  updateSession(owner: SearchOwner, params: FuzzyFileSearchSessionUpdateParams, afterResponse: AfterResponse) {
    const session = this.byOwner.get(owner)?.sessions.get(params.sessionId);
    if (!session) throw invalidRequest(`fuzzy file search session not found: ${params.sessionId}`);
    session.setQuery(params.query);
    session.reportLater(afterResponse);
    return {};
  }

  /**
   * The first query of a process would pay for compiling the matcher (tens
   * of ms on a large tree); a throwaway query while the session is still
   * quiet pays it before the user types.
   */
  private warmMatcher(index: FileIndex): void {
    if (this.matcherWarm || index.size === 0) return;
    this.matcherWarm = true;
    for (const query of ["e", "ea", "s/e"]) rank(index, query);
  }

  /** Unknown sessions are fine (the reference answers `{}` too). */
  stopSession(owner: SearchOwner, params: FuzzyFileSearchSessionStopParams) {
    const sessions = this.byOwner.get(owner)?.sessions;
    sessions?.get(params.sessionId)?.stop();
    sessions?.delete(params.sessionId);
    return {};
  }
}
