/** Gives wall components their wall's view store without passing callbacks through node data. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { WallViewState, WallViewStore } from '../store/wallViewStore';

export const WallViewContext = createContext<WallViewStore | null>(null);

export function useWallViewStore(): WallViewStore {
  const store = useContext(WallViewContext);
  if (!store) throw new Error('Wall components must be rendered inside <Wall>.');
  return store;
}

export function useWallView<T>(selector: (state: WallViewState) => T): T {
  return useStore(useWallViewStore(), selector);
}
