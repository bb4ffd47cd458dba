import electronLog from 'electron-log/node';
import { join } from 'node:path';
import { scrubLogText } from '../../shared/log/scrub.ts';

/** Rotated at 1 MiB: the full file becomes `main.old.log` (one generation kept). */
export const LOG_MAX_BYTES = 1024 * 1024;
const RECENT_ERRORS = 20;

export interface AppLogOptions {
  /** The user's log folder (`app.getPath('logs')` in Electron; the harness's own in tests). */
  readonly directory: string;
  /** Also written here (main's console, a test's output); already scrubbed. */
  readonly echo?: (line: string) => void;
  readonly maxBytes?: number;
}

export interface AppLog {
  readonly info: (message: string) => void;
  readonly error: (message: string) => void;
  /** The last errors, scrubbed, newest last: what "kopiér diagnostik" gives support. */
  readonly recentErrors: () => readonly string[];
  /** The file being written. */
  readonly file: string;
}

/**
 * Main's log on disk, through electron-log's file transport (rotated by
 * size), with every message scrubbed before it is written
 * (shared/log/scrub.ts): logs stay on the machine but go to support, so
 * they hold no CPR, query string or quoted text. Code logs no resource
 * bodies or free text; the scrubber is the net under that.
 */
export function createAppLog(options: AppLogOptions): AppLog {
  const file = join(options.directory, 'main.log');
  // Its own instance: several harnesses in one test process each keep their own file.
  const logger = electronLog.create({ logId: `workbench:${file}` });
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  logger.transports.file.format = '{iso} [{level}] {text}';
  logger.transports.console.level = false;
  const recent: string[] = [];
  const write = (level: 'info' | 'error', message: string) => {
    const line = scrubLogText(message);
    logger[level](line);
    options.echo?.(line);
    if (level === 'error') {
      recent.push(`${new Date().toISOString()} ${line}`);
      if (recent.length > RECENT_ERRORS) recent.shift();
    }
  };
  return {
    info: (message) => write('info', message),
    error: (message) => write('error', message),
    recentErrors: () => [...recent],
    file,
  };
}
