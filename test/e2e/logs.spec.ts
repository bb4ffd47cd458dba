import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLaunchUrl } from '../../main/launch/launch-request.ts';
import { expect, test } from './fixtures.ts';
import { caseloadCprs } from './steps.ts';

const PLANTED_NAME = 'Planteret Navnesen';
const PLANTED_CPR = '0101011234';

async function logText(directory: string): Promise<string> {
  const files = await readdir(directory);
  const texts = await Promise.all(files.map((file) => readFile(join(directory, file), 'utf8')));
  return texts.join('\n');
}

test.describe("main's log holds nothing that identifies a citizen", () => {
  test.use({ syncedAs: 'gp' });

  test('after a run that plants names and CPRs, the log folder has the events but none of them', async ({
    openSynced,
    harness,
    page,
  }) => {
    await openSynced();
    const [cpr] = await caseloadCprs(page);
    if (!cpr) throw new Error('The GP needs a citizen in the caseload.');
    // A practice system opens a real citizen by CPR.
    harness.runtime.services.launches.receive(
      parseLaunchUrl(`nordjysk-workbench://citizen?cpr=${cpr}`),
    );
    await expect(page.getByTestId('banner-cpr')).toHaveText(cpr);
    const name = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    // A page error whose message carries a name and CPRs in every form.
    await page.evaluate(
      ({ planted, plantedCpr, realCpr }) => {
        setTimeout(() => {
          throw new Error(
            `planted ${plantedCpr} ${plantedCpr.slice(0, 6)}-${plantedCpr.slice(6)} "${planted}" ${realCpr} /fhir/Patient?name=${encodeURIComponent(planted)}`,
          );
        });
      },
      { planted: PLANTED_NAME, plantedCpr: PLANTED_CPR, realCpr: cpr },
    );
    await expect.poll(() => logText(harness.logDirectory)).toContain('renderer (window');

    const text = await logText(harness.logDirectory);
    expect(text).toContain('context launch received');
    for (const secret of [
      PLANTED_NAME,
      'Planteret',
      PLANTED_CPR,
      `${PLANTED_CPR.slice(0, 6)}-${PLANTED_CPR.slice(6)}`,
      cpr,
      cpr.replace('-', ''),
      name,
    ])
      expect(text).not.toContain(secret);
  });
});
