import type { FhirServiceMap } from '../../../../main/fhir-gateway/service-map.ts';

/** Three FUT-like services, the types and the operation the gateway tests route. */
export const testServiceMap: FhirServiceMap = {
  services: {
    patient: 'https://patient.fut.test/fhir',
    careplan: 'https://careplan.fut.test/fhir',
    measurement: 'https://measurement.fut.test/fhir',
  },
  typeRouting: { Patient: 'patient', EpisodeOfCare: 'careplan', Observation: 'measurement' },
  operationRouting: { 'submit-measurement': 'measurement' },
};
