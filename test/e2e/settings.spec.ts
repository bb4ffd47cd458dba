import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from '../harness/server/harness-server.ts';
import { seriousAxeViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { signInAs } from './steps.ts';

/** What IT rolls out: defaults at both levels, some locked, one entry written wrongly. */
const ADMINISTRATOR_DEFAULTS = {
  managedBy: 'Region Nordjylland, IT Drift',
  machine: {
    meetingOrigins: ['https://vdx.sundhed.dk'],
    offlineGraceHours: 8,
    idleLockMaxMinutes: 15,
    updateUrl: 'https://opdatering.rn.dk/workbench',
    fhirServices: { base: 'http://fhir.rn.dk/fhir' },
  },
  user: { language: 'da', cacheRetentionDays: 14 },
  locked: ['language', 'updateUrl', 'idleLockMaxMinutes'],
};

/** This workstation's own file: shared, and an attempt to change a locked entry. */
const MACHINE_OVERRIDE = { sharedWorkstation: true, updateUrl: 'https://andet.example.dk' };

test.describe('settings in two levels, with locked administrator defaults', () => {
  let harness: Harness;
  let folder: string;

  test.beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'workbench-e2e-settings-'));
    const machineDir = join(folder, 'machine');
    await mkdir(machineDir);
    await writeFile(
      join(machineDir, 'administrator-defaults.json'),
      JSON.stringify(ADMINISTRATOR_DEFAULTS),
    );
    await writeFile(join(machineDir, 'machine-settings.json'), JSON.stringify(MACHINE_OVERRIDE));
    harness = await startHarness({
      userDataDir: join(folder, 'user'),
      machineSettingsDir: machineDir,
      demoBackend: { citizens: 30 },
    });
  });

  test.afterAll(async () => {
    await harness.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('the settings page shows locks, sources and skipped entries, keeps the user’s choice, and is axe-clean', async ({
    page,
    cspViolations,
  }, testInfo) => {
    await signInAs(page, harness, 'municipal-nurse');
    await page
      .getByRole('navigation', { name: 'Hovedmenu' })
      .getByRole('button', { name: 'Indstillinger', exact: true })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Indstillinger' })).toBeVisible();

    // The entries IT wrote wrongly or may not set here are named; the rest is in force.
    const problems = page.getByTestId('settings-problems');
    await expect(problems).toContainText('2 indstillinger bruges ikke');
    await expect(problems).toContainText(
      'Administratorfilen: machine.fhirServices – ugyldig værdi',
    );
    await expect(problems).toContainText(
      'Computerens indstillingsfil: updateUrl – låst af administratoren, så den ignoreres',
    );

    // A locked preference cannot be changed, and says who locked it.
    const languageGroup = page.getByRole('radiogroup', { name: 'Sprog i brugerfladen' });
    await expect(languageGroup.getByRole('radio', { name: 'English' })).toBeDisabled();
    await expect(page.getByTestId('locked-language')).toHaveText(
      'Låst af Region Nordjylland, IT Drift',
    );

    // Connection settings say where each comes from; the grace period is off on a shared workstation.
    await expect(page.getByTestId('connection-updateUrl')).toContainText(
      'https://opdatering.rn.dk/workbench',
    );
    await expect(page.getByTestId('connection-updateUrl')).toContainText('Låst');
    await expect(page.getByTestId('connection-offlineGraceHours')).toContainText(
      'Slået fra (altid på en fælles arbejdsstation)',
    );
    await expect(page.getByTestId('connection-sharedWorkstation')).toContainText('Denne computer');
    await expect(page.getByTestId('connection-meetingOrigins')).toContainText(
      'https://vdx.sundhed.dk',
    );
    await expect(page.getByTestId('connection-fhirServices')).toContainText('Indbygget demoserver');

    // The administrator's default retention; the idle lock offers nothing over the machine maximum.
    await expect(page.getByRole('combobox', { name: /Behold borgere/ })).toHaveText('14 dage');
    const idleLock = page.getByRole('combobox', { name: /Lås arbejdsbordet/ });
    await idleLock.click();
    await expect(page.getByRole('option')).toHaveText(['5 minutter', '10 minutter', '15 minutter']);
    await page.getByRole('option', { name: '15 minutter' }).click();
    await expect(idleLock).toHaveText('15 minutter');

    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('settings-locked.png'), fullPage: true });
    await page.getByTestId('connection-updateUrl').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('settings-connection.png') });

    // The choice is the user's, on disk, and survives a reload; nothing locked was written.
    await page.reload();
    await expect(page.getByRole('combobox', { name: /Lås arbejdsbordet/ })).toHaveText(
      '15 minutter',
    );
    const saved = JSON.parse(
      await readFile(join(folder, 'user', 'settings.json'), 'utf8'),
    ) as unknown;
    expect(saved).toEqual({ idleLockMinutes: 15 });
    expect(cspViolations).toEqual([]);
  });
});
