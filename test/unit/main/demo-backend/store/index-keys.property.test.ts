import {
  convertToSearchableDates,
  convertToSearchableReferences,
  convertToSearchableTokens,
  evalFhirPathTyped,
  toTypedValue,
} from '@medplum/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createBackendCore,
  type BackendCore,
} from '../../../../../main/demo-backend/backend-core.ts';
import { compileFastExtractor } from '../../../../../main/demo-backend/engine/fast-extractor.ts';
import { searchParameterOf } from '../../../../../main/demo-backend/engine/fhir-definitions.ts';
import { DATE_INDEXES } from '../../../../../main/demo-backend/store/index-keys.ts';
import { resourceArb } from '../support/arbitrary-resources.ts';

/**
 * The index keys the HTTP layer stores for each resource are what Medplum's own
 * FHIRPath interpreter yields for the same search parameter: random resources,
 * every indexed parameter of every type FUT's services hold.
 */

let core: BackendCore;
beforeAll(async () => {
  core = await createBackendCore();
});

const unique = (values: readonly unknown[]): string[] =>
  [...new Set(values.map((v) => JSON.stringify(v)))].sort();
const interpreted = (resource: object, expression: string) =>
  evalFhirPathTyped(expression, [toTypedValue(resource)]);

describe('index keys equal the engine’s searchable values', () => {
  it('takes the fast path (no FHIRPath interpreter) for the parameters the sync queries by', () => {
    const syncParameters = {
      Observation: ['episodeOfCare', 'subject', 'patient', 'based-on'],
      QuestionnaireResponse: ['episodeOfCare', 'subject', 'based-on'],
      Task: ['responsible', 'episodeOfCare', 'patient', 'focus'],
      ClinicalImpression: ['episodeOfCare', 'patient', 'subject'],
      Communication: [
        'careTeamRecipient',
        'careTeamSender',
        'recipientCareTeam',
        'subject',
        'patient',
      ],
      EpisodeOfCare: ['team', 'patient'],
      CarePlan: ['episodeOfCare', 'patient', 'care-team'],
      Appointment: ['patient', 'actor', 'responsible', 'careteamParticipant'],
      Provenance: ['target'],
    };
    for (const [type, codes] of Object.entries(syncParameters)) {
      for (const code of codes) {
        expect(core.plan.indexesReference(type, code), `${type}.${code} is indexed`).toBe(true);
        const expression = searchParameterOf(type, code)?.expression ?? '';
        expect(
          compileFastExtractor(type, expression),
          `${type}.${code}: ${expression}`,
        ).toBeDefined();
      }
    }
  });

  it('for reference parameters', () => {
    const pairs = core.catalog
      .types()
      .flatMap((type) =>
        core.plan.indexedReferenceCodes(type).map((code) => [type, code] as const),
      );
    expect(pairs.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(
        fc
          .constantFrom(...pairs)
          .chain(([type, code]) => resourceArb(type).map((r) => [code, r] as const)),
        ([code, resource]) => {
          const expression = searchParameterOf(resource.resourceType, code)?.expression ?? '';
          const expected = convertToSearchableReferences(interpreted(resource, expression));
          expect(unique(core.plan.keysOf(resource).refs[code] ?? [])).toEqual(unique(expected));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('for token parameters (identifier, code)', () => {
    const pairs = core.catalog
      .types()
      .flatMap((type) => core.plan.indexedTokenCodes(type).map((code) => [type, code] as const));
    expect(pairs.map(([type, code]) => `${type}.${code}`)).toEqual(
      expect.arrayContaining([
        'Observation.identifier',
        'Observation.code',
        'Task.code',
        'Patient.identifier',
      ]),
    );
    fc.assert(
      fc.property(
        fc
          .constantFrom(...pairs)
          .chain(([type, code]) => resourceArb(type).map((r) => [code, r] as const)),
        ([code, resource]) => {
          const expression = searchParameterOf(resource.resourceType, code)?.expression ?? '';
          const tokens = convertToSearchableTokens(interpreted(resource, expression));
          const keys = core.plan.keysOf(resource).tokens[code];
          expect(unique(keys?.pairs ?? [])).toEqual(
            unique(
              tokens.map(
                (t) => `${(t.system ?? '').toLowerCase()}|${(t.value ?? '').toLowerCase()}`,
              ),
            ),
          );
          expect(unique(keys?.values ?? [])).toEqual(
            unique(tokens.flatMap((t) => (t.value ? [t.value.toLowerCase()] : []))),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('for indexed dates (Observation.date)', () => {
    fc.assert(
      fc.property(resourceArb('Observation'), (resource) => {
        const code = DATE_INDEXES.Observation?.date ?? 'date';
        const expression = searchParameterOf('Observation', code)?.expression ?? '';
        expect(unique(core.plan.keysOf(resource).dates[code] ?? [])).toEqual(
          unique(convertToSearchableDates(interpreted(resource, expression))),
        );
      }),
      { numRuns: 500 },
    );
  });
});
