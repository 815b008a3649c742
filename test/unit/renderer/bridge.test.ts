/**
 * Where an export went, as the bridge reports it: a place chosen in the desktop shell's
 * save dialog, or the browser's downloads (the notice then points to the Downloads folder).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DebriefBridge } from '../../../shared/ipc/contract';
import { saveTextFile } from '../../../renderer/platform/bridge';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('saveTextFile', () => {
  it('in the desktop shell: the name the user chose in the save dialog', async () => {
    const saveWorkshopFile = vi.fn<DebriefBridge['saveWorkshopFile']>(() =>
      Promise.resolve({ status: 'saved', fileName: 'chosen.debrief.json' }),
    );
    vi.stubGlobal('window', { debrief: { saveWorkshopFile } });
    expect(await saveTextFile('2026-11-03 Outage.debrief.json', '{}')).toEqual({
      status: 'saved',
      fileName: 'chosen.debrief.json',
      to: 'chosen',
    });
    expect(saveWorkshopFile).toHaveBeenCalledExactlyOnceWith({
      suggestedName: '2026-11-03 Outage.debrief.json',
      contents: '{}',
    });
  });

  it('in the desktop shell: a cancelled dialog is not a save', async () => {
    vi.stubGlobal('window', {
      debrief: { saveWorkshopFile: () => Promise.resolve({ status: 'cancelled' }) },
    });
    expect(await saveTextFile('x.debrief.json', '{}')).toEqual({ status: 'cancelled' });
  });

  it('in a browser: a download under the suggested name, into the downloads', async () => {
    const clicked: { download: string; href: string }[] = [];
    const link = {
      href: '',
      download: '',
      rel: '',
      click() {
        clicked.push({ download: this.download, href: this.href });
      },
      remove: () => undefined,
    };
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {
      createElement: (tag: string) => {
        expect(tag).toBe('a');
        return link;
      },
      body: { append: () => undefined },
    });
    expect(await saveTextFile('2026-11-03 Card payments outage.debrief.json', '{}')).toEqual({
      status: 'saved',
      fileName: '2026-11-03 Card payments outage.debrief.json',
      to: 'downloads',
    });
    expect(clicked.map((c) => c.download)).toEqual([
      '2026-11-03 Card payments outage.debrief.json',
    ]);
    expect(clicked[0]?.href).toMatch(/^blob:/);
  });
});
