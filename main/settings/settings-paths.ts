import { join, posix, win32 } from 'node:path';

/** The folder's name under each OS's machine-wide configuration folder. */
const FOLDER = 'Nordjysk eSundhed Workbench';
export const ADMINISTRATOR_FILE = 'administrator-defaults.json';
export const MACHINE_FILE = 'machine-settings.json';

export interface MachineSettingsPaths {
  readonly administrator: string;
  readonly machine: string;
}

/**
 * Where IT puts the administrator defaults file and this machine's override:
 * fixed machine-wide folders that only administrators can write, so a user
 * cannot move them (no environment variable decides a locked setting). A
 * development run may point both into one folder (`devFolder`, from
 * `WORKBENCH_SETTINGS_DIR`); a packaged app never does.
 */
export function machineSettingsPaths(
  platform: NodeJS.Platform,
  devFolder: string | null = null,
): MachineSettingsPaths {
  if (devFolder) {
    return {
      administrator: join(devFolder, ADMINISTRATOR_FILE),
      machine: join(devFolder, MACHINE_FILE),
    };
  }
  // Every other platform is Unix-like: /etc is its machine-wide configuration folder.
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check
  switch (platform) {
    case 'win32': {
      const folder = win32.join('C:\\ProgramData', FOLDER);
      return {
        administrator: win32.join(folder, ADMINISTRATOR_FILE),
        machine: win32.join(folder, MACHINE_FILE),
      };
    }
    case 'darwin': {
      const folder = posix.join('/Library/Application Support', FOLDER);
      return {
        administrator: posix.join(folder, ADMINISTRATOR_FILE),
        machine: posix.join(folder, MACHINE_FILE),
      };
    }
    default:
      return {
        administrator: posix.join('/etc/nordjysk-workbench', ADMINISTRATOR_FILE),
        machine: posix.join('/etc/nordjysk-workbench', MACHINE_FILE),
      };
  }
}
