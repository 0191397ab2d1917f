import { gitStyleFileDiff, readIfFile, type PatchPlan } from "./apply-patch/index.js";

/**
 * The aggregated diff of everything apply_patch changed during one turn
 * (`turn/diff/updated`): the content of each file when the turn first touched
 * it, against what is on disk now.
 */
export class TurnDiffTracker {
  /** Content of each touched file before its first change this turn (null: did not exist). */
  private readonly baselines = new Map<string, string | null>();
  /** Move destination → the original path it came from. */
  private readonly renames = new Map<string, string>();

  /** @param root paths inside it are shown relative (usually the turn's cwd). */
  constructor(readonly root: string) {}

  /** Records baselines for a plan; call before committing it. */
  track(plan: PatchPlan): void {
    for (const change of plan.changes) {
      if (!this.baselines.has(change.path)) this.baselines.set(change.path, change.oldContent);
      if (change.movePath && change.movePath !== change.path) {
        const origin = this.renames.get(change.path) ?? change.path;
        this.renames.delete(change.path);
        this.renames.set(change.movePath, origin);
        if (!this.baselines.has(change.movePath)) this.baselines.set(change.movePath, null);
      }
    }
  }

  /** True once any file was tracked. */
  get touched(): boolean {
    return this.baselines.size > 0;
  }

  /** The git-style diff from the baselines to the files' current contents. */
  async unifiedDiff(): Promise<string> {
    const renameSources = new Set(this.renames.values());
    let out = "";
    for (const file of [...this.baselines.keys()].sort()) {
      const current = await readIfFile(file);
      const origin = this.renames.get(file);
      if (origin !== undefined) {
        out += gitStyleFileDiff(origin, current === null ? null : file, this.baselines.get(origin) ?? null, current, this.root);
        continue;
      }
      if (renameSources.has(file) && current === null) continue;
      const before = this.baselines.get(file) ?? null;
      out += gitStyleFileDiff(before === null ? null : file, current === null ? null : file, before, current, this.root);
    }
    return out;
  }
}
