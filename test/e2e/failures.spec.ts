import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness } from '../harness/server/harness-server.ts';
import { expect, test } from './fixtures.ts';

test.describe('clear messages when data cannot be had', () => {
  // With the offline cache (issue 4) views read from the cache once the first sync has filled it,
  // so a failing or unreachable back end shows in the sync status while the data stays on screen;
  // before the first sync, views ask the server and say why they cannot show anything.

  test('a malformed FHIR response during a sync says so, loses nothing, and a retry recovers', async ({
    signIn,
    page,
    addFaults,
  }) => {
    await signIn('hospital-nurse');
    const status = page.getByRole('region', { name: 'Synkronisering' });
    await expect(status.getByTestId('last-synced')).toBeVisible({ timeout: 120_000 });
    const rows = page.getByTestId('caseload-grid').getByRole('row');
    const shown = await rows.count();
    await addFaults([
      { kind: 'malformed-body', match: { resourceType: 'EpisodeOfCare' }, times: 1 },
    ]);
    await status.getByRole('button', { name: 'Synkronisér nu' }).click();
    await expect(status).toContainText('Synkroniseringen mislykkedes');
    await expect(status).toContainText('Uforståeligt svar fra FHIR-serveren');
    await expect(status).toContainText(/Du ser data fra kl\. \d{2}:\d{2}\./);
    // Nothing lost: the caseload is still there, from the cache.
    await expect(rows).toHaveCount(shown);
    await expect(page.getByRole('navigation', { name: 'Hovedmenu' })).toBeVisible();
    await status.getByRole('button', { name: 'Prøv igen' }).click();
    await expect(status.getByTestId('last-synced')).toBeVisible({ timeout: 60_000 });
    await expect(status).not.toContainText('mislykkedes');
  });

  test('an unreachable back end after a sync: citizens open from the cache, the app says since when, and reconnecting works', async ({
    signIn,
    page,
    harness,
  }) => {
    await signIn('gp');
    const status = page.getByRole('region', { name: 'Synkronisering' });
    await expect(status.getByTestId('last-synced')).toBeVisible({ timeout: 120_000 });
    const firstName = page
      .getByTestId('caseload-grid')
      .locator('[role="gridcell"][col-id="name"]')
      .first();
    const name = (await firstName.innerText()).trim();
    harness.runtime.gateway.setReachable(false);
    await firstName.click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await status.getByRole('button', { name: 'Synkronisér nu' }).click();
    await expect(status).toContainText(
      /Ingen forbindelse – du arbejder på data fra kl\. \d{2}:\d{2}\./,
    );
    harness.runtime.gateway.setReachable(true);
    await status.getByRole('button', { name: 'Prøv igen' }).click();
    await expect(status.getByTestId('last-synced')).toBeVisible({ timeout: 60_000 });
  });

  test('an unreachable back end with nothing cached yet is named as such; reconnecting and retrying works', async ({
    signIn,
    page,
    harness,
  }) => {
    harness.runtime.gateway.setReachable(false);
    await signIn('gp');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Ingen forbindelse til FHIR-serveren');
    await expect(alert).toContainText('offline');
    await expect(page.getByRole('region', { name: 'Synkronisering' })).toContainText(
      'der er endnu ingen data på denne computer',
    );
    harness.runtime.gateway.setReachable(true);
    await alert.getByRole('button', { name: 'Prøv igen' }).click();
    await expect(page.getByTestId('caseload-grid').getByRole('row').nth(1)).toBeVisible();
  });

  test('a server that drops the connection on every try ends in a clear message, not a blank screen', async ({
    signIn,
    page,
    addFaults,
  }) => {
    await addFaults([{ kind: 'drop-connection', match: { resourceType: 'Task' } }]);
    await signIn('coordinator');
    await expect(page.getByRole('alert')).toContainText('Ingen forbindelse til FHIR-serveren');
    await expect(page.getByRole('heading', { level: 1, name: 'Borgeroversigt' })).toBeVisible();
  });

  test('a server error (HTTP 500) is reported with the server as the cause', async ({
    signIn,
    page,
    addFaults,
  }) => {
    await addFaults([{ kind: 'http-500', match: { resourceType: 'Patient' } }]);
    await signIn('municipal-nurse');
    await expect(page.getByRole('alert')).toContainText('FHIR-serveren afviste forespørgslen');
  });
});

test.describe('a demo back end that cannot start', () => {
  test('the sign-in screen says why instead of showing an empty list', async ({ page }) => {
    const folder = await mkdtemp(join(tmpdir(), 'workbench-e2e-broken-'));
    // A dataset the generator refuses: the child reports the reason and exits.
    const harness = await startHarness({ userDataDir: folder, demoBackend: { citizens: -1 } });
    try {
      expect(await harness.backendReady).toBeNull();
      await page.goto(harness.url);
      await expect(page.locator('html')).toHaveAttribute('data-app-ready', 'true');
      await expect(page.getByRole('alert')).toContainText('Demo-serveren kunne ikke starte');
    } finally {
      await harness.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
