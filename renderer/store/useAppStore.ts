/**
 * React access to the one application store. main.tsx installs the instance;
 * components read narrow slices with selectors so a wall edit does not
 * re-render the whole tree.
 */
import { useStore } from 'zustand';
import type { AppState, AppStore } from './appStore';

let instance: AppStore | null = null;

export function installAppStore(store: AppStore): void {
  instance = store;
}

export function getAppStore(): AppStore {
  if (!instance) throw new Error('The app store is used before main.tsx installed it.');
  return instance;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(getAppStore(), selector);
}
