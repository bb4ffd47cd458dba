// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionCard } from '../../../../../renderer/features/settings/ConnectionCard.tsx';
import { PreferencesCard } from '../../../../../renderer/features/settings/PreferencesCard.tsx';
import { SettingsProblems } from '../../../../../renderer/features/settings/SettingsProblems.tsx';
import {
  parseAdministratorFile,
  parseMachineFile,
  resolveSettings,
} from '../../../../../main/settings/settings-layers.ts';
import type { SettingsView } from '../../../../../shared/ipc/schemas.ts';
import { renderWithProviders } from '../../../../support/render-with-providers.tsx';
import { settingsView } from '../../../../support/settings-view.ts';

afterEach(cleanup);

/** The view main gives for these two files (and no user file). */
function viewOf(administrator: unknown, machine: unknown = {}): SettingsView {
  return resolveSettings(
    parseAdministratorFile(JSON.stringify(administrator)),
    parseMachineFile(JSON.stringify(machine)),
    { values: {}, problems: [] },
  );
}

function render(ui: React.ReactElement, view: SettingsView) {
  return renderWithProviders(ui, {
    preloadedState: { settings: { view, saving: false, error: null } },
  });
}

describe('the connection card', () => {
  it('lists FUT’s services, the provider and where each value comes from', async () => {
    await render(
      <ConnectionCard />,
      viewOf(
        {
          machine: {
            fhirServices: {
              services: {
                patient: 'https://patient.ehealth.sundhed.dk/fhir',
                careplan: 'https://careplan.ehealth.sundhed.dk/fhir',
              },
            },
            signIn: {
              kind: 'fut',
              authority: 'https://saml.ehealth.sundhed.dk/auth/realms/ehealth',
              clientId: 'workbench',
              scopes: ['openid'],
            },
          },
          locked: ['fhirServices'],
        },
        { offlineGraceHours: 4 },
      ),
    );
    const services = screen.getByTestId('connection-fhirServices');
    expect(
      within(services)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'patient: https://patient.ehealth.sundhed.dk/fhir',
      'careplan: https://careplan.ehealth.sundhed.dk/fhir',
    ]);
    expect(services.textContent).toContain('Administrator');
    expect(services.textContent).toContain('Låst');
    expect(screen.getByTestId('connection-signIn').textContent).toContain(
      "FUT's login (https://saml.ehealth.sundhed.dk/auth/realms/ehealth)",
    );
    expect(screen.getByTestId('connection-offlineGraceHours').textContent).toBe(
      '4 timerDenne computer',
    );
    expect(screen.getByTestId('connection-updateUrl').textContent).toBe('Slået fraStandard');
    expect(
      screen.getByText('Ingen administratorfil på denne computer; standardværdierne gælder.', {
        exact: false,
      }),
    ).toBeTruthy();
  });

  it('names who manages the machine when the administrator file says', async () => {
    await render(<ConnectionCard />, viewOf({ managedBy: 'Aalborg Kommune, Digitalisering' }));
    expect(screen.getByText(/Administreres af Aalborg Kommune, Digitalisering\./)).toBeTruthy();
  });
});

describe('the preferences card', () => {
  it('disables a locked switch and says who locked it, as the field’s description', async () => {
    await render(
      <PreferencesCard />,
      viewOf({
        managedBy: 'RN IT',
        user: { desktopNotifications: false },
        locked: ['desktopNotifications'],
      }),
    );
    const toggle = screen.getByRole('switch', { name: 'Vis skrivebordsnotifikationer' });
    expect(toggle).toHaveProperty('disabled', true);
    expect(toggle).toHaveProperty('checked', false);
    const description = document.getElementById(toggle.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe('Låst af RN IT');
  });

  it('offers only idle-lock times within the machine maximum', async () => {
    const { user } = await render(
      <PreferencesCard />,
      viewOf({ machine: { idleLockMaxMinutes: 12 } }),
    );
    await user.click(screen.getByRole('combobox', { name: /Lås arbejdsbordet/ }));
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      '5 minutter',
      '10 minutter',
      '12 minutter',
    ]);
    expect(screen.getByText('Højst 12 minutter på denne computer.')).toBeTruthy();
  });
});

describe('the problems list', () => {
  it('is absent when every file is in order', async () => {
    await render(<SettingsProblems />, settingsView());
    expect(screen.queryByTestId('settings-problems')).toBeNull();
  });

  it('names each entry that is not used, file by file', async () => {
    await render(
      <SettingsProblems />,
      viewOf({ machine: { updateUrl: 'ftp://x' }, colour: 'blue' }, { sharedWorkstation: 'ja' }),
    );
    const items = within(screen.getByTestId('settings-problems')).getAllByRole('listitem');
    expect(items.map((item) => item.textContent?.replace(/ \(.*\)$/, ''))).toEqual([
      'Administratorfilen: colour – ukendt indstilling',
      'Administratorfilen: machine.updateUrl – ugyldig værdi',
      'Computerens indstillingsfil: sharedWorkstation – ugyldig værdi',
    ]);
  });
});
