/**
 * electron-builder cannot package here (it needs the Electron zip), so this
 * test runs electron-builder's own config loader and schema validation on
 * electron-builder.yml, then checks the targets and contents we promise.
 * (app-builder-lib is electron-builder's core, pinned through the lock file.)
 */
import { FuseV1Options } from '@electron/fuses';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

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
  });

  it('rejects a config with an unknown option, so the check above can fail', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    const broken = { ...config, linux: { ...config.linux, notAnOption: true } };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object/,
    );
  });
});

/**
 * The fuse values electron-builder writes into the Electron binary. Spelled
 * out here, not read back from the YAML, so that flipping or dropping any one
 * of them in electron-builder.yml fails its own test.
 */
const EXPECTED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
} as const;

describe('electron-builder.yml fuses', { timeout: 30_000 }, () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  });

  it.each(Object.entries(EXPECTED_FUSES))('sets %s to exactly %s', (fuse, value) => {
    expect(config.electronFuses).toHaveProperty(fuse);
    expect((config.electronFuses as Record<string, unknown>)[fuse]).toBe(value);
  });

  // electron-builder names each fuse after @electron/fuses' enum, first letter
  // lowered. A fuse added by a future Electron shows up here, not silently at its default.
  it('decides every fuse that @electron/fuses knows, and nothing else', () => {
    const known = Object.keys(FuseV1Options)
      .filter((name) => Number.isNaN(Number(name)))
      .map((name) => name.charAt(0).toLowerCase() + name.slice(1))
      .sort();
    expect(Object.keys(EXPECTED_FUSES).sort()).toEqual(known);
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual(known);
  });

  it('keeps the asar integrity that the validation fuse checks against', () => {
    // Without app.asar, or with the hash not embedded, validation has nothing
    // to compare and the packaged app would refuse to start on macOS and Windows.
    expect(config.asar).toBe(true);
    expect(config.disableAsarIntegrity ?? false).toBe(false);
  });
});
