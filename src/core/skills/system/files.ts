/** One file of a system skill: its path under `.system/` and its text. */
export interface SystemSkillFile {
  path: string;
  content: string;
}
