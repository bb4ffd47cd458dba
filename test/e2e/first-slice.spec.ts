import type { Page } from '@playwright/test';
import { seriousAxeViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';

const personas = [
  { id: 'hospital-nurse', name: 'Mette Kjærsgaard' },
  { id: 'municipal-nurse', name: 'Søren Bøgh Madsen' },
  { id: 'gp', name: 'Anne-Marie Østergaard' },
  { id: 'coordinator', name: 'Birgitte Aagaard Holm' },
] as const;

const CPR_FORMAT = /^\d{6}-\d{4}$/;

async function openFirstCitizen(page: Page): Promise<string> {
  const grid = page.getByTestId('caseload-grid');
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  const firstName = (
    await grid.locator('[role="gridcell"][col-id="name"]').first().innerText()
  ).trim();
  await grid.locator('[role="gridcell"][col-id="name"]').first().click();
  await expect(page.getByRole('heading', { level: 1, name: firstName })).toBeVisible();
  return firstName;
}

test.describe('first slice: persona → caseload → citizen', () => {
  for (const persona of personas) {
    test.describe(`as ${persona.id}`, () => {
      test.use({ syncedAs: persona.id });

      test(`${persona.id} sees the caseload and opens a citizen (Danish)`, async ({
        openSynced,
        page,
        cspViolations,
      }, testInfo) => {
        await openSynced();
        await expect(page.getByText(`Logget ind som ${persona.name}`)).toBeVisible();
        await expect(page.getByText('Demo', { exact: true })).toBeVisible();
        await expect(page.getByText(/\d+ borgere? i /)).toBeVisible();
        expect(await seriousAxeViolations(page), 'axe on the caseload').toEqual([]);
        if (persona.id === 'hospital-nurse')
          await page.screenshot({ path: testInfo.outputPath('caseload-da.png') });

        await openFirstCitizen(page);
        await expect(page.getByTestId('banner-cpr')).toHaveText(CPR_FORMAT);
        await expect(page.getByText(/^\d+ år \(\d{2}\.\d{2}\.\d{4}\)$/)).toBeVisible();
        const table = page.getByRole('table', {
          name: /Seneste målinger siden \d{2}\.\d{2}\.\d{4}/,
        });
        await expect(table).toBeVisible();
        await expect(table.getByRole('row').nth(1)).toContainText(
          /\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/,
        );
        expect(await seriousAxeViolations(page), 'axe on the citizen view').toEqual([]);
        if (persona.id === 'hospital-nurse')
          await page.screenshot({ path: testInfo.outputPath('citizen-da.png') });
        expect(cspViolations).toEqual([]);
      });
    });
  }

  test.describe('as the coordinator', () => {
    test.use({ syncedAs: 'coordinator' });

    test('the same slice in English', async ({ openSynced, page, setLanguage }, testInfo) => {
      await setLanguage('en');
      await openSynced();
      await expect(page.getByText('Signed in as Birgitte Aagaard Holm')).toBeVisible();
      await expect(page.getByRole('columnheader', { name: 'Course of care' })).toBeVisible();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await openFirstCitizen(page);
      await expect(page.getByRole('table', { name: /Latest measurements since/ })).toBeVisible();
      await expect(page.getByRole('columnheader', { name: 'Assessment' })).toBeVisible();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath('citizen-en.png') });
    });

    test('masks the address of a citizen with name and address protection', async ({
      openSynced,
      page,
    }) => {
      await openSynced();
      const grid = page.getByTestId('caseload-grid');
      await page
        .getByRole('searchbox', { name: 'Søg i borgeroversigten' })
        .fill('Navne- og adressebeskyttet');
      const protectedRow = grid.locator('[role="gridcell"][col-id="name"]').first();
      await expect(protectedRow).toBeVisible();
      await protectedRow.click();
      await expect(page.getByText('Skjult (navne- og adressebeskyttelse)')).toBeVisible();
      await expect(page.getByText('Navne- og adressebeskyttet', { exact: true })).toBeVisible();
    });

    test('sorts by name in Danish order, and by a column the user picks', async ({
      openSynced,
      page,
    }) => {
      await openSynced();
      const grid = page.getByTestId('caseload-grid');
      const column = (id: string) => grid.locator(`[role="gridcell"][col-id="${id}"]`);
      await expect(column('name').first()).toBeVisible();
      const names = (await column('name').allInnerTexts()).map((name) => name.trim());
      expect(names.length).toBeGreaterThan(3);
      // Danish order: æ, ø, å after z (a plain code-point or English sort puts them elsewhere).
      expect(names).toEqual(names.toSorted(new Intl.Collator('da').compare));

      await grid.getByRole('columnheader', { name: 'Alder' }).click();
      await expect(grid.getByRole('columnheader', { name: 'Alder' })).toHaveAttribute(
        'aria-sort',
        'ascending',
      );
      const ages = (await column('age').allInnerTexts()).map(Number);
      expect(ages.length).toBeGreaterThan(3);
      expect(ages).toEqual(ages.toSorted((a, b) => a - b));
    });
  });

  test.describe('as the GP', () => {
    test.use({ syncedAs: 'gp' });

    test('opens a citizen from the keyboard', async ({ openSynced, page }, testInfo) => {
      await openSynced();
      const firstCell = page
        .getByTestId('caseload-grid')
        .locator('[role="gridcell"][col-id="name"]')
        .first();
      const name = (await firstCell.innerText()).trim();
      await firstCell.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

      // The banner stays in view while the citizen's data scrolls under it.
      const main = page.locator('#main-content');
      await main.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await expect.poll(() => main.evaluate((element) => element.scrollTop)).toBeGreaterThan(200);
      const banner = await page.getByTestId('banner-cpr').boundingBox();
      const area = await main.boundingBox();
      expect(banner && area && banner.y >= area.y && banner.y < area.y + 150).toBe(true);
      await expect(page.getByRole('heading', { level: 1, name })).toBeInViewport();
      await page.screenshot({ path: testInfo.outputPath('citizen-scrolled.png') });
    });
  });

  test('an unknown persona gets a clear message, and a real one can still sign in', async ({
    page,
    harness,
  }) => {
    await page.goto(harness.url);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Log ind på arbejdsbordet' }),
    ).toBeVisible();
    await page.evaluate(() => {
      window.location.hash = '/sign-in?persona=chief-surgeon';
    });
    await expect(page.getByRole('alert')).toContainText(
      "Der findes ingen demo-bruger med id'et »chief-surgeon«",
    );
    await page.getByRole('button', { name: /Log ind som Mette Kjærsgaard/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Borgeroversigt' })).toBeVisible();
  });

  test('signing out returns to the persona choice', async ({ signIn, page }) => {
    await signIn('gp');
    await page.getByRole('button', { name: 'Log ud' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Log ind på arbejdsbordet' }),
    ).toBeVisible();
  });
});
