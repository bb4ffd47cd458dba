import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  routingFromCapabilityStatements,
  type FhirServiceMap,
} from '../fhir-gateway/service-map.ts';

/** Type and operation routing from the FUT CapabilityStatements in `igDirectory` (resources/fut-ig). */
export async function loadFutRouting(
  igDirectory: string,
): Promise<Pick<FhirServiceMap, 'typeRouting' | 'operationRouting'>> {
  const statements: Record<string, object> = {};
  for (const file of await readdir(igDirectory)) {
    const match = /^CapabilityStatement-([a-z-]+)\.json$/.exec(file);
    if (match?.[1])
      statements[match[1]] = JSON.parse(await readFile(join(igDirectory, file), 'utf8')) as object;
  }
  return routingFromCapabilityStatements(statements);
}
