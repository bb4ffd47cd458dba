// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import type { ObservationCodeKey } from '../../../../../shared/fhir/observation-codes.ts';
import type { EpisodeView } from '../../../../../renderer/data/model/episode.ts';
import {
  RegisterMeasurementDialog,
  type RegisteredMeasurement,
} from '../../../../../renderer/features/citizen/RegisterMeasurementDialog.tsx';
import { fakeWrites, type FakeWrites } from '../../../../support/fake-writes.ts';
import { renderWithProviders } from '../../../../support/render-with-providers.tsx';

afterEach(cleanup);

/** 11:00 Danish time on 7 December 2026. */
const NOW = Date.parse('2026-12-07T10:00:00Z');

function episode(id: string, status: EpisodeView['status'] = 'active'): EpisodeView {
  return {
    id,
    patientId: 'patient-1',
    status,
    diagnosisCode: null,
    diagnosisText: `Forløb ${id}`,
    start: '2026-01-01',
    teamIds: [],
  };
}

async function openDialog(
  options: {
    readonly writes?: FakeWrites;
    readonly episodes?: readonly EpisodeView[];
    readonly planned?: readonly ObservationCodeKey[];
  } = {},
) {
  const writes = options.writes ?? fakeWrites();
  const episodes = options.episodes ?? [episode('episode-1'), episode('episode-old', 'finished')];
  const registered: RegisteredMeasurement[] = [];
  const rendered = await renderWithProviders(
    <RegisterMeasurementDialog
      patientId="patient-1"
      patientName="Karen Jensen"
      episodes={episodes}
      requestedCodes={
        new Map(episodes.map((item) => [item.id, options.planned ?? ['bodyTemperature']]))
      }
      onRegistered={(measurement) => registered.push(measurement)}
      now={() => NOW}
    />,
    { writes },
  );
  await rendered.user.click(screen.getByRole('button', { name: 'Registrér måling' }));
  const dialog = await screen.findByRole('dialog', { name: 'Registrér måling' });
  return { ...rendered, writes, registered, dialog };
}

describe('RegisterMeasurementDialog', () => {
  test('shows who, the type the plan asks for, its plausible range and now as date and time', async () => {
    const { dialog } = await openDialog();

    expect(within(dialog).getByText('Karen Jensen')).toBeTruthy();
    const value = within(dialog).getByRole('textbox', { name: /^Temperatur \(°C\)/ });
    expect(value.getAttribute('inputmode')).toBe('decimal');
    expect(within(dialog).getByText('Mellem 30 og 44')).toBeTruthy();
    expect(within(dialog).getByRole('textbox', { name: /^Dato/ })).toHaveProperty(
      'value',
      '07.12.2026',
    );
    expect(within(dialog).getByRole('textbox', { name: /^Klokkeslæt/ })).toHaveProperty(
      'value',
      '11:00',
    );
  });

  test('a value with a Danish decimal comma is sent once, with the episode, type, time and note', async () => {
    const { dialog, user, writes, registered } = await openDialog();

    await user.type(within(dialog).getByRole('textbox', { name: /^Temperatur/ }), '37,5');
    await user.type(within(dialog).getByRole('textbox', { name: /^Bemærkning/ }), ' Efter gåtur ');
    await user.click(within(dialog).getByRole('button', { name: 'Gem måling' }));

    expect(await screen.findByRole('button', { name: 'Registrér måling' })).toBeTruthy();
    expect(writes.calls).toEqual([
      {
        write: 'registerMeasurement',
        input: {
          patientId: 'patient-1',
          episodeOfCareId: 'episode-1',
          codeKey: 'bodyTemperature',
          values: [37.5],
          effective: '2026-12-07T10:00:00.000Z',
          note: 'Efter gåtur',
        },
      },
    ]);
    expect(registered).toEqual([
      {
        observationId: 'local-obs-1',
        codeKey: 'bodyTemperature',
        values: [37.5],
        unit: '°C',
        effective: '2026-12-07T10:00:00.000Z',
      },
    ]);
  });

  test.each([
    ['empty', '', 'Skriv en værdi.'],
    ['not a number', 'høj', 'Skriv et tal, fx 37,5.'],
    [
      'out of the plausible range',
      '375',
      'Værdien skal ligge mellem 30 og 44 °C. Tjek for tastefejl.',
    ],
    ['more decimals than the type takes', '37,55', 'Brug højst 1 decimaler.'],
    ['a grouped number', '1.000', 'Brug højst 1 decimaler.'],
  ])('a value that is %s is refused in words and nothing is sent', async (_case, typed, said) => {
    const { dialog, user, writes } = await openDialog();

    if (typed) await user.type(within(dialog).getByRole('textbox', { name: /^Temperatur/ }), typed);
    await user.click(within(dialog).getByRole('button', { name: 'Gem måling' }));

    expect(await within(dialog).findByText(said)).toBeTruthy();
    expect(writes.calls).toEqual([]);
    expect(screen.getByRole('dialog', { name: 'Registrér måling' })).toBeTruthy();
  });

  test('a time in the future is refused and nothing is sent', async () => {
    const { dialog, user, writes } = await openDialog();

    await user.type(within(dialog).getByRole('textbox', { name: /^Temperatur/ }), '37');
    const time = within(dialog).getByRole('textbox', { name: /^Klokkeslæt/ });
    await user.clear(time);
    await user.type(time, '12:00');
    await user.click(within(dialog).getByRole('button', { name: 'Gem måling' }));

    expect(await within(dialog).findByText(/^Tidspunktet ligger i fremtiden/)).toBeTruthy();
    expect(writes.calls).toEqual([]);
  });

  test('with two active forløb the user must choose one before anything is sent', async () => {
    const { dialog, user, writes } = await openDialog({
      episodes: [episode('episode-1'), episode('episode-2')],
    });

    await user.click(within(dialog).getByRole('button', { name: 'Gem måling' }));

    expect(await within(dialog).findByText('Vælg det forløb, målingen hører til.')).toBeTruthy();
    expect(writes.calls).toEqual([]);
  });

  test('a write that fails says so in the dialog, which stays open with the value', async () => {
    const writes = fakeWrites();
    writes.failWith(new Error('Krypteringsnøglen er låst'));
    const { dialog, user } = await openDialog({ writes });

    const value = within(dialog).getByRole('textbox', { name: /^Temperatur/ });
    await user.type(value, '38,2');
    await user.click(within(dialog).getByRole('button', { name: 'Gem måling' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Målingen blev ikke gemt');
    expect(alert.textContent).toContain('Målingen kunne ikke gemmes: Krypteringsnøglen er låst');
    expect(value).toHaveProperty('value', '38,2');
    expect(writes.calls).toHaveLength(1);
  });

  test('without local writes the button is off and says why', async () => {
    await renderWithProviders(
      <RegisterMeasurementDialog
        patientId="patient-1"
        patientName="Karen Jensen"
        episodes={[episode('episode-1')]}
      />,
    );
    const button = screen.getByRole('button', { name: 'Registrér måling' });
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(
      screen.getByText('Målinger kan registreres, når borgerens data er klar på denne computer.'),
    ).toBeTruthy();
  });
});
