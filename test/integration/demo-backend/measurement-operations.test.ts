import type {
  Bundle,
  Observation,
  OperationOutcome,
  Parameters,
  Provenance,
  Resource,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { useDemoBackend, withBody } from './support/demo-backend.ts';
import { observation, questionnaireResponse } from './support/fut-fixtures.ts';
import { smallDataset } from './support/small-dataset.ts';

/** $submit-measurement (atomic), $search-measurements-bundle-limit and $get-patient-procedures over HTTP. */

const SD = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';
const dailyRegime = {
  occurrenceTiming: {
    repeat: {
      boundsPeriod: { start: '2025-03-01T00:00:00Z' },
      frequency: 1,
      period: 1,
      periodUnit: 'd' as const,
    },
  },
  extension: [
    {
      url: 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare',
      valueReference: { reference: 'EpisodeOfCare/eoc-1' },
    },
    { url: `${SD}ehealth-include-as-extra`, valueBoolean: true },
  ],
};

const fhir = useDemoBackend(() =>
  smallDataset(2, 2).map((resource) =>
    resource.resourceType === 'ServiceRequest' && resource.id === 'sr-1'
      ? { ...resource, ...dailyRegime }
      : resource,
  ),
);

function entry(resource: Resource, uuid: string): NonNullable<Bundle['entry']>[number] {
  return {
    fullUrl: `urn:uuid:${uuid}`,
    resource,
    request: { method: 'POST', url: resource.resourceType },
  };
}

function measurement(id: string, effective: string, extra: Partial<Observation> = {}): Observation {
  const resource: Observation = {
    ...observation(id, 'pat-1', 'eoc-1', effective, {
      basedOn: [
        { reference: `${fhir.backend.serviceBaseUrls.careplan ?? ''}/ServiceRequest/sr-1` },
      ],
      identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:submitted-${id}` }],
      ...extra,
    }),
    meta: { profile: [`${SD}ehealth-observation`] },
  };
  // Submitted resources have no id yet: the server assigns them.
  delete resource.id;
  return resource;
}

function submission(...entries: NonNullable<Bundle['entry']>): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'measurement',
        resource: { resourceType: 'Bundle', type: 'transaction', entry: entries },
      },
    ],
  };
}

async function countByIdentifier(value: string): Promise<number> {
  const bundle = (
    await fhir.request(
      'measurement',
      `/Observation?identifier=urn:ietf:rfc:3986|${value}&_summary=count`,
    )
  ).json<Bundle>();
  return bundle.total ?? -1;
}

describe('$submit-measurement', () => {
  it('stores every entry, links them with a Provenance and fills in the resolved timing', async () => {
    const qr = {
      ...questionnaireResponse('q', 'pat-1', 'eoc-1', '2025-03-02T09:00:00Z'),
      id: undefined,
      basedOn: [{ reference: 'ServiceRequest/sr-1' }],
    };
    const answer = await fhir.request(
      'measurement',
      '/$submit-measurement',
      withBody(
        'POST',
        submission(
          entry(measurement('a', '2025-03-02T08:00:00Z'), '1'),
          entry(measurement('b', '2025-03-02T08:05:00Z'), '2'),
          entry(qr, '3'),
        ),
      ),
    );
    expect(answer.status).toBe(200);
    const response = answer.json<Bundle>();
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    const stored = response.entry?.[0]?.resource as Observation;
    expect(stored.basedOn?.[0]?.reference).toBe(
      `${fhir.backend.serviceBaseUrls.careplan ?? ''}/ServiceRequest/sr-1`,
    );
    const timing = stored.extension?.find((e) => e.url === `${SD}ehealth-resolved-timing`);
    expect(timing?.extension?.find((e) => e.url === 'start')?.valueDateTime).toBe(
      '2025-03-02T00:00:00.000Z',
    );
    const provenance = response.entry?.[3]?.resource as Provenance;
    expect(provenance.target).toHaveLength(3);
    expect(await countByIdentifier('urn:uuid:submitted-a')).toBe(1);
  });

  it('stores nothing when one entry is invalid', async () => {
    const good = entry(measurement('c', '2025-03-03T08:00:00Z'), '1');
    const wrongStatus = entry(
      measurement('d', '2025-03-03T08:01:00Z', { status: 'preliminary' }),
      '2',
    );
    const answer = await fhir.request(
      'measurement',
      '/$submit-measurement',
      withBody('POST', submission(good, wrongStatus)),
    );
    expect(answer.status).toBe(400);
    expect(answer.json<OperationOutcome>().issue).toEqual([
      expect.objectContaining({ diagnostics: 'Bundle.entry[1].resource.status: must be "final"' }),
    ]);
    expect(await countByIdentifier('urn:uuid:submitted-c')).toBe(0);
    expect(await countByIdentifier('urn:uuid:submitted-d')).toBe(0);
  });

  it.each([
    [
      'another patient',
      () => measurement('e', '2025-03-03T08:00:00Z', { subject: { reference: 'Patient/pat-2' } }),
    ],
    [
      'an unknown episode of care',
      () => ({
        ...measurement('e', '2025-03-03T08:00:00Z'),
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare',
            valueReference: { reference: 'EpisodeOfCare/none' },
          },
        ],
      }),
    ],
    [
      'an unknown ServiceRequest',
      () =>
        measurement('e', '2025-03-03T08:00:00Z', {
          basedOn: [{ reference: 'ServiceRequest/none' }],
        }),
    ],
    ['a malformed date', () => measurement('e', 'tomorrow')],
  ])('refuses a Bundle with %s and stores nothing', async (_case, second) => {
    const answer = await fhir.request(
      'measurement',
      '/$submit-measurement',
      withBody(
        'POST',
        submission(entry(measurement('f', '2025-03-04T08:00:00Z'), '1'), entry(second(), '2')),
      ),
    );
    expect(answer.status).toBe(400);
    expect(await countByIdentifier('urn:uuid:submitted-f')).toBe(0);
  });
});

describe('$search-measurements-bundle-limit', () => {
  it('returns submissions as nested Bundles ordered by clinical time', async () => {
    const url = `/$search-measurements-bundle-limit?episodeOfCare=EpisodeOfCare/eoc-1&start=2025-01-01T00:00:00Z&count=10`;
    const bundle = (await fhir.request('measurement', url)).json<Bundle>();
    const nested = (bundle.entry ?? []).map((e) => e.resource as Bundle);
    const sizes = nested.map((b) => b.entry?.length);
    // Two seeded single Observations, then the three-part submission with its Provenance.
    expect(sizes).toEqual([1, 1, 4]);
    const descending = (
      await fhir.request(
        'measurement',
        '/$search-measurements-bundle-limit?patient=Patient/pat-1&end=2026-01-01T00:00:00Z&count=1',
      )
    ).json<Bundle>();
    expect((descending.entry?.[0]?.resource as Bundle).entry).toHaveLength(4);
  });

  it('refuses a count over 100 or a search without start/end', async () => {
    expect(
      (
        await fhir.request(
          'measurement',
          '/$search-measurements-bundle-limit?patient=Patient/pat-1&start=2025-01-01&count=101',
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await fhir.request(
          'measurement',
          '/$search-measurements-bundle-limit?patient=Patient/pat-1&count=5',
        )
      ).status,
    ).toBe(400);
  });
});

describe('$get-patient-procedures', () => {
  it('counts submitted and expected measurements per resolved slot', async () => {
    const input: Parameters = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'patient', valueReference: { reference: 'Patient/pat-1' } },
        { name: 'start', valueDateTime: '2025-03-02T00:00:00Z' },
        { name: 'end', valueDateTime: '2025-03-03T23:59:59Z' },
        { name: 'extra', valueBoolean: true },
      ],
    };
    const answer = await fhir.request(
      'careplan',
      '/$get-patient-procedures',
      withBody('POST', input),
    );
    expect(answer.status).toBe(200);
    const bundle = answer.json<Bundle>();
    const rows = (bundle.entry?.[0]?.resource as Parameters).parameter ?? [];
    const column = (row: number, name: string) => rows[row]?.part?.find((p) => p.name === name);
    expect(rows.map((r) => r.name)).toEqual(['item_1', 'item_2', 'item_3']);
    expect(column(0, 'TimingType')?.valueString).toBe('Resolved');
    expect(column(0, 'TotalSubmitted')?.valueInteger).toBe(3);
    expect(column(0, 'SubmittedTimely')?.valueInteger).toBe(3);
    expect(column(0, 'OccurrencesRequested')?.valueInteger).toBe(1);
    expect(column(1, 'TotalSubmitted')?.valueInteger).toBe(0);
    expect(column(2, 'TimingType')?.valueString).toBe('Extra');
    expect(bundle.entry?.slice(1).map((e) => e.resource?.resourceType)).toEqual([
      'CarePlan',
      'ServiceRequest',
    ]);
  });

  it('takes POST only and needs patient, start and end', async () => {
    expect(
      (await fhir.request('careplan', '/$get-patient-procedures?patient=Patient/pat-1')).status,
    ).toBe(405);
    const missing = await fhir.request(
      'careplan',
      '/$get-patient-procedures',
      withBody('POST', { resourceType: 'Parameters', parameter: [] }),
    );
    expect(missing.status).toBe(400);
  });
});
