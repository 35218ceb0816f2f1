/**
 * The Web Worker entry: wires `self` to a SimHost. All behaviour lives in
 * host.ts so it can be tested in Node without worker globals.
 */
/// <reference lib="webworker" />
import { SimHost } from './host';
import type { FromHost, ToHost } from './protocol';
import { packFromHost } from './wire';

declare const self: DedicatedWorkerGlobalScope;

const host = new SimHost({
  // Frames go packed (wire.ts): the client's transport unpacks them.
  post: (message: FromHost) => self.postMessage(packFromHost(message)),
  now: () => performance.now(),
});

self.onmessage = (e: MessageEvent<ToHost>) => host.handle(e.data);
