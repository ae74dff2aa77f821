/**
 * A full garbage collection once the server has been idle for a while.
 *
 * Typing allocates fast (every keystroke re-copies a statement and rebuilds
 * its findings), so V8 grows the heap during a burst of edits and keeps the
 * pages afterwards: the live heap is flat, the process's memory is not. One
 * compacting collection when the user stops typing hands them back, at a
 * moment nobody waits for a result.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export interface IdleCollector {
  /** Something happened: restart the idle clock. */
  poke(): void;
  dispose(): void;
}

export function idleCollector(delayMs: number): IdleCollector {
  const gc = exposeGc();
  let timer: NodeJS.Timeout | undefined;
  return {
    poke() {
      if (!gc) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(gc, delayMs);
      timer.unref();
    },
    dispose() {
      if (timer) clearTimeout(timer);
    },
  };
}

/** The engine's `gc()`, when the runtime lets it be exposed after start-up. */
export function exposeGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    // Some embedders refuse the flag: the collector is then a no-op.
    return undefined;
  }
}
