/**
 * electron-builder cannot package here (it needs the Electron zip), so this
 * test runs electron-builder's own config loader and schema validation on
 * electron-builder.yml, then checks the targets and contents we promise.
 * (app-builder-lib is electron-builder's core, pinned through the lock file.)
 */
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

// Loading electron-builder takes a few seconds on a busy 2-core machine.
describe('electron-builder.yml', { timeout: 30_000 }, () => {
  it('passes electron-builder’s schema validation and packages what we ship', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();

    expect(config.appId).toBe('com.debrief.app');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toBe('nsis');
    expect(config.mac?.target).toBe('dmg');
    expect(config.asar).toBe(true);
    // getConfig normalises the file list into one file set.
    const [fileSet] = config.files as { filter: string[] }[];
    expect(fileSet?.filter).toEqual(
      expect.arrayContaining(['dist/renderer/**', 'dist-electron/**', 'package.json']),
    );
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true });
  });

  it('rejects a config with an unknown option, so the check above can fail', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    const broken = { ...config, linux: { ...config.linux, notAnOption: true } };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object/,
    );
  });
});
