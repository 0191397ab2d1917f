/** Names given to sub-agents, in turn, so a user can tell them apart (our own list). */
const NICKNAMES = [
  "Ada", "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace", "Hedy", "John",
  "Katherine", "Leslie", "Margaret", "Niklaus", "Radia", "Sophie", "Tim", "Whitfield", "Yukihiro", "Zuse",
];

/** The nickname of the `index`-th agent of a tree (numbered once the list is used up). */
export function agentNickname(index: number): string {
  const name = NICKNAMES[index % NICKNAMES.length]!;
  const round = Math.floor(index / NICKNAMES.length);
  return round === 0 ? name : `${name} ${round + 1}`;
}
