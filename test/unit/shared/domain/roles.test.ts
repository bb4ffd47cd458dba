import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  allowedForCitizen,
  APP_ACTIONS,
  PRIVACY_OFFICER,
  roleAllows,
  roleInCareTeam,
} from '../../../../shared/domain/roles.ts';
import { CareTeamRole, ROLE_KEYS } from '../../../../shared/fhir/codes-organization.ts';

const participant = (reference: string, ...codes: string[]) => ({
  member: { reference },
  role: [{ coding: codes.map((code) => ({ system: CareTeamRole.clinical_viewer.system, code })) }],
});

describe('roles and actions', () => {
  it('lets a clinical viewer see and nothing else', () => {
    expect(actionsOf('clinical_viewer')).toEqual(['view-citizen']);
    expect(roleAllows('clinical_viewer', 'approve')).toBe(false);
    expect(roleAllows('clinical_viewer', 'register-measurement')).toBe(false);
    expect(roleAllows('clinical_viewer', 'send-message')).toBe(false);
  });

  it('lets a monitoring adjuster approve, register, message and adjust', () => {
    expect(actionsOf('monitoring_adjuster')).toEqual([
      'view-citizen',
      'register-measurement',
      'approve',
      'send-message',
      'adjust-plan',
    ]);
  });

  it('gives the privacy officer, administrative roles, no role and unknown names nothing clinical', () => {
    for (const action of APP_ACTIONS) {
      expect(roleAllows(PRIVACY_OFFICER, action)).toBe(false);
      expect(roleAllows('careteam_administrator', action)).toBe(false);
      expect(roleAllows('report_user', action)).toBe(false);
      expect(roleAllows(null, action)).toBe(false);
      expect(roleAllows('constructor' as never, action)).toBe(false);
    }
  });

  it('gives every FUT role that may act at all the right to see what it acts on', () => {
    for (const role of ROLE_KEYS) {
      const actions = actionsOf(role);
      if (actions.length > 0) expect(actions).toContain('view-citizen');
    }
  });
});

describe("a practitioner's role in a care team", () => {
  it('reads the participant role for the practitioner, by relative or absolute reference', () => {
    const team = {
      participant: [
        participant('Practitioner/someone-else', 'monitoring_adjuster'),
        participant(
          'https://careplan.ehealth.sundhed.dk/fhir/Practitioner/prac-1',
          'clinicalViewer',
        ),
      ],
    };
    expect(roleInCareTeam(team, 'prac-1')).toBe('clinical_viewer');
    expect(roleInCareTeam(team, 'someone-else')).toBe('monitoring_adjuster');
  });

  it('takes the membership allowing most when there are several', () => {
    const team = {
      participant: [
        participant('Practitioner/prac-1', 'clinicalViewer'),
        participant('Practitioner/prac-1', 'monitoringAssistor', 'monitoring_adjuster'),
      ],
    };
    // FUT's code for the adjuster is `monitoring_adjuster` (sic, with an underscore).
    expect(CareTeamRole.monitoring_adjuster.code).toBe('monitoring_adjuster');
    expect(roleInCareTeam(team, 'prac-1')).toBe('monitoring_adjuster');
  });

  it.each([
    ['not a member', { participant: [participant('Practitioner/prac-2', 'monitoringAdjuster')] }],
    [
      'a member with an unknown role',
      { participant: [participant('Practitioner/prac-1', 'chief')] },
    ],
    [
      'a role from another code system',
      {
        participant: [
          {
            member: { reference: 'Practitioner/prac-1' },
            role: [{ coding: [{ system: 'http://snomed.info/sct', code: 'clinicalViewer' }] }],
          },
        ],
      },
    ],
    [
      'an Organization member',
      { participant: [participant('Organization/prac-1', 'clinicalViewer')] },
    ],
    ['no participants', {}],
  ])('is null for %s', (_what, team) => {
    expect(roleInCareTeam(team, 'prac-1')).toBeNull();
  });
});

describe('what a user may do for a citizen', () => {
  const teams = [
    { id: 'team-lung', role: 'monitoring_adjuster' as const },
    { id: 'team-heart', role: 'clinical_viewer' as const },
  ];

  it('follows the role in a team on the citizen’s forløb', () => {
    expect(allowedForCitizen(teams, ['team-lung', 'team-kommune'], 'approve')).toBe(true);
    expect(allowedForCitizen(teams, ['team-heart'], 'approve')).toBe(false);
    expect(allowedForCitizen(teams, ['team-heart'], 'view-citizen')).toBe(true);
  });

  it('allows nothing through a team that is not on the citizen’s forløb', () => {
    expect(allowedForCitizen(teams, ['team-kommune'], 'view-citizen')).toBe(false);
    expect(allowedForCitizen(teams, [], 'approve')).toBe(false);
    expect(allowedForCitizen([], ['team-lung'], 'approve')).toBe(false);
  });
});
