/**
 * Stops a turn whose actions the reviewer keeps denying, as the reference
 * does: after 3 denials in a row, or 10 among the turn's last 50 reviews
 * (1 and 1 for a model whose specialty is `cyber`), the turn is interrupted,
 * once. Only the reviewer's own denials count; approvals, failures, timeouts
 * and aborted reviews break a run of denials.
 */
export const DENIAL_WINDOW = 50;

const LIMITS = {
  standard: { consecutive: 3, recent: 10 },
  cyber: { consecutive: 1, recent: 1 },
} as const;

export class DenialBreaker {
  private consecutive = 0;
  private readonly recent: boolean[] = [];
  private tripped = false;

  constructor(private readonly modelSpecialty: () => string | null) {}

  /** Records one review; returns the warning that interrupts the turn when this denial trips the breaker. */
  record(denied: boolean): string | null {
    this.consecutive = denied ? this.consecutive + 1 : 0;
    this.recent.push(denied);
    if (this.recent.length > DENIAL_WINDOW) this.recent.shift();
    if (!denied || this.tripped) return null;
    const limits = this.modelSpecialty() === "cyber" ? LIMITS.cyber : LIMITS.standard;
    const recentDenials = this.recent.filter(Boolean).length;
    if (this.consecutive < limits.consecutive && recentDenials < limits.recent) return null;
    this.tripped = true;
    return (
      `Automatic approval review rejected too many approval requests for this turn ` +
      `(${this.consecutive} consecutive, ${recentDenials} in the last ${DENIAL_WINDOW} reviews); interrupting the turn.`
    );
  }
}
