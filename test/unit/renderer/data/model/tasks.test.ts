import type { Extension, Task } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openTaskViews, taskView } from '../../../../../renderer/data/model/tasks.ts';
import { Ext } from '../../../../../shared/fhir/profiles.ts';

const task = (extra: Partial<Task> = {}): Task => ({
  resourceType: 'Task',
  id: 't1',
  status: 'ready',
  intent: 'order',
  ...extra,
});
const episodeExtension = (url: string, id: string): Extension => ({
  url,
  valueReference: { reference: `EpisodeOfCare/${id}` },
});
const category = (concept: Extension['valueCodeableConcept']): Extension => ({
  url: Ext.taskCategory,
  valueCodeableConcept: concept,
});

describe('taskView', () => {
  it('shows a bare task with nothing made up', () => {
    expect(taskView(task({ id: undefined }))).toEqual({
      id: '',
      versionId: null,
      status: 'ready',
      priority: null,
      category: null,
      codeText: '',
      description: '',
      episodeId: null,
      focus: null,
      authoredOn: null,
      due: null,
      notes: [],
    });
  });

  it('shows what the task is about, when it was made and what it says', () => {
    const view = taskView(
      task({
        meta: { versionId: '7' },
        priority: 'urgent',
        description: 'Vurder målingen',
        focus: { reference: 'Observation/o1' },
        authoredOn: '2026-11-20T10:00:00Z',
      }),
    );
    expect(view).toMatchObject({
      versionId: '7',
      priority: 'urgent',
      description: 'Vurder målingen',
      focus: 'Observation/o1',
      authoredOn: '2026-11-20T10:00:00Z',
    });
  });

  it.each<[string, Task['code'], string]>([
    [
      'its text before the coding’s display',
      { text: 'Ring op', coding: [{ display: 'Kontakt' }] },
      'Ring op',
    ],
    [
      'the coding’s display without a text',
      { coding: [{ code: 'x', display: 'Kontakt' }] },
      'Kontakt',
    ],
    ['nothing for a code with neither', { coding: [{ code: 'x' }] }, ''],
    ['nothing for a code without codings', {}, ''],
    ['nothing for a code with an empty coding list', { coding: [] }, ''],
  ])('names the task by %s', (_case, code, codeText) => {
    expect(taskView(task({ code })).codeText).toBe(codeText);
  });

  it.each<[string, Extension[], TaskViewCategory]>([
    [
      'the category’s text first',
      [
        category({
          text: 'Måling',
          coding: [{ code: 'MeasurementForAssessment', display: 'Need assessment' }],
        }),
      ],
      { code: 'MeasurementForAssessment', text: 'Måling' },
    ],
    [
      'the display without a text',
      [category({ coding: [{ code: 'MeasurementForAssessment', display: 'Need assessment' }] })],
      { code: 'MeasurementForAssessment', text: 'Need assessment' },
    ],
    [
      'the code without a text or display',
      [category({ coding: [{ code: 'MeasurementForAssessment' }] })],
      { code: 'MeasurementForAssessment', text: 'MeasurementForAssessment' },
    ],
    ['none for a category without a code', [category({ text: 'Måling' })], null],
    ['none for a coding without a code', [category({ coding: [{ display: 'Måling' }] })], null],
    ['none without the category extension', [episodeExtension(Ext.taskEpisodeOfCare, 'e1')], null],
  ])('shows the category by %s', (_case, extension, shown) => {
    expect(taskView(task({ extension })).category).toEqual(shown);
  });

  it.each<[string, Extension[], string | null]>([
    [
      'eHealth’s extension before the workflow one',
      [
        category({ coding: [{ code: 'x' }] }),
        episodeExtension(Ext.workflowEpisodeOfCare, 'e2'),
        episodeExtension(Ext.taskEpisodeOfCare, 'e1'),
      ],
      'e1',
    ],
    [
      'the workflow extension alone',
      [category({ coding: [{ code: 'x' }] }), episodeExtension(Ext.workflowEpisodeOfCare, 'e2')],
      'e2',
    ],
    [
      'none for a foreign reference',
      [episodeExtension(Ext.taskEpisodeOfCare, 'https://x/fhir/EpisodeOfCare/1')],
      null,
    ],
    ['none for an unknown extension', [episodeExtension('urn:other', 'e3')], null],
    [
      'none for extensions without a reference',
      [
        { url: Ext.taskEpisodeOfCare, valueString: 'e1' },
        { url: Ext.workflowEpisodeOfCare, valueString: 'e2' },
      ],
      null,
    ],
  ])('finds the forløb by %s', (_case, extension, episodeId) => {
    expect(taskView(task({ extension })).episodeId).toBe(episodeId);
  });

  it.each<[string, Partial<Task>, string | null]>([
    [
      'the restriction’s end before the execution period’s',
      { restriction: { period: { end: '2026-12-01' } }, executionPeriod: { end: '2026-12-05' } },
      '2026-12-01',
    ],
    [
      'the execution period’s end under a restriction without a period',
      { restriction: { repetitions: 1 }, executionPeriod: { end: '2026-12-05' } },
      '2026-12-05',
    ],
    ['none for a period without an end', { executionPeriod: { start: '2026-12-01' } }, null],
  ])('is due by %s', (_case, extra, due) => {
    expect(taskView(task(extra)).due).toBe(due);
  });

  it('shows each note with its time and author, by reference or by name', () => {
    const view = taskView(
      task({
        note: [
          {
            text: 'Ringet',
            time: '2026-11-25T10:00:00Z',
            authorReference: { reference: 'Practitioner/x' },
          },
          { text: 'Ingen svar', authorString: 'Sygeplejerske Hansen' },
          { text: 'Uden forfatter' },
        ],
      }),
    );
    expect(view.notes).toEqual([
      { text: 'Ringet', time: '2026-11-25T10:00:00Z', author: 'Practitioner/x' },
      { text: 'Ingen svar', time: null, author: 'Sygeplejerske Hansen' },
      { text: 'Uden forfatter', time: null, author: null },
    ]);
  });
});

type TaskViewCategory = ReturnType<typeof taskView>['category'];

describe('openTaskViews', () => {
  const open = (id: string | undefined, priority?: Task['priority'], authoredOn?: string) =>
    task({
      id,
      ...(priority ? { priority } : {}),
      ...(authoredOn ? { authoredOn } : {}),
    });

  it('puts the most pressing first: stat, asap, urgent, routine, then no priority', () => {
    const views = openTaskViews([
      open('none'),
      open('routine', 'routine'),
      open('urgent', 'urgent'),
      open('asap', 'asap'),
      open('stat', 'stat'),
    ]);
    expect(views.map((view) => view.id)).toEqual(['stat', 'asap', 'urgent', 'routine', 'none']);
  });

  it('within a priority, the one waiting longest first, undated last, then by id', () => {
    const views = openTaskViews([
      open('d', 'routine'),
      open('c', 'routine', '2026-11-20T10:00:00Z'),
      open('b', 'routine', '2026-11-20T10:00:00Z'),
      open('a', 'routine', '2026-11-21T10:00:00Z'),
      open('e', 'routine', '2026-11-19T10:00:00Z'),
    ]);
    expect(views.map((view) => view.id)).toEqual(['e', 'b', 'c', 'a', 'd']);
  });

  it('leaves out a task without an id, as it cannot be acknowledged', () => {
    expect(openTaskViews([open(undefined, 'stat'), open('t2')]).map((view) => view.id)).toEqual([
      't2',
    ]);
  });

  it('gives one order whatever order the source gave (property)', () => {
    const taskArb = fc.record({
      id: fc.constantFrom('1', '2', '3', 'A', 'b'),
      status: fc.constantFrom<Task['status']>('ready', 'in-progress', 'completed', 'cancelled'),
      priority: fc.option(fc.constantFrom<NonNullable<Task['priority']>>('stat', 'routine'), {
        nil: undefined,
      }),
      authoredOn: fc.option(fc.constantFrom('2026-11-20T10:00:00Z', '2026-11-21'), {
        nil: undefined,
      }),
    });
    const sourceAndShuffled = fc
      .uniqueArray(taskArb, { maxLength: 6, selector: (spec) => spec.id })
      .map((specs) =>
        specs.map(({ id, status, priority, authoredOn }) =>
          task({ id, status, priority, authoredOn }),
        ),
      )
      .chain((tasks) =>
        fc.tuple(fc.constant(tasks), fc.shuffledSubarray(tasks, { minLength: tasks.length })),
      );
    fc.assert(
      fc.property(sourceAndShuffled, ([tasks, shuffled]) => {
        expect(openTaskViews(shuffled)).toEqual(openTaskViews(tasks));
      }),
    );
  });
});
