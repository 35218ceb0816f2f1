/**
 * Transports carry protocol messages between the client and a SimHost: over
 * postMessage to a Web Worker, or in-thread (tests, and the fallback when a
 * browser cannot start module workers). Both deliver asynchronously and by
 * structured clone, so code that works in-thread works in the worker.
 */
import type { FromHost, ToHost } from '../worker/protocol';
import { createUnpacker, type WireFromHost } from '../worker/wire';

/** A two-way message channel to a simulation host. */
export interface Transport {
  post(message: ToHost): void;
  /** Registers the one receiver of host messages. */
  listen(receive: (message: FromHost) => void): void;
  /** Called when the host itself fails (worker script error). */
  onFailure(handler: (message: string) => void): void;
  terminate(): void;
}

/** A transport to the simulation host running in a module Web Worker (its own chunk). */
export function createWorkerTransport(): Transport {
  const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), {
    type: 'module',
    name: 'simulation',
  });
  let failure: (message: string) => void = () => {};
  worker.onerror = (e) => {
    e.preventDefault();
    failure(e.message || 'The simulation worker failed to start.');
  };
  worker.onmessageerror = () => failure('A message from the simulation worker could not be read.');
  return {
    post: (message) => worker.postMessage(message),
    listen: (receive) => {
      // The worker packs frames for the wire (../worker/wire.ts).
      const unpack = createUnpacker();
      worker.onmessage = (e: MessageEvent<WireFromHost>) => receive(unpack(e.data));
    },
    onFailure: (handler) => {
      failure = handler;
    },
    terminate: () => worker.terminate(),
  };
}
