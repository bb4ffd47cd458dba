import { join } from 'node:path';
import { loadFutRouting } from '../../../main/backend/fut-routing.ts';
import type { DemoBackend } from '../../../main/demo-backend/start-server.ts';
import { createFhirGateway, type FhirGateway } from '../../../main/fhir-gateway/fhir-gateway.ts';
import { createFhirClient, type FhirClient } from '../../../renderer/data/fhir/fhir-client.ts';

/**
 * The gateway in front of a running demo back end (FUT's service routing,
 * no retry pauses), and the renderer's FHIR client whose fetch reaches it as
 * the page's fetch to /fhir/… does through the harness and the app protocol.
 */
export async function gatewayClient(
  backend: DemoBackend,
): Promise<{ readonly gateway: FhirGateway; readonly client: FhirClient }> {
  const routing = await loadFutRouting(join(import.meta.dirname, '../../../resources/fut-ig'));
  const gateway = createFhirGateway({
    serviceMap: () => ({ services: backend.serviceBaseUrls, ...routing }),
    retryDelayMs: () => 0,
  });
  const client = createFhirClient(async (input, init) => {
    const answer = await gateway.handle({
      method: init?.method ?? 'GET',
      path: input,
      headers: {},
    });
    return new Response(answer.body.length > 0 ? answer.body : null, {
      status: answer.status,
      headers: answer.headers,
    });
  });
  return { gateway, client };
}
