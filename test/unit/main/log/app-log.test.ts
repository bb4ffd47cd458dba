import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppLog } from '../../../../main/log/app-log.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

describe("main's log on disk", () => {
  const temp = useTempDir('wb-log');

  it('writes scrubbed lines to main.log, echoes them, and keeps the last errors', async () => {
    const echoed: string[] = [];
    const log = createAppLog({ directory: temp.path, echo: (line) => echoed.push(line) });
    log.info('gateway: retrying GET /fhir/Patient?identifier=x%7C0101011234 (attempt 2)');
    log.error('renderer: TypeError: cannot read "Jens Hansen" for 010101-1234');
    const text = await readFile(join(temp.path, 'main.log'), 'utf8');
    expect(text).toMatch(
      /\[info\]\s+gateway: retrying GET \/fhir\/Patient\?\[query\] \(attempt 2\)/,
    );
    expect(text).toMatch(/\[error\]\s+renderer: TypeError: cannot read "\[text\]" for \[cpr\]/);
    expect(text).not.toMatch(/0101011234|010101-1234|Jens|identifier/);
    expect(echoed).toHaveLength(2);
    expect(log.recentErrors()).toEqual([expect.stringContaining('renderer: TypeError')]);
  });

  it('rotates by size into main.old.log, and keeps only the last 20 errors', async () => {
    const log = createAppLog({ directory: temp.path, maxBytes: 2000 });
    for (let i = 0; i < 60; i++) log.error(`failure number ${i} ${'x'.repeat(40)}`);
    const files = (await readdir(temp.path)).sort();
    expect(files).toEqual(['main.log', 'main.old.log']);
    expect((await readFile(join(temp.path, 'main.log'), 'utf8')).length).toBeLessThanOrEqual(2000);
    expect(log.recentErrors()).toHaveLength(20);
    expect(log.recentErrors().at(-1)).toContain('failure number 59');
  });
});
