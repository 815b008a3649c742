/**
 * A board is one view of an open workshop (the wall, the incident details,
 * later the 5 whys, the systems diagram, the timeline, actions, the report).
 * Features declare a board; renderer/app/boards.ts lists them, and the
 * workshop screen shows them as tabs without knowing any of them.
 */
import type { ComponentType } from 'react';

export interface Board {
  /** Stable id, also used in tab ids. */
  readonly id: string;
  /** The tab's label. */
  readonly label: string;
  readonly Component: ComponentType;
}
