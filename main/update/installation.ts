import { posix, win32 } from 'node:path';

/**
 * How this copy of the app was installed, as far as updating it goes. electron-updater picks its
 * updater by platform alone (NSIS on every Windows, Squirrel.Mac, AppImage on Linux unless
 * resources/package-type names a package) and cannot tell an MSI install from an NSIS one: left
 * to it, an MSI install would run the NSIS installer beside IT's copy.
 */
export type Installation =
  /** electron-builder's NSIS installer: its uninstaller sits beside the executable. */
  | 'nsis'
  /** Windows without that uninstaller: the MSI (it installs no uninstaller) or a copied folder. */
  | 'windows-other'
  | 'mac-app'
  /** An AppImage: its runtime sets APPIMAGE to the image file, which the updater replaces. */
  | 'appimage'
  /** A deb, rpm or pacman package: electron-builder writes the kind to resources/package-type. */
  | 'linux-package'
  | 'other';

export interface InstallationFacts {
  readonly platform: NodeJS.Platform;
  /** `process.execPath`: the app's executable. */
  readonly execPath: string;
  /** `process.resourcesPath`. */
  readonly resourcesPath: string;
  /** `process.env.APPIMAGE`. */
  readonly appImage: string | undefined;
  readonly exists: (path: string) => boolean;
  /** A file's text, or null when it cannot be read. */
  readonly readText: (path: string) => string | null;
}

const LINUX_PACKAGES = new Set(['deb', 'rpm', 'pacman']);

/**
 * The installation, from where the executable is and what lies beside it. The NSIS installer
 * names its uninstaller after the executable (`Uninstall <productFilename>.exe`, app-builder-lib's
 * templates/nsis/common.nsh) and writes it into the install folder; the MSI holds only the
 * packed app's files, so no uninstaller is there.
 */
export function installationOf(facts: InstallationFacts): Installation {
  if (facts.platform === 'win32') {
    const folder = win32.dirname(facts.execPath);
    const uninstaller = `Uninstall ${win32.basename(facts.execPath, '.exe')}.exe`;
    return facts.exists(win32.join(folder, uninstaller)) ? 'nsis' : 'windows-other';
  }
  if (facts.platform === 'darwin') return 'mac-app';
  if (facts.platform !== 'linux') return 'other';
  if (facts.appImage) return 'appimage';
  const packageType = facts.readText(posix.join(facts.resourcesPath, 'package-type'));
  return packageType !== null && LINUX_PACKAGES.has(packageType.trim()) ? 'linux-package' : 'other';
}
