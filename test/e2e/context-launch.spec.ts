import { parseLaunchUrl } from '../../main/launch/launch-request.ts';
import { expect, test } from './fixtures.ts';
import { caseloadCprs } from './steps.ts';

const launchUrl = (query: string) => `nordjysk-workbench://citizen?${query}`;

test.describe('a practice system opens a citizen (context launch)', () => {
  test.use({ syncedAs: 'gp' });

  test('opens the named citizen, switches on a second launch, and refuses what it must', async ({
    openSynced,
    harness,
    page,
  }, testInfo) => {
    await openSynced();
    const [first, second] = await caseloadCprs(page);
    if (!first || !second) throw new Error('The GP needs two citizens in the caseload.');
    const launch = (query: string) =>
      harness.runtime.services.launches.receive(parseLaunchUrl(launchUrl(query)));

    // As a second start of the app would: main receives the launch and tells the page.
    launch(`cpr=${first.replace('-', '')}&source=praksis`);
    await expect(page).toHaveURL(/#\/citizen\/[^/]+$/);
    await expect(page.getByTestId('banner-cpr')).toHaveText(first);

    launch(`cpr=${second}`);
    await expect(page.getByTestId('banner-cpr')).toHaveText(second);
    const openedAt = page.url();

    // Main refuses a malformed launch; the page says why and opens nothing.
    launch('cpr=3102011234');
    const notice = page.getByTestId('launch-notice');
    await expect(notice).toContainText('CPR-nummeret er ugyldigt');
    await expect(notice).toContainText('Intet er åbnet');
    expect(page.url()).toBe(openedAt);
    await page.screenshot({ path: testInfo.outputPath('launch-refused.png') });

    // A real CPR with no forløb on the GP's teams: no access, and nothing opened.
    launch('cpr=3112999998');
    await expect(notice).toContainText('Ingen adgang: borgeren har intet forløb med dine teams.');
    expect(page.url()).toBe(openedAt);
    await expect(page.getByTestId('banner-cpr')).toHaveText(second);

    await notice.getByRole('button', { name: 'Luk' }).click();
    await expect(notice).toBeHidden();
  });
});

test('a launch that arrives while nobody is signed in opens the citizen after the sign-in', async ({
  signIn,
  openApp,
  harness,
  page,
}) => {
  await signIn('gp');
  const [cpr] = await caseloadCprs(page);
  if (!cpr) throw new Error('The GP needs a citizen in the caseload.');
  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page).toHaveURL(/#\/sign-in/);

  harness.runtime.services.launches.receive(parseLaunchUrl(launchUrl(`cpr=${cpr}`)));
  // Nothing opens on the sign-in screen, and main keeps the launch for the signed-in page.
  await openApp();
  await expect(page.getByTestId('banner-cpr')).toHaveCount(0);
  await page.evaluate(() => {
    window.location.hash = '/sign-in?persona=gp';
  });
  await expect(page.getByTestId('banner-cpr')).toHaveText(cpr);
});
