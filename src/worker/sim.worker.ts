/**
 * The Web Worker entry: wires `self` to a SimHost. All behaviour lives in
 * host.ts so it can be tested in Node without worker globals.
 */
/// <reference lib="webworker" />
import { SimHost } from './host';
import type { FromHost, ToHost } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const host = new SimHost({
  post: (message: FromHost) => self.postMessage(message),
  now: () => performance.now(),
});

self.onmessage = (e: MessageEvent<ToHost>) => host.handle(e.data);
