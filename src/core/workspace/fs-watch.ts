import type { FsUnwatchParams, FsWatchParams } from "../../protocol/fs.js";
import { invalidRequest } from "../../protocol/errors.js";
import type { ClientConnection } from "../ports.js";
import { absolutePath } from "./absolute-path.js";
import { PathWatcher } from "./path-watcher.js";

/** The reference batches a watch's changes for 200 ms into one `fs/changed`. */
export const FS_CHANGED_DEBOUNCE_MS = 200;

/** What a watch needs from its connection: where `fs/changed` goes, and when it closes. */
export type WatchOwner = Pick<ClientConnection, "notify" | "signal">;

class Watch {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly watcher: PathWatcher;

  constructor(
    private readonly owner: WatchOwner,
    private readonly watchId: string,
    target: string,
  ) {
    this.watcher = new PathWatcher(target, (changed) => this.record(changed));
  }

  private record(changed: string): void {
    this.pending.add(changed);
    this.timer ??= setTimeout(() => this.flush(), FS_CHANGED_DEBOUNCE_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const changedPaths = [...this.pending].sort();
    this.pending.clear();
    if (changedPaths.length > 0) this.owner.notify("fs/changed", { watchId: this.watchId, changedPaths });
  }

  /** No `fs/changed` follows once this returns. */
  stop(): void {
    this.watcher.close();
    clearTimeout(this.timer);
    this.pending.clear();
  }
}

/** The server's `fs/watch` watches, by connection; one per server, built by the composition root. */
export class FsWatchManager {
  private readonly byOwner = new Map<WatchOwner, Map<string, Watch>>();

  /** The connection's watches; stopped and forgotten when it closes. */
  private watches(owner: WatchOwner): Map<string, Watch> {
    let map = this.byOwner.get(owner);
    if (map) return map;
    map = new Map();
    if (owner.signal.aborted) return map;
    this.byOwner.set(owner, map);
    const watches = map;
    owner.signal.addEventListener(
      "abort",
      () => {
        this.byOwner.delete(owner);
        for (const watch of watches.values()) watch.stop();
        watches.clear();
      },
      { once: true },
    );
    return map;
  }

  watch(owner: WatchOwner, params: FsWatchParams): { path: string } {
    const target = absolutePath(params.path);
    const watches = this.watches(owner);
    if (watches.has(params.watchId)) throw invalidRequest(`watchId already exists: ${params.watchId}`);
    if (owner.signal.aborted) return { path: target };
    watches.set(params.watchId, new Watch(owner, params.watchId, target));
    return { path: target };
  }

  /** Unknown ids are fine (the reference answers `{}` too). */
  unwatch(owner: WatchOwner, params: FsUnwatchParams): Record<string, never> {
    const watches = this.byOwner.get(owner);
    const watch = watches?.get(params.watchId);
    if (watch) {
      watch.stop();
      watches!.delete(params.watchId);
    }
    return {};
  }

  /** Watches currently held (all connections). */
  get size(): number {
    let count = 0;
    for (const watches of this.byOwner.values()) count += watches.size;
    return count;
  }
}
