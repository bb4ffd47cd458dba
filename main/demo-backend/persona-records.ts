import type { CareTeam, Organization, Resource } from '@medplum/fhirtypes';
import { DemoPersonaSchema } from '../../shared/domain/persona.ts';
import type { PersonaRecord } from '../../shared/domain/persona-record.ts';
import { roleInCareTeam } from '../../shared/domain/roles.ts';

/**
 * The generator's demo personas as main's session needs them: names of the
 * organisation and care teams resolved from the dataset (the parent process
 * never sees the resources). Personas that do not parse are left out.
 */
export function personaRecords(
  personas: readonly unknown[],
  resources: readonly Resource[],
): PersonaRecord[] {
  const organizations = new Map<string, Organization>();
  const careTeams = new Map<string, CareTeam>();
  for (const resource of resources) {
    if (resource.resourceType === 'Organization' && resource.id)
      organizations.set(resource.id, resource);
    if (resource.resourceType === 'CareTeam' && resource.id) careTeams.set(resource.id, resource);
  }
  return personas.flatMap((candidate) => {
    const parsed = DemoPersonaSchema.safeParse(candidate);
    if (!parsed.success) return [];
    const persona = parsed.data;
    return [
      {
        summary: {
          id: persona.id,
          displayName: persona.displayName,
          title: persona.title,
          sector: persona.sector,
          organizationName:
            organizations.get(persona.organizationId)?.name ?? persona.organizationId,
          careTeams: persona.careTeamIds.map((id) => {
            const team = careTeams.get(id);
            return {
              id,
              name: team?.name ?? id,
              role: team ? roleInCareTeam(team, persona.practitionerId) : null,
            };
          }),
        },
        practitionerId: persona.practitionerId,
        organizationId: persona.organizationId,
      },
    ];
  });
}
