/**
 * Danish message threads per programme: what citizens ask, what teams tell
 * them, and what the sectors write to each other. `{first}` is the
 * citizen's first name, `{team}` the writing team.
 */
import type { ProgrammeKey } from './health-services.ts';

export interface ThreadTemplate {
  readonly title: string;
  readonly opening: string;
  readonly reply: string;
}

export const CITIZEN_QUESTIONS: Readonly<Record<ProgrammeKey, readonly ThreadTemplate[]>> = {
  copd: [
    {
      title: 'Mere åndenød',
      opening:
        'Hej. Jeg har haft mere åndenød end normalt de sidste par dage og hoster mere. Skal jeg starte på min nødpakke?',
      reply:
        'Hej {first}. Tak for din besked. Vi kan se, at din iltmætning er lidt lavere end normalt. En sygeplejerske ringer til dig i dag. Venlig hilsen {team}',
    },
    {
      title: 'Iltmåleren',
      opening:
        'Min iltmåler viser kun 88 i dag, men jeg har det egentlig fint. Kan måleren være i stykker?',
      reply:
        'Hej {first}. Prøv at varme fingrene og mål igen efter fem minutters hvile. Send gerne målingen igen, så kigger vi på den. Venlig hilsen {team}',
    },
  ],
  'heart-failure': [
    {
      title: 'Vægtøgning',
      opening:
        'Jeg har taget 2 kilo på siden mandag, og mine ankler er hævede. Hvad skal jeg gøre?',
      reply:
        'Hej {first}. Tag en ekstra vanddrivende tablet i dag, som aftalt i din plan. Vi ringer til dig i eftermiddag. Venlig hilsen {team}',
    },
    {
      title: 'Svimmelhed',
      opening: 'Jeg bliver svimmel, når jeg rejser mig. Kan det være de nye piller?',
      reply:
        'Hej {first}. Det kan det godt. Rejs dig langsomt, og mål dit blodtryk i morgen tidlig. Vi følger op, når vi har set målingen. Venlig hilsen {team}',
    },
  ],
  diabetes: [
    {
      title: 'Skridttælleren',
      opening:
        'Min skridttæller har ikke virket i denne uge, så jeg har skrevet skridtene ind selv. Er det i orden?',
      reply:
        'Hej {first}. Det er helt i orden. Skriv til os, hvis den stadig ikke virker i næste uge. Venlig hilsen {team}',
    },
    {
      title: 'Blodtrykket',
      opening: 'Mit blodtryk er højere end sidst. Skal jeg bekymre mig?',
      reply:
        'Hej {first}. En enkelt høj måling er ikke farlig. Mål igen i morgen efter fem minutters hvile, så vurderer vi det. Venlig hilsen {team}',
    },
  ],
  pregnancy: [
    {
      title: 'Hovedpine',
      opening:
        'Jeg har haft hovedpine i to dage og ser lidt flimren. Mit blodtryk var 142/94 i morges.',
      reply:
        'Hej {first}. Vi vil gerne se dig i dag. Ring til os på det nummer, du har fået, så finder vi en tid. Venlig hilsen {team}',
    },
    {
      title: 'Spørgeskemaet',
      opening: 'Jeg var i tvivl om et af spørgsmålene i skemaet. Skal jeg svare igen?',
      reply:
        'Hej {first}. Nej, det er fint. Vi taler om det ved næste kontrol. Venlig hilsen {team}',
    },
  ],
};

export const TEAM_NOTICES: readonly ThreadTemplate[] = [
  {
    title: 'Husk dine målinger',
    opening:
      'Hej {first}. Vi har ikke modtaget dine målinger de sidste dage. Husk at måle i morgen, eller skriv til os, hvis udstyret driller. Venlig hilsen {team}',
    reply: 'Undskyld, jeg har været hos min datter. Jeg måler i morgen.',
  },
  {
    title: 'Nye grænseværdier',
    opening:
      'Hej {first}. Vi har justeret dine grænseværdier efter vores samtale. Du skal ikke gøre noget. Venlig hilsen {team}',
    reply: 'Tak for beskeden.',
  },
  {
    title: 'Tid til videokonsultation',
    opening:
      'Hej {first}. Du har fået en tid til videokonsultation. Du kan se tidspunktet i appen. Venlig hilsen {team}',
    reply: 'Tak, det passer fint.',
  },
];

export const TEAM_TO_TEAM: readonly ThreadTemplate[] = [
  {
    title: 'Opfølgning efter ambulant besøg',
    opening:
      'Borgeren er set i dag, og behandlingen er justeret. Vil I følge op med et besøg og en ekstra måling i denne uge? Venlig hilsen {team}',
    reply:
      'Tak. Vi kommer forbi torsdag formiddag og giver besked, hvis der er noget. Venlig hilsen {team}',
  },
  {
    title: 'Til orientering: ændrede målinger',
    opening:
      'Til orientering: borgerens målinger har ændret sig den seneste uge. Vi har talt med borgeren og aftalt ekstra målinger. Venlig hilsen {team}',
    reply: 'Tak for orienteringen. Vi ser borgeren til kontrol i næste uge. Venlig hilsen {team}',
  },
  {
    title: 'Spørgsmål til planen',
    opening:
      'Borgeren spørger, om forløbet kan afsluttes efter sommerferien. Hvad er jeres vurdering? Venlig hilsen {team}',
    reply: 'Vi vurderer det ved næste kontrol og vender tilbage. Venlig hilsen {team}',
  },
];
