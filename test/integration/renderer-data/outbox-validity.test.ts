import type { ClinicalImpression, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FhirError } from '../../../renderer/data/fhir/fhir-error.ts';
import { isIdentifiedResourceOf } from '../../../renderer/data/fhir/fhir-parse.ts';
import { startOutboxWorld, type OutboxWorld } from './outbox-fixture.ts';
import { readPath } from '../../support/fhir-paths.ts';

// The demo back end's ClinicalImpression/$set-measurement-validity (FUT's task service), through
// the gateway: what it refuses, and retraction of an invalidation.
let world: OutboxWorld;
let observation: Observation & { id: string };

const CS = 'http://ehealth.sundhed.dk/cs/';
const SD = 'http://ehealth.sundhed.dk/fhir/StructureDefinition/';

beforeAll(async () => {
  world = await startOutboxWorld({ seed: 13, citizens: 8 });
  const episode = world.episodes[0];
  if (!episode) throw new Error('no episode');
  const page = await world.admin.searchPage(
    `Observation?episodeOfCare=EpisodeOfCare/${episode.episodeId}&_count=1`,
  );
  const found = page.matches.find((r) => isIdentifiedResourceOf(r, 'Observation'));
  if (!found) throw new Error('no observation');
  observation = found;
}, 60_000);

afterAll(async () => {
  await world.settle();
  await world.close();
});

function impression(
  finding: string,
  decision: string | null,
  identifier: string,
): ClinicalImpression {
  const episode = observation.extension?.find((e) => e.url.endsWith('workflow-episodeOfCare'));
  return {
    resourceType: 'ClinicalImpression',
    meta: { profile: [`${SD}ehealth-clinicalimpression`] },
    extension: [
      ...(episode ? [episode] : []),
      ...(decision
        ? [
            {
              url: `${SD}ehealth-clinicalimpression-decision`,
              valueCodeableConcept: {
                coding: [{ system: `${CS}clinicalimpression-decision-codes`, code: decision }],
              },
            },
          ]
        : []),
    ],
    identifier: [{ system: 'urn:ietf:rfc:3986', value: identifier }],
    status: 'completed',
    code: { coding: [{ system: `${CS}clinicalimpression-codes`, code: 'MeasurementAssessment' }] },
    subject: { reference: observation.subject?.reference ?? '' },
    investigation: [
      { code: { text: 'Måling' }, item: [{ reference: `Observation/${observation.id}` }] },
    ],
    finding: [
      {
        itemCodeableConcept: {
          coding: [{ system: `${CS}clinicalimpression-finding-codes`, code: finding }],
        },
      },
    ],
  };
}

async function submit(resource: ClinicalImpression) {
  return world.admin.send('POST', 'ClinicalImpression/$set-measurement-validity', {
    body: { resourceType: 'Parameters', parameter: [{ name: 'clinicalImpression', resource }] },
  });
}

async function refusal(resource: ClinicalImpression): Promise<FhirError> {
  const error = await submit(resource).catch((e: unknown) => e);
  if (!(error instanceof FhirError)) throw new Error('expected a refusal');
  return error;
}

describe('$set-measurement-validity', () => {
  it('refuses an invalidation without a decision and a retraction with nothing to retract', async () => {
    const noDecision = await refusal(impression('measurement-invalidated', null, 'urn:uuid:v-1'));
    expect(noDecision.status).toBe(400);
    expect(noDecision.diagnostics).toMatch(/needs the decision/);
    const nothing = await refusal(
      impression('measurement-invalidation-retracted', null, 'urn:uuid:v-2'),
    );
    expect(nothing.status).toBe(400);
    expect(nothing.diagnostics).toMatch(/no invalidation to retract/);
    const current = (await readPath(
      world.admin,
      `Observation/${observation.id}`,
    )) as unknown as Observation;
    expect(current.meta?.versionId).toBe(observation.meta?.versionId);
  });

  it('invalidates, refuses the same identifier twice, and retracts back to final', async () => {
    const first = await submit(
      impression('measurement-invalidated', 'invalidated-fulfills', 'urn:uuid:v-3'),
    );
    expect(first.status).toBe(200);
    const stored = first.resource as unknown as ClinicalImpression;
    expect(stored.investigation?.at(-1)?.item?.[0]?.reference).toBe(
      `Observation/${observation.id}/_history/${Number(observation.meta?.versionId) + 1}`,
    );
    let current = (await readPath(
      world.admin,
      `Observation/${observation.id}`,
    )) as unknown as Observation;
    expect(current.status).toBe('entered-in-error');

    const again = await refusal(
      impression('measurement-invalidated', 'invalidated-fulfills', 'urn:uuid:v-3'),
    );
    expect(again.status).toBe(409);

    await submit(impression('measurement-invalidation-retracted', null, 'urn:uuid:v-4'));
    current = (await readPath(
      world.admin,
      `Observation/${observation.id}`,
    )) as unknown as Observation;
    expect(current.status).toBe('final');
    const earlier = (await readPath(
      world.admin,
      `ClinicalImpression/${stored.id ?? ''}`,
    )) as unknown as ClinicalImpression;
    expect(earlier.status).toBe('entered-in-error');
  });

  it('is type-level on ClinicalImpression only: an Observation cannot be updated in place', async () => {
    const error = await world.admin
      .send('PUT', `Observation/${observation.id}`, { body: { ...observation, status: 'amended' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirError);
    expect((error as FhirError).status).toBe(405);
    expect((error as FhirError).diagnostics).toMatch(/set-measurement-validity/);
  });
});
