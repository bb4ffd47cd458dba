/**
 * North Jutland as the demo knows it (shared/reference/NORTH-JUTLAND.md):
 * the region, its 11 municipalities with kommunekode, towns with postal
 * codes, and the hospital catchment of each municipality. Public facts only.
 */

export const REGION = Object.freeze({
  name: 'Region Nordjylland',
  /** Region code (ehealth-organization-regionCode). */
  code: '1081',
  /** ISO 3166-2 code (DK-core regional subdivision). */
  iso: 'DK-81',
});

/** Hospital sites (units) with telemedicine follow-up. */
export type SiteKey =
  | 'aauh-aalborg'
  | 'aauh-hobro'
  | 'aauh-farsoe'
  | 'aauh-thisted'
  | 'rhn-hjoerring'
  | 'rhn-frederikshavn';

/** The four cross-sector areas (TeleCare Nord clusters) around the hospital sites. */
export type AreaKey = 'aalborg' | 'himmerland' | 'thy-mors' | 'vendsyssel';

export interface MunicipalityDef {
  /** Kommunekode, three digits as the reference lists it. */
  readonly code: string;
  readonly name: string;
  /** Inhabitants (rounded); weights where citizens live. */
  readonly population: number;
  readonly towns: readonly (readonly [postalCode: string, city: string])[];
  /** Hospital site for KOL, heart failure and diabetes follow-up. */
  readonly medicalSite: SiteKey;
  /** Hospital site with obstetrics for complicated pregnancies. */
  readonly obstetricsSite: SiteKey;
  readonly area: AreaKey;
}

export const MUNICIPALITIES: readonly MunicipalityDef[] = Object.freeze([
  {
    code: '851',
    name: 'Aalborg',
    population: 222_000,
    towns: [
      ['9000', 'Aalborg'],
      ['9200', 'Aalborg SV'],
      ['9210', 'Aalborg SØ'],
      ['9220', 'Aalborg Øst'],
      ['9400', 'Nørresundby'],
      ['9230', 'Svenstrup J'],
      ['9240', 'Nibe'],
    ],
    medicalSite: 'aauh-aalborg',
    obstetricsSite: 'aauh-aalborg',
    area: 'aalborg',
  },
  {
    code: '810',
    name: 'Brønderslev',
    population: 36_500,
    towns: [
      ['9700', 'Brønderslev'],
      ['9330', 'Dronninglund'],
      ['9340', 'Asaa'],
      ['9740', 'Jerslev J'],
    ],
    medicalSite: 'rhn-hjoerring',
    obstetricsSite: 'rhn-hjoerring',
    area: 'vendsyssel',
  },
  {
    code: '813',
    name: 'Frederikshavn',
    population: 58_500,
    towns: [
      ['9900', 'Frederikshavn'],
      ['9990', 'Skagen'],
      ['9300', 'Sæby'],
      ['9970', 'Strandby'],
    ],
    medicalSite: 'rhn-frederikshavn',
    obstetricsSite: 'rhn-hjoerring',
    area: 'vendsyssel',
  },
  {
    code: '860',
    name: 'Hjørring',
    population: 64_000,
    towns: [
      ['9800', 'Hjørring'],
      ['9760', 'Vrå'],
      ['9850', 'Hirtshals'],
      ['9480', 'Løkken'],
      ['9870', 'Sindal'],
    ],
    medicalSite: 'rhn-hjoerring',
    obstetricsSite: 'rhn-hjoerring',
    area: 'vendsyssel',
  },
  {
    code: '849',
    name: 'Jammerbugt',
    population: 38_500,
    towns: [
      ['9440', 'Aabybro'],
      ['9460', 'Brovst'],
      ['9490', 'Pandrup'],
      ['9690', 'Fjerritslev'],
    ],
    medicalSite: 'aauh-aalborg',
    obstetricsSite: 'aauh-aalborg',
    area: 'aalborg',
  },
  {
    code: '825',
    name: 'Læsø',
    population: 1_750,
    towns: [['9940', 'Læsø']],
    medicalSite: 'rhn-frederikshavn',
    obstetricsSite: 'rhn-hjoerring',
    area: 'vendsyssel',
  },
  {
    code: '846',
    name: 'Mariagerfjord',
    population: 42_000,
    towns: [
      ['9500', 'Hobro'],
      ['9560', 'Hadsund'],
      ['9550', 'Mariager'],
      ['9510', 'Arden'],
    ],
    medicalSite: 'aauh-hobro',
    obstetricsSite: 'aauh-aalborg',
    area: 'himmerland',
  },
  {
    code: '773',
    name: 'Morsø',
    population: 19_800,
    towns: [
      ['7900', 'Nykøbing M'],
      ['7950', 'Erslev'],
    ],
    medicalSite: 'aauh-thisted',
    obstetricsSite: 'aauh-thisted',
    area: 'thy-mors',
  },
  {
    code: '840',
    name: 'Rebild',
    population: 30_500,
    towns: [
      ['9530', 'Støvring'],
      ['9520', 'Skørping'],
      ['9575', 'Terndrup'],
    ],
    medicalSite: 'aauh-aalborg',
    obstetricsSite: 'aauh-aalborg',
    area: 'aalborg',
  },
  {
    code: '787',
    name: 'Thisted',
    population: 43_000,
    towns: [
      ['7700', 'Thisted'],
      ['7730', 'Hanstholm'],
      ['7760', 'Hurup Thy'],
      ['7741', 'Frøstrup'],
    ],
    medicalSite: 'aauh-thisted',
    obstetricsSite: 'aauh-thisted',
    area: 'thy-mors',
  },
  {
    code: '820',
    name: 'Vesthimmerland',
    population: 36_500,
    towns: [
      ['9600', 'Aars'],
      ['9640', 'Farsø'],
      ['9670', 'Løgstør'],
      ['9620', 'Aalestrup'],
    ],
    medicalSite: 'aauh-farsoe',
    obstetricsSite: 'aauh-aalborg',
    area: 'himmerland',
  },
]);

export const AREA_NAMES: Readonly<Record<AreaKey, string>> = Object.freeze({
  aalborg: 'Aalborg-området',
  himmerland: 'Himmerland',
  'thy-mors': 'Thy-Mors',
  vendsyssel: 'Vendsyssel',
});

/** The municipality by kommunekode; throws for a code outside the region. */
export function municipality(code: string): MunicipalityDef {
  const found = MUNICIPALITIES.find((m) => m.code === code);
  if (!found) throw new Error(`not a North Jutland municipality: ${code}`);
  return found;
}

/** DK-core writes kommunekoder as four digits (`0851`); the reference and FUT's string extension as three. */
export function dkCoreMunicipalityCode(code: string): string {
  return code.padStart(4, '0');
}

/** Common Danish street names; an address never names a real person. */
export const STREETS: readonly string[] = Object.freeze([
  'Vestergade',
  'Østergade',
  'Nørregade',
  'Søndergade',
  'Kirkevej',
  'Skolevej',
  'Møllevej',
  'Stationsvej',
  'Bøgevej',
  'Egevej',
  'Birkevej',
  'Lærkevej',
  'Solsortevej',
  'Fasanvej',
  'Havnegade',
  'Strandvejen',
  'Åvej',
  'Engvej',
  'Grønnegade',
  'Kærvej',
  'Højvangen',
  'Rønnebærvej',
  'Præstevænget',
  'Hybenvej',
  'Mågevej',
  'Fjordvej',
  'Tjørnevej',
  'Bakkedraget',
  'Ålykke',
  'Kløvermarken',
]);
