/**
 * A worker host driven in this thread for the host benchmarks
 * (hostMemoryBench, hostSeekBench): it notes each frame the host posts and
 * any error, and acks frames at once (as fast as the host allows).
 */
import { REAL_ENGINE, SimHost, type EngineFactory } from '../worker/host';
import type { FromHost } from '../worker/protocol';

export interface BenchHost {
  readonly host: SimHost;
  /** The last frame's number and simulated time, and whether the run had ended. */
  readonly last: { frameNo: number; t: number; ended: boolean };
  /** Throws the error or problems the host posted, if any. */
  check(): void;
  /** Acks the last frame: a playing host answers with the next one at once. */
  ack(): void;
}

/** A SimHost with the app's tuning over `engine`, its frames noted. */
export function benchHost(engine: EngineFactory = REAL_ENGINE): BenchHost {
  const last = { frameNo: 0, t: 0, ended: false };
  let failure: string | null = null;
  const host = new SimHost(
    {
      post: (m: FromHost) => {
        if (m.type === 'frame') {
          last.frameNo = m.frameNo;
          last.t = m.t;
          last.ended = m.status === 'ended';
        } else if (m.type === 'error' || m.type === 'problems') {
          failure = JSON.stringify(m);
        }
      },
      now: () => performance.now(),
    },
    {},
    engine,
  );
  const check = (): void => {
    if (failure !== null) throw new Error(failure);
  };
  return {
    host,
    last,
    check,
    ack: () => {
      host.handle({ type: 'frameAck', runId: 1, frameNo: last.frameNo });
      check();
    },
  };
}
