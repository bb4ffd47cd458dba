import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SettingsSchema, type Settings, type SettingsUpdate } from '../../shared/ipc/schemas.ts';

export const DEFAULT_SETTINGS: Settings = { language: 'da' };

export interface SettingsStore {
  read(): Promise<Settings>;
  update(change: SettingsUpdate): Promise<Settings>;
}

/**
 * Settings as a JSON file in the user-data folder. A file that cannot be
 * parsed is kept beside it (never deleted) and defaults are used; writes go
 * through a temporary file and a rename, so a crash leaves the old file whole.
 */
export function createSettingsStore(
  filePath: string,
  onProblem: (message: string) => void = () => undefined,
): SettingsStore {
  let current: Settings | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Settings> {
    if (current) return current;
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        onProblem(`settings unreadable: ${String(error)}`);
      current = DEFAULT_SETTINGS;
      return current;
    }
    const parsed = parseSettings(text);
    if (parsed) {
      current = parsed;
    } else {
      const aside = `${filePath}.unreadable-${Date.now()}`;
      await rename(filePath, aside).catch(() => undefined);
      onProblem(`settings file was not valid; kept as ${aside} and defaults used`);
      current = DEFAULT_SETTINGS;
    }
    return current;
  }

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    read: () => serialized(load),
    update: (change) =>
      serialized(async () => {
        const next = SettingsSchema.parse({ ...(await load()), ...definedOnly(change) });
        await mkdir(dirname(filePath), { recursive: true });
        const temporary = `${filePath}.tmp-${process.pid}`;
        try {
          await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
          await rename(temporary, filePath);
        } catch (error) {
          // A failed write must not litter the user-data folder with temporary files.
          await rm(temporary, { force: true }).catch(() => undefined);
          throw error;
        }
        current = next;
        return next;
      }),
  };
}

function parseSettings(text: string): Settings | null {
  try {
    const result = SettingsSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
