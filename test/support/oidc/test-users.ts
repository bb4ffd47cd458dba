/** One membership of a care team: the team, its organisation and the privileges it gives. */
export interface TestMembership {
  readonly careTeamId: string;
  readonly organizationId: string;
  /** FUT privileges for `realm_access.roles`. */
  readonly roles: readonly string[];
}

/** A practitioner the test provider knows: the login on its form is the `sub`. */
export interface TestUser {
  /** The Practitioner's logical id; also the login typed on the provider's page. */
  readonly sub: string;
  readonly name: string;
  readonly email: string;
  /** The first is the context a fresh sign-in gets. */
  readonly memberships: readonly [TestMembership, ...TestMembership[]];
}

const MONITORING = [
  'CarePlan.read',
  'Observation.read',
  'Observation.create',
  'Communication.read',
];

/** A hospital nurse in two teams (the context change) and a municipal nurse in one (the second account). */
export const TEST_USERS: readonly TestUser[] = [
  {
    sub: 'practitioner-lung-nurse',
    name: 'Mette Kjærsgaard',
    email: 'mette.kjaersgaard@rn.test',
    memberships: [
      {
        careTeamId: 'careteam-lung-aauh',
        organizationId: 'org-aauh-lung',
        roles: [...MONITORING, 'EpisodeOfCare.read'],
      },
      {
        careTeamId: 'careteam-copd-telecare',
        organizationId: 'org-telecare-nord',
        roles: MONITORING,
      },
    ],
  },
  {
    sub: 'practitioner-home-care-nurse',
    name: 'Søren Bøgh Madsen',
    email: 'soren.madsen@hjoerring.test',
    memberships: [
      {
        careTeamId: 'careteam-home-care-hjoerring',
        organizationId: 'org-hjoerring-home-care',
        roles: MONITORING,
      },
    ],
  },
];
