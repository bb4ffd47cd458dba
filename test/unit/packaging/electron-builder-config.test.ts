import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { LAUNCH_SCHEME } from '../../../main/launch/launch-request.ts';

const root = join(import.meta.dirname, '../../..');

/** The packaging configuration as electron-builder itself reads it (electron-builder.yml). */
const config = () => getConfig(root, join(root, 'electron-builder.yml'), null);

describe('the packaging configuration', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(
      validateConfiguration(await config(), new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('is checked for real: an unknown option fails that schema', async () => {
    const broken = { ...(await config()), win: { target: 'nsis', notAnOption: true } };
    await expect(validateConfiguration(broken as never, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object[\s\S]*win/,
    );
  });

  it('sets every Electron fuse, each to the locked-down value', async () => {
    const fuses = (await config()).electronFuses;
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every fuse electron-builder knows is named above (resetAdHocDarwinSignature is a signing
    // step for unsigned macOS builds, not a fuse in the binary).
    const schema = JSON.parse(
      await readFile(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties).filter(
      (name) => name !== 'resetAdHocDarwinSignature',
    );
    expect(Object.keys(fuses ?? {}).sort()).toEqual(known.sort());
  });

  it('builds the per-machine NSIS installer and an MSI, a dmg, an AppImage and a deb', async () => {
    const built = await config();
    expect(built.win?.target).toEqual(['nsis', 'msi']);
    expect(built.nsis).toMatchObject({ oneClick: false, perMachine: true });
    expect(built.msi).toMatchObject({ perMachine: true });
    expect(built.mac?.target).toBe('dmg');
    expect(built.linux?.target).toEqual(['AppImage', 'deb']);
    expect(built.publish).toBeNull();
  });

  it('registers the context-launch protocol, and the NSIS installer writes and removes it', async () => {
    const built = await config();
    expect(built.protocols).toEqual([
      { name: 'Nordjysk eSundhed Workbench', schemes: [LAUNCH_SCHEME] },
    ]);
    const include = built.nsis?.include;
    if (typeof include !== 'string') throw new Error('nsis.include is not set');
    const script = await readFile(join(root, include), 'utf8');
    expect(script).toContain(
      `WriteRegStr SHCTX "Software\\Classes\\${LAUNCH_SCHEME}" "URL Protocol" ""`,
    );
    expect(script).toContain('"%1"');
    expect(script).toContain(`DeleteRegKey SHCTX "Software\\Classes\\${LAUNCH_SCHEME}"`);
  });

  it('finds its icon where buildResources points, large enough for every platform', async () => {
    const built = await config();
    const resources = built.directories?.buildResources;
    expect(resources).toBe('resources/build');
    const icon = await readFile(join(root, resources ?? '', 'icon.png'));
    // PNG signature, then IHDR width and height (big-endian).
    expect(icon.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect((await stat(join(root, 'resources/fut-ig'))).isDirectory()).toBe(true);
  });
});
