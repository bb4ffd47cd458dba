import { describe, expect, it } from 'vitest';
import { installationOf, type InstallationFacts } from '../../../../main/update/installation.ts';

const WINDOWS_FOLDER = 'C:\\Program Files\\Nordjysk eSundhed Workbench';

/** A machine whose files are exactly `files` (path → text). */
function facts(
  changes: Partial<InstallationFacts>,
  files: Record<string, string> = {},
): InstallationFacts {
  return {
    platform: 'linux',
    execPath: '/opt/Nordjysk eSundhed Workbench/nordjysk-esundhed-workbench',
    resourcesPath: '/opt/Nordjysk eSundhed Workbench/resources',
    appImage: undefined,
    exists: (path) => path in files,
    readText: (path) => files[path] ?? null,
    ...changes,
  };
}

describe('how the app was installed', () => {
  const windows = facts({
    platform: 'win32',
    execPath: `${WINDOWS_FOLDER}\\Nordjysk eSundhed Workbench.exe`,
    resourcesPath: `${WINDOWS_FOLDER}\\resources`,
  });

  it('is NSIS on Windows when the NSIS uninstaller sits beside the executable', () => {
    const uninstaller = `${WINDOWS_FOLDER}\\Uninstall Nordjysk eSundhed Workbench.exe`;
    expect(installationOf({ ...windows, exists: (path) => path === uninstaller })).toBe('nsis');
  });

  it('is something else on Windows without it: the MSI installs no uninstaller', () => {
    expect(installationOf(windows)).toBe('windows-other');
    // An uninstaller for another product does not count.
    const other = `${WINDOWS_FOLDER}\\Uninstall Something Else.exe`;
    expect(installationOf({ ...windows, exists: (path) => path === other })).toBe('windows-other');
  });

  it('is an app bundle on macOS', () => {
    expect(installationOf(facts({ platform: 'darwin' }))).toBe('mac-app');
  });

  it('is an AppImage on Linux when the AppImage runtime set APPIMAGE', () => {
    expect(installationOf(facts({ appImage: '/home/sygeplejerske/Workbench.AppImage' }))).toBe(
      'appimage',
    );
    expect(installationOf(facts({ appImage: '' }))).toBe('other');
  });

  it.each(['deb', 'rpm', 'pacman\n'])(
    'is a Linux package when resources/package-type says %j',
    (kind) => {
      const files = { '/opt/Nordjysk eSundhed Workbench/resources/package-type': kind };
      expect(installationOf(facts({}, files))).toBe('linux-package');
    },
  );

  it('is unknown on Linux otherwise, and on other systems', () => {
    expect(installationOf(facts({}))).toBe('other');
    const odd = { '/opt/Nordjysk eSundhed Workbench/resources/package-type': 'snap' };
    expect(installationOf(facts({}, odd))).toBe('other');
    expect(installationOf(facts({ platform: 'freebsd' }))).toBe('other');
  });
});
