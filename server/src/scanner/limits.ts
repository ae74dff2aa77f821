import Bottleneck from 'bottleneck';
import type { Limits } from './types';

/** How often the token bucket refills: small enough to keep the rate smooth. */
const tickMs = 100;

/**
 * Every request the scanner sends goes through here: at most `concurrency`
 * in flight, a token bucket of `ratePerSecond` (bursts up to one second's
 * worth), and a hard budget of `maxRequests` that is never exceeded.
 */
export class RequestLimiter {
  private reserved = 0;
  private readonly bottleneck: Bottleneck;

  constructor(private readonly limits: Limits) {
    this.bottleneck = new Bottleneck({
      maxConcurrent: limits.concurrency,
      reservoir: limits.ratePerSecond,
      reservoirIncreaseInterval: tickMs,
      reservoirIncreaseAmount: (limits.ratePerSecond * tickMs) / 1000,
      reservoirIncreaseMaximum: limits.ratePerSecond,
      heartbeatInterval: tickMs,
    });
  }

  get exhausted(): boolean {
    return this.reserved >= this.limits.maxRequests;
  }

  /** Runs `task` when the limits allow it; `undefined` once the budget is spent. */
  async run<T>(task: () => Promise<T>): Promise<T | undefined> {
    if (this.exhausted) {
      return undefined;
    }
    this.reserved++;
    return this.bottleneck.schedule(task);
  }

  async stop(): Promise<void> {
    await this.bottleneck.stop({ dropWaitingJobs: true });
  }
}
