// GENERATED CODE! DO NOT MODIFY BY HAND! Regenerate with `npm run generate:schema`.

export type MessagePhase = "commentary" | "partial_answer" | "final_answer";
