import path from "node:path";

/**
 * The patch text when a shell command is really an apply_patch call:
 * `["apply_patch", patch]`, `["applypatch", patch]`, or
 * `bash -lc "apply_patch <<'EOF' ... EOF"` (optionally after `cd dir &&`).
 * Returns `{patch, workdir}` (workdir from a leading `cd`), else undefined.
 */
export function extractApplyPatchInvocation(argv: readonly string[]): { patch: string; workdir: string | null } | undefined {
  if (argv.length === 2 && (argv[0] === "apply_patch" || argv[0] === "applypatch")) return { patch: argv[1]!, workdir: null };
  if (argv.length === 3 && ["bash", "sh", "zsh"].includes(path.basename(argv[0]!)) && (argv[1] === "-lc" || argv[1] === "-c")) {
    const script = argv[2]!.trim();
    const match = /^(?:cd\s+(?:'([^']*)'|"([^"]*)"|(\S+))\s*&&\s*)?(?:apply_patch|applypatch)\s*<<\s*(['"]?)(\w+)\4\s*\n([\s\S]*?)\n\5\s*$/.exec(script);
    if (match) return { patch: match[6]!, workdir: match[1] ?? match[2] ?? match[3] ?? null };
  }
  return undefined;
}
