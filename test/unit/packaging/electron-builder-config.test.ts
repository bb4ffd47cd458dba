import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppInfo, Arch, Packager, WinPackager } from 'app-builder-lib';
import { getEffectiveOptions } from 'app-builder-lib/out/options/CommonWindowsInstallerConfiguration.js';
import { getAppUpdatePublishConfiguration } from 'app-builder-lib/out/publish/PublishManager.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type * as msiTargetModule from 'app-builder-lib/out/targets/MsiTarget.js';
import { resolveFunction } from 'app-builder-lib/out/util/resolve.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { LAUNCH_SCHEME } from '../../../main/launch/launch-request.ts';

const root = join(import.meta.dirname, '../../..');

/** The packaging configuration as electron-builder itself reads it (electron-builder.yml). */
const config = () => getConfig(root, join(root, 'electron-builder.yml'), null);

/**
 * electron-builder's Windows packager for this project, set up as `Packager.build()` sets it up
 * before building (configuration read and checked, app info), without building anything.
 */
async function windowsPackager(): Promise<{ packager: Packager; win: WinPackager }> {
  const packager = new Packager({ projectDir: root });
  await packager.validateConfig();
  packager._appInfo = new AppInfo(packager, null);
  return { packager, win: new WinPackager(packager) };
}

// Required, not imported: the class is the CommonJS module's `exports.default`, which Vitest
// hands to a default import while TypeScript types that import as the whole `exports`.
const { default: MsiTarget } = createRequire(import.meta.url)(
  'app-builder-lib/out/targets/MsiTarget.js',
) as typeof msiTargetModule.default;

/** The MSI target up to the WiX project it writes; compiling that needs WiX (Windows or wine). */
class WixProjectOnly extends MsiTarget {
  project(appOutDir: string): Promise<string> {
    return this.writeManifest(
      appOutDir,
      Arch.x64,
      getEffectiveOptions(this.options, this.packager),
    );
  }
}

/** Each `<RegistryValue …/>` in `xml`, its attributes decoded. */
function registryValues(xml: string): Record<string, string>[] {
  const decode = (text: string) =>
    text
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  return [...xml.matchAll(/<RegistryValue\s([^>]*?)\/>/g)].map(([, attributes = '']) =>
    Object.fromEntries(
      [...attributes.matchAll(/(\w+)="([^"]*)"/g)].map(([, name = '', value = '']) => [
        name,
        decode(value),
      ]),
    ),
  );
}

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

  it('builds the per-machine NSIS installer and an MSI, a dmg and a zip, an AppImage and a deb', async () => {
    const built = await config();
    expect(built.win?.target).toEqual(['nsis', 'msi']);
    expect(built.nsis).toMatchObject({ oneClick: false, perMachine: true });
    expect(built.msi).toMatchObject({ perMachine: true });
    // electron-updater updates a Mac from the zip (Squirrel.Mac), never from the dmg.
    expect(built.mac?.target).toEqual(['dmg', 'zip']);
    expect(built.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('uploads nothing, but gives the app the app-update.yml electron-updater downloads with', async () => {
    const built = await config();
    // A generic server is never uploaded to, and `npm run dist` says never anyway.
    expect(built.publish).toEqual({
      provider: 'generic',
      url: 'https://updates.nordjysk-workbench.invalid/',
    });
    const scripts = (
      JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.dist).toMatch(/electron-builder --publish never$/);
    // What electron-builder writes to resources/app-update.yml: without it, electron-updater
    // finds updates from the feed the app sets but fails every download (no cache folder).
    const { win } = await windowsPackager();
    expect(await getAppUpdatePublishConfiguration(win, null, Arch.x64, false)).toEqual({
      provider: 'generic',
      url: 'https://updates.nordjysk-workbench.invalid/',
      updaterCacheDirName: 'nordjysk-esundhed-workbench-updater',
    });
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

  it('registers the context-launch protocol in the MSI too, beside the app it opens', async () => {
    const { packager, win } = await windowsPackager();
    const dir = await mkdtemp(join(tmpdir(), 'workbench-msi-'));
    try {
      // The icon only gets named in the project; converting it would fetch a tool from GitHub.
      Object.defineProperty(win, 'getIconPath', {
        value: () => Promise.resolve(join(dir, 'icon.ico')),
      });
      const app = join(dir, 'win-unpacked');
      await mkdir(join(app, 'resources'), { recursive: true });
      await writeFile(join(app, `${packager.appInfo.productFilename}.exe`), '');
      await writeFile(join(app, 'resources', 'app.asar'), '');
      const project = join(dir, 'project.wxs');
      await writeFile(project, await new WixProjectOnly(win, dir).project(app));
      expect(registryValues(await readFile(project, 'utf8'))).toEqual([]);

      // As electron-builder does between writing the project and running WiX: the configured
      // hook, loaded the way it loads hooks.
      const hook = await resolveFunction(
        packager.appInfo.type,
        packager.config.msiProjectCreated,
        'msiProjectCreated',
        root,
      );
      if (typeof hook !== 'function') throw new Error('msiProjectCreated is not configured');
      await hook(project);

      const written = await readFile(project, 'utf8');
      const executable = /<Component>\s*<File [^>]*Id="mainExecutable"[\s\S]*?<\/Component>/.exec(
        written,
      );
      const key = `Software\\Classes\\${LAUNCH_SCHEME}`;
      // Per machine, as the MSI installs, and as the NSIS installer writes them (installer.nsh).
      expect(registryValues(executable?.[0] ?? '')).toEqual([
        { Root: 'HKLM', Key: key, Type: 'string', Value: 'URL:Nordjysk eSundhed Workbench' },
        { Root: 'HKLM', Key: key, Name: 'URL Protocol', Type: 'string', Value: '' },
        { Root: 'HKLM', Key: `${key}\\DefaultIcon`, Type: 'string', Value: '[#mainExecutable],0' },
        {
          Root: 'HKLM',
          Key: `${key}\\shell\\open\\command`,
          Type: 'string',
          Value: '"[#mainExecutable]" "%1"',
        },
      ]);
      expect(registryValues(written)).toHaveLength(4);
      expect(packager.config.msi).toMatchObject({ perMachine: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
