import { existsSync, statSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";

/**
 * Watches one path, non-recursively, as `fs/watch` does: a directory's direct
 * children, a file's changes, and the path itself appearing, disappearing or
 * being replaced, even when it (or its parent) does not exist yet.
 *
 * Built on Node's `fs.watch` (inotify on Linux, FSEvents/kqueue elsewhere):
 * the reference's watch is non-recursive, which plain `fs.watch` does well;
 * what it lacks — following a path that is missing or gets recreated — is the
 * re-arming below (the nearest existing ancestor is watched until the path is
 * back).
 */
export class PathWatcher {
  private watchers: FSWatcher[] = [];
  private existed: boolean;
  private closed = false;

  constructor(
    private readonly target: string,
    private readonly onChange: (changedPath: string) => void,
  ) {
    this.existed = existsSync(target);
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.disarm();
  }

  private disarm(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  private arm(): void {
    this.disarm();
    if (this.closed) return;
    const parent = path.dirname(this.target);
    if (parent !== this.target) {
      // The nearest existing ancestor tells us when the path (or the way to it) appears or goes.
      let ancestor = parent;
      while (!existsSync(ancestor) && path.dirname(ancestor) !== ancestor) ancestor = path.dirname(ancestor);
      const next = nextComponent(ancestor, this.target);
      this.listen(ancestor, (event, name) => {
        if (name !== null && name !== next) return;
        if (ancestor === parent) this.onChange(this.target);
        // Created, removed, renamed: what is at the path now may be another directory or nothing.
        if (event === "rename" || ancestor !== parent) this.rearm();
      });
    }
    if (isDirectory(this.target)) {
      this.listen(this.target, (_event, name) => this.onChange(name === null ? this.target : path.join(this.target, name)));
    }
  }

  /** The path (or an ancestor) was created, removed or replaced: watch what is there now. */
  private rearm(): void {
    const exists = existsSync(this.target);
    const appeared = exists && !this.existed;
    this.existed = exists;
    this.arm();
    // Created through a missing parent: the parent's watch was not there to see it.
    if (appeared && path.dirname(this.target) !== this.target) this.onChange(this.target);
  }

  private listen(directory: string, onEvent: (event: string, name: string | null) => void): void {
    try {
      const watcher = watch(directory, { persistent: false }, (event, name) => onEvent(event, name === null ? null : String(name)));
      // The watched directory went away; its parent's watch (if any) re-arms.
      watcher.on("error", () => watcher.close());
      this.watchers.push(watcher);
    } catch {
      // Gone between the check and the watch, or not watchable: nothing to report until an ancestor changes.
    }
  }
}

function nextComponent(ancestor: string, target: string): string {
  return path.relative(ancestor, target).split(path.sep)[0]!;
}

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}
