// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type SubAgentSource = "review" | "compact" | "memory_consolidation" | {
  thread_spawn: {
    parent_thread_id: string;
    depth: number;
    agent_path: string | null;
    agent_nickname: string | null;
    agent_role: string | null;
  };
} | {
  other: string;
};
