/**
 * A transport that runs the SimHost on this thread. Messages are cloned and
 * delivered on a later macrotask, as postMessage would, so the host never runs
 * inside the caller's stack and nothing shares mutable objects across the "wire".
 */
import { SimHost, type EngineFactory, type HostTuning } from '../worker/host';
import type { FromHost } from '../worker/protocol';
import { createUnpacker, packFromHost } from '../worker/wire';
import { createClient, type SimClient } from './client';
import type { Transport } from './transport';

/** Options for the in-thread transport (tests inject a fake wall clock). */
export interface InThreadOptions {
  /** Wall clock in milliseconds (default performance.now). */
  readonly now?: () => number;
  /** Clock and checkpoint tuning (default: the UI's). */
  readonly tuning?: Partial<HostTuning>;
  /** The simulation factory (default: the real engine). */
  readonly engine?: EngineFactory;
}

/** A transport to a SimHost living on the calling thread. */
export function createInThreadTransport(options: InThreadOptions = {}): Transport {
  let receive: (message: FromHost) => void = () => {};
  let failure: (message: string) => void = () => {};
  let alive = true;
  const unpack = createUnpacker();
  const host = new SimHost(
    {
      post: (message) => {
        // Packed and unpacked as the worker's messages are (../worker/wire.ts).
        const copy = structuredClone(packFromHost(message));
        setTimeout(() => {
          if (alive) receive(unpack(copy));
        }, 0);
      },
      now: options.now ?? (() => performance.now()),
    },
    options.tuning,
    options.engine,
  );
  return {
    post: (message) => {
      const copy = structuredClone(message);
      setTimeout(() => {
        if (!alive) return;
        try {
          host.handle(copy);
        } catch (err) {
          failure(err instanceof Error ? err.message : String(err));
        }
      }, 0);
    },
    listen: (r) => {
      receive = r;
    },
    onFailure: (handler) => {
      failure = handler;
    },
    terminate: () => {
      alive = false;
    },
  };
}

/**
 * A client whose simulation host runs on this thread (Node tests; the app's
 * fallback, imported lazily so the engine stays out of the first-paint bundle).
 */
export function createInThreadClient(options: InThreadOptions = {}): SimClient {
  return createClient(createInThreadTransport(options));
}
