/**
 * Which simulation store the stage draws. The app has one store
 * (`useSimStore`, the default); compare mode renders two stages, each under a
 * provider with the store of its own run. Stage components read the store
 * with `useStageStore()`, never the module singleton, so the same components
 * draw either run.
 */
import { createContext, useContext } from 'react';
import { useSimStore, type SimStore } from '../../store/simStore';

/** The store the stage below reads (default: the app's store). */
export const SimStoreContext = createContext<SimStore>(useSimStore);

/** The store supplied by the nearest SimStoreContext provider (the app's store by default). */
export function useStageStore(): SimStore {
  return useContext(SimStoreContext);
}
