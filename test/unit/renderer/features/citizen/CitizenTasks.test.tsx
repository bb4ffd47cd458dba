// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { StaleBaseError } from '../../../../../renderer/data/cache/contracts.ts';
import type { Task } from '@medplum/fhirtypes';
import { Ext } from '../../../../../shared/fhir/profiles.ts';
import type { TaskView } from '../../../../../renderer/data/model/tasks.ts';
import { createMemorySource } from '../../../../../renderer/data/source/memory-source.ts';
import type { ResourceSource } from '../../../../../renderer/data/source/resource-source.ts';
import { CitizenTasks } from '../../../../../renderer/features/citizen/CitizenTasks.tsx';
import { fakeWrites } from '../../../../support/fake-writes.ts';
import { renderWithProviders } from '../../../../support/render-with-providers.tsx';

afterEach(cleanup);

function task(id: string, overrides: Partial<TaskView> = {}): TaskView {
  return {
    id,
    versionId: '1',
    status: 'ready',
    priority: null,
    category: null,
    codeText: '',
    description: '',
    episodeId: 'episode-1',
    focus: null,
    authoredOn: '2026-12-01T08:00:00Z',
    due: null,
    notes: [],
    ...overrides,
  };
}

const assessment = task('task-a', {
  priority: 'stat',
  category: { code: 'MeasurementForAssessment', text: 'Measurement for assessment' },
  description: 'Blodtryk over grænsen',
});
const missing = task('task-b', {
  versionId: '7',
  priority: 'routine',
  category: { code: 'MissingMeasurementResolving', text: 'Missing measurement' },
  notes: [{ text: 'Ringet op, ingen svar', time: null, author: null }],
});

/** The FHIR Task a view shows as `view` (FUT's category and episode extensions). */
function taskResource(view: TaskView): Task {
  return {
    resourceType: 'Task',
    id: view.id,
    meta: view.versionId ? { versionId: view.versionId } : undefined,
    status: view.status,
    intent: 'order',
    priority: view.priority ?? undefined,
    description: view.description || undefined,
    authoredOn: view.authoredOn ?? undefined,
    note: view.notes.map((note) => ({ text: note.text })),
    extension: [
      {
        url: Ext.taskEpisodeOfCare,
        valueReference: { reference: `EpisodeOfCare/${view.episodeId ?? ''}` },
      },
      ...(view.category
        ? [
            {
              url: Ext.taskCategory,
              valueCodeableConcept: {
                coding: [{ code: view.category.code }],
                text: view.category.text,
              },
            },
          ]
        : []),
    ],
  };
}

/** A memory source with patient-1's forløb and these tasks, counting how often the view asked. */
function tasksSource(list: TaskView[]) {
  const asked: string[] = [];
  const memory = createMemorySource([
    {
      resourceType: 'EpisodeOfCare',
      id: 'episode-1',
      status: 'active',
      patient: { reference: 'Patient/patient-1' },
    },
    ...list.map(taskResource),
  ]);
  const source: ResourceSource = {
    ...memory,
    byPatient: (type, patientId, filter, signal) => {
      if (type === 'EpisodeOfCare') asked.push(patientId);
      return memory.byPatient(type, patientId, filter, signal);
    },
  };
  return { asked, source };
}

describe('CitizenTasks', () => {
  test('shows the open tasks in the order given, with their names, priority, notes and actions', async () => {
    const tasks = tasksSource([assessment, missing]);
    await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove />, {
      source: tasks.source,
      writes: fakeWrites(),
    });

    expect(await screen.findByRole('heading', { name: 'Åbne opgaver (2)' })).toBeTruthy();
    const rows = screen.getAllByTestId('citizen-task');
    expect(rows.map((row) => row.getAttribute('data-task-id'))).toEqual(['task-a', 'task-b']);
    expect(rows[0]!.textContent).toContain('Akut');
    expect(rows[0]!.textContent).toContain('Måling til vurdering');
    expect(rows[0]!.textContent).toContain('Blodtryk over grænsen');
    expect(rows[1]!.textContent).toContain('Rutine');
    expect(
      within(rows[1]!).getByRole('list', { name: 'Noter til Manglende måling' }).textContent,
    ).toBe('Ringet op, ingen svar');
    const acknowledge = within(rows[0]!).getByRole('button', {
      name: 'Kvittér for opgaven: Måling til vurdering',
    });
    expect(acknowledge.hasAttribute('disabled')).toBe(false);
    expect(tasks.asked).toEqual(['patient-1']);
  });

  test('leaves out the actions for a role that may not act on tasks, and still shows the tasks', async () => {
    const tasks = tasksSource([assessment, missing]);
    await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove={false} />, {
      source: tasks.source,
      writes: fakeWrites(),
    });
    expect(await screen.findAllByTestId('citizen-task')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /Kvittér/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /note/i })).toBeNull();
  });

  test('says so when the citizen has no open tasks', async () => {
    await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove />, {
      source: tasksSource([]).source,
    });
    expect(await screen.findByText('Borgeren har ingen åbne opgaver.')).toBeTruthy();
  });

  test('without local writes (cache locked) the actions cannot be used', async () => {
    await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove />, {
      source: tasksSource([assessment]).source,
    });
    const button = await screen.findByRole('button', {
      name: 'Kvittér for opgaven: Måling til vurdering',
    });
    expect(button.hasAttribute('disabled')).toBe(true);
  });

  test('"Kvittér" sends the task with the version shown, says it is saved and reads the tasks again', async () => {
    const writes = fakeWrites();
    const tasks = tasksSource([assessment, missing]);
    const { user } = await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove />, {
      source: tasks.source,
      writes,
    });

    await user.click(
      await screen.findByRole('button', { name: 'Kvittér for opgaven: Manglende måling' }),
    );

    expect(await screen.findByText('Kvitteret: Manglende måling')).toBeTruthy();
    expect(writes.calls).toEqual([
      { write: 'acknowledgeTask', taskId: 'task-b', expectedVersionId: '7' },
    ]);
    await waitFor(() => expect(tasks.asked).toHaveLength(2));
  });

  test('a task a colleague changed meanwhile is not overwritten: the user is told to look again', async () => {
    const writes = fakeWrites();
    writes.failWith(new StaleBaseError('8'));
    const { user } = await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove />, {
      source: tasksSource([missing]).source,
      writes,
    });

    await user.click(
      await screen.findByRole('button', { name: 'Kvittér for opgaven: Manglende måling' }),
    );

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Opgaven er ændret siden du åbnede den');
    expect(screen.queryByText(/^Kvitteret/)).toBeNull();
  });

  test('"Tilføj note" sends the trimmed note against the version shown', async () => {
    const writes = fakeWrites();
    const { user } = await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove />, {
      source: tasksSource([assessment, missing]).source,
      writes,
    });

    await user.click(
      await screen.findByRole('button', { name: 'Tilføj note til opgaven: Måling til vurdering' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Tilføj note til opgaven' });
    expect(within(dialog).getByText('Måling til vurdering')).toBeTruthy();
    await user.type(within(dialog).getByRole('textbox', { name: /Note/ }), '  Talt med borger  ');
    await user.click(within(dialog).getByRole('button', { name: 'Gem note' }));

    expect(await screen.findByText('Note tilføjet: Måling til vurdering')).toBeTruthy();
    expect(writes.calls).toEqual([
      { write: 'addTaskNote', taskId: 'task-a', expectedVersionId: '1', text: 'Talt med borger' },
    ]);
  });

  test('an empty note is refused in words and nothing is sent', async () => {
    const writes = fakeWrites();
    const { user } = await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove />, {
      source: tasksSource([assessment]).source,
      writes,
    });

    await user.click(
      await screen.findByRole('button', { name: 'Tilføj note til opgaven: Måling til vurdering' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Tilføj note til opgaven' });
    await user.type(within(dialog).getByRole('textbox', { name: /Note/ }), '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Gem note' }));

    expect(await within(dialog).findByText('Skriv noten.')).toBeTruthy();
    expect(writes.calls).toEqual([]);
  });

  test('a note that could not be saved says why and keeps what was typed', async () => {
    const writes = fakeWrites();
    writes.failWith(new Error('Disken er fuld'));
    const { user } = await renderWithProviders(<CitizenTasks patientId="patient-1" canApprove />, {
      source: tasksSource([assessment]).source,
      writes,
    });

    await user.click(
      await screen.findByRole('button', { name: 'Tilføj note til opgaven: Måling til vurdering' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Tilføj note til opgaven' });
    const note = within(dialog).getByRole('textbox', { name: /Note/ });
    await user.type(note, 'Ringer igen i morgen');
    await user.click(within(dialog).getByRole('button', { name: 'Gem note' }));

    expect(await within(dialog).findByText('Noten blev ikke gemt: Disken er fuld')).toBeTruthy();
    expect((note as HTMLTextAreaElement).value).toBe('Ringer igen i morgen');
    expect(screen.getByRole('dialog', { name: 'Tilføj note til opgaven' })).toBeTruthy();
    expect(writes.calls).toHaveLength(1);
  });
});
