/**
 * Every key the wall understands, as data: the shortcut help (`?`) lists it,
 * and tests can check it against what the wall really does. Keys are written
 * the Windows/Linux way ("Ctrl+Z"); `formatKey` shows them as a Mac labels them.
 */

export type ShortcutGroup = 'Notes' | 'Clusters' | 'View' | 'Presenting' | 'History';

export interface WallShortcut {
  /** Alternatives ("Enter" or "F2"); each may be a combination written with "+". */
  readonly keys: readonly string[];
  readonly action: string;
  readonly group: ShortcutGroup;
}

/** The order the groups are shown in. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  'Notes',
  'Clusters',
  'View',
  'Presenting',
  'History',
];

export const WALL_SHORTCUTS: readonly WallShortcut[] = [
  { keys: ['N'], action: 'Add a note', group: 'Notes' },
  { keys: ['Double-click'], action: 'Add a note at that point', group: 'Notes' },
  { keys: ['Enter', 'F2'], action: 'Edit the selected note', group: 'Notes' },
  { keys: ['Esc'], action: 'While typing: keep the text and stop editing', group: 'Notes' },
  { keys: ['Shift+Enter'], action: 'While typing: new line', group: 'Notes' },
  { keys: ['Delete', 'Backspace'], action: 'Delete the selection', group: 'Notes' },
  { keys: ['V'], action: 'Vote for the selected notes (in the vote phase)', group: 'Notes' },
  { keys: ['Arrows'], action: 'Move the selection', group: 'Notes' },
  { keys: ['Ctrl+A'], action: 'Select all notes', group: 'Notes' },
  { keys: ['G'], action: 'Cluster the selected notes', group: 'Clusters' },
  {
    keys: ['1–9'],
    action: 'Move the selection to cluster 1–9 (in reading order)',
    group: 'Clusters',
  },
  {
    keys: ['T'],
    action: 'Tidy the selected cluster, or with nothing selected the whole wall to fit the screen',
    group: 'Clusters',
  },
  {
    keys: ['Alt+Arrows'],
    action: 'Resize the selected cluster (Shift for bigger steps)',
    group: 'Clusters',
  },
  { keys: ['Ctrl+F'], action: 'Search the notes', group: 'View' },
  { keys: ['F'], action: 'Fit the whole wall', group: 'View' },
  { keys: [']', 'Page Down'], action: 'Next cluster', group: 'View' },
  { keys: ['[', 'Page Up'], action: 'Previous cluster', group: 'View' },
  { keys: ['M'], action: 'Show or hide the minimap', group: 'View' },
  { keys: ['?'], action: 'Show this list', group: 'View' },
  { keys: ['P'], action: 'Present (full screen)', group: 'Presenting' },
  { keys: ['Esc'], action: 'Leave presenting, or clear the selection', group: 'Presenting' },
  { keys: ['D'], action: 'Switch light and dark while presenting', group: 'Presenting' },
  { keys: ['Ctrl+Z'], action: 'Undo', group: 'History' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], action: 'Redo', group: 'History' },
];

/** What `isMacPlatform` reads of `navigator` (userAgentData is not in every browser or in lib.dom). */
export interface PlatformHints {
  readonly platform?: string;
  readonly userAgentData?: { readonly platform?: string };
}

/** Whether keys should be shown the Mac way (⌘ instead of Ctrl). */
export function isMacPlatform(
  hints: PlatformHints | undefined = typeof navigator === 'undefined' ? undefined : navigator,
): boolean {
  const platform = hints?.userAgentData?.platform || hints?.platform || '';
  return /mac|iphone|ipad|ipod/i.test(platform);
}

/**
 * The parts of one key combination as the keyboard labels them: "Ctrl+Shift+Z"
 * gives ["Ctrl", "Shift", "Z"], or ["⌘", "Shift", "Z"] on a Mac (Alt is ⌥ there).
 */
export function keyParts(key: string, mac: boolean): string[] {
  return key.split('+').map((part) => {
    if (!mac) return part;
    if (part === 'Ctrl') return '⌘';
    if (part === 'Alt') return '⌥';
    return part;
  });
}

/** One key combination as text: "Ctrl+Z", or "⌘+Z" on a Mac. */
export function formatKey(key: string, mac: boolean): string {
  return keyParts(key, mac).join('+');
}
