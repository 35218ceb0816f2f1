/**
 * The client's public surface for the app. `createInThreadClient` lives in
 * './inThread' and is imported from there (lazily by the app), because it
 * pulls the whole engine onto the calling thread.
 */
import { createClient, type SimClient } from './client';
import { createWorkerTransport } from './transport';

export type { ActionOutcome, ClientEvent, SimClient } from './client';

/** A client whose simulation host runs in a module Web Worker. */
export function createWorkerClient(): SimClient {
  return createClient(createWorkerTransport());
}
