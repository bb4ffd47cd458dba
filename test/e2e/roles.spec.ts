import { seriousAxeViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { openCitizen } from './steps.ts';

test.describe('roles shape the UI (docs/adr/0006)', () => {
  test.use({ syncedAs: 'viewer' });

  test('a clinical viewer sees the citizen but no register or approve action, and main refuses a forged write', async ({
    openSynced,
    page,
  }, testInfo) => {
    await openSynced();
    await expect(page.getByText('Logget ind som Lars Nørgaard')).toBeVisible();
    await openCitizen(page, true);

    await expect(page.getByTestId('view-only')).toHaveText(/^Kun læseadgang/);
    await expect(page.getByRole('button', { name: /Registrér måling/ })).toHaveCount(0);
    const tasks = page.getByTestId('citizen-task');
    await expect(tasks.first()).toBeVisible();
    await expect(page.getByRole('button', { name: /Kvittér for opgaven/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Tilføj note/ })).toHaveCount(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('viewer-citizen.png') });

    // The page itself (or anything running in it) tries the write anyway: main says no.
    const taskId = await tasks.first().getAttribute('data-task-id');
    const status = await page.evaluate(async (id) => {
      const response = await fetch(`/fhir/Task/${id ?? ''}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json-patch+json' },
        body: JSON.stringify([{ op: 'replace', path: '/status', value: 'completed' }]),
      });
      return response.status;
    }, taskId);
    expect(status).toBe(403);
  });
});
