import { describe, expect, it } from 'vitest';
import {
  formatKey,
  isMacPlatform,
  keyParts,
  SHORTCUT_GROUPS,
  WALL_SHORTCUTS,
} from '../../../renderer/wall/shortcuts';

describe('wall shortcuts table', () => {
  it('lists exactly the keys the wall understands', () => {
    expect(WALL_SHORTCUTS.map((s) => s.keys.join(' or '))).toEqual([
      'N',
      'Double-click',
      'Enter or F2',
      'Esc',
      'Shift+Enter',
      'Delete or Backspace',
      'V',
      'Arrows',
      'Ctrl+A',
      'G',
      '1–9',
      'T',
      'Alt+Arrows',
      'Ctrl+F',
      'F',
      '] or Page Down',
      '[ or Page Up',
      'M',
      '?',
      'P',
      'Esc',
      'D',
      'Ctrl+Z',
      'Ctrl+Shift+Z or Ctrl+Y',
    ]);
  });

  it('puts every shortcut in a shown group, and every group has shortcuts', () => {
    for (const shortcut of WALL_SHORTCUTS) expect(SHORTCUT_GROUPS).toContain(shortcut.group);
    for (const group of SHORTCUT_GROUPS) {
      expect(WALL_SHORTCUTS.some((s) => s.group === group)).toBe(true);
    }
    expect(WALL_SHORTCUTS.find((s) => s.keys.includes('G'))?.group).toBe('Clusters');
    expect(WALL_SHORTCUTS.find((s) => s.keys.includes('P'))?.group).toBe('Presenting');
    expect(WALL_SHORTCUTS.find((s) => s.keys.includes('Ctrl+Z'))?.group).toBe('History');
  });

  it('has one action per key combination in each group (no duplicates)', () => {
    const seen = new Set<string>();
    for (const shortcut of WALL_SHORTCUTS) {
      for (const key of shortcut.keys) {
        const id = `${shortcut.group}|${key}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
  });
});

describe('platform key names', () => {
  it('recognises a Mac from userAgentData or navigator.platform', () => {
    expect(isMacPlatform({ userAgentData: { platform: 'macOS' } })).toBe(true);
    expect(isMacPlatform({ platform: 'MacIntel' })).toBe(true);
    expect(isMacPlatform({ platform: 'iPad' })).toBe(true);
    expect(isMacPlatform({ userAgentData: { platform: 'Windows' }, platform: 'Win32' })).toBe(
      false,
    );
    expect(isMacPlatform({ platform: 'Linux x86_64' })).toBe(false);
    // An empty userAgentData platform falls back to navigator.platform.
    expect(isMacPlatform({ userAgentData: { platform: '' }, platform: 'MacIntel' })).toBe(true);
    expect(isMacPlatform({})).toBe(false);
    expect(isMacPlatform(undefined)).toBe(false);
  });

  it('shows Ctrl as ⌘ and Alt as ⌥ on a Mac only', () => {
    expect(formatKey('Ctrl+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatKey('Ctrl+Shift+Z', true)).toBe('⌘+Shift+Z');
    expect(keyParts('Alt+Arrows', true)).toEqual(['⌥', 'Arrows']);
    expect(keyParts('Alt+Arrows', false)).toEqual(['Alt', 'Arrows']);
    expect(keyParts('?', true)).toEqual(['?']);
  });
});
