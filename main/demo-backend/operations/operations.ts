import type { BackendContext } from '../backend-context.ts';
import type { RequestData } from '../fhir/request-data.ts';
import { FhirHttpError } from '../fhir/fhir-error.ts';
import type { FhirRoute } from '../fhir/fhir-route.ts';
import type { HttpReply } from '../fhir/replies.ts';
import { getPatientProcedures } from './patient-procedures.ts';
import { searchMeasurementsBundleLimit } from './search-measurements.ts';
import { setMeasurementValidity } from './set-measurement-validity.ts';
import { submitMeasurement } from './submit-measurement.ts';

/**
 * The FUT operations the app uses now, by service. Others the statements list
 * answer 501; names no statement lists answer 400, as HAPI does.
 */

type OperationHandler = (
  request: RequestData,
  context: BackendContext,
  route: FhirRoute,
) => HttpReply | Promise<HttpReply>;

interface OperationSpec {
  /** `affectsState` operations take POST only; the others GET too. */
  readonly methods: readonly string[];
  readonly handler: OperationHandler;
}

const SYSTEM_OPERATIONS: Readonly<Record<string, Readonly<Record<string, OperationSpec>>>> = {
  measurement: {
    'submit-measurement': { methods: ['POST'], handler: submitMeasurement },
    'search-measurements-bundle-limit': {
      methods: ['GET', 'POST'],
      handler: searchMeasurementsBundleLimit,
    },
  },
  careplan: {
    'get-patient-procedures': { methods: ['POST'], handler: getPatientProcedures },
  },
};

/** Type-level operations: service → resource type → name. */
const TYPE_OPERATIONS: Readonly<
  Record<string, Readonly<Record<string, Readonly<Record<string, OperationSpec>>>>>
> = {
  task: {
    ClinicalImpression: {
      'set-measurement-validity': {
        methods: ['POST'],
        handler: (request, context, route) => setMeasurementValidity(route, request, context),
      },
    },
  },
};

export async function runOperation(
  route: FhirRoute,
  request: RequestData,
  context: BackendContext,
): Promise<HttpReply> {
  const name = route.operation ?? '';
  const service = context.catalog.services.get(route.service);
  const level = route.id !== undefined ? 'instance' : route.type !== undefined ? 'type' : 'system';
  const spec =
    level === 'system'
      ? SYSTEM_OPERATIONS[route.service]?.[name]
      : level === 'type'
        ? TYPE_OPERATIONS[route.service]?.[route.type ?? '']?.[name]
        : undefined;
  if (spec) {
    if (!spec.methods.includes(request.method)) {
      throw new FhirHttpError(
        405,
        'not-supported',
        `$${name} is invoked with ${spec.methods.join(' or ')}.`,
      );
    }
    return spec.handler(request, context, route);
  }
  const listed =
    level === 'system'
      ? service?.operations.has(name)
      : route.type !== undefined &&
        context.catalog.rules(route.service, route.type)?.operations.has(name);
  if (listed) {
    throw new FhirHttpError(
      501,
      'not-supported',
      `FUT's ${route.service} service offers $${name}, but the demo back end does not implement it.`,
    );
  }
  throw new FhirHttpError(
    400,
    'not-supported',
    `FUT's ${route.service} service has no ${level}-level operation $${name}${route.type ? ` on ${route.type}` : ''}.`,
  );
}
