/**
 * Home-measurement codes (vs/observation-codes, FUT-PROFILES §3) with the
 * unit (ConceptMap conceptmap-obs-code-to-ucum), the print symbol (CodeSystem
 * ehealth-ucum-printsymbol-supplement) and the value type
 * (conceptmap-obs-code-to-value-type). Blood glucose (NPU22089) and CRP
 * (NPU19748) exist in the NPU code system but are not in vs/observation-codes,
 * so an ehealth-observation cannot carry them.
 */
import type { CodeDef } from './coding.ts';
import { CodeSystem, ehealthCodeSystem } from './systems.ts';

/** The observation codes the app knows, by a readable key. */
export type ObservationCodeKey =
  | 'systolic'
  | 'diastolic'
  | 'homeBloodPressure'
  | 'oxygenSaturation'
  | 'pulse'
  | 'weight'
  | 'bodyTemperature'
  | 'fev1'
  | 'catScore'
  | 'mrcScale'
  | 'stepsPerDay'
  | 'stepsPerWeek'
  | 'sitToStand';

export interface MeasurementUnit {
  readonly system: string;
  readonly code: string;
  /** What FUT shows: the print symbol, or the code where the supplement has none. */
  readonly print: string;
}

export interface ObservationCodeDef extends CodeDef {
  /** Absent for panel codes whose values sit in components (home blood pressure). */
  readonly unit?: MeasurementUnit;
  readonly valueType?: 'integer' | 'decimal';
  /** Codes of the components a panel carries, in order. */
  readonly components?: readonly ObservationCodeKey[];
}

const ucum = (code: string, print: string): MeasurementUnit =>
  Object.freeze({ system: CodeSystem.ucum, code, print });

function def(
  system: string,
  code: string,
  display: string,
  da: string,
  rest: Omit<ObservationCodeDef, 'system' | 'code' | 'display' | 'da'>,
): ObservationCodeDef {
  return Object.freeze({ system, code, display, da, ...rest });
}

const npu = CodeSystem.npu;
const mcs = CodeSystem.medcomMcs;

/** The observation codes the app measures; displays are the value set's, `da` is the short Danish name. */
export const ObservationCode: Readonly<Record<ObservationCodeKey, ObservationCodeDef>> =
  Object.freeze({
    systolic: def(npu, 'DNK05472', 'Blodtryk systolisk;Arm', 'Systolisk blodtryk', {
      unit: ucum('mm[Hg]', 'mmHg'),
      valueType: 'integer',
    }),
    diastolic: def(npu, 'DNK05473', 'Blodtryk diastolisk;Arm', 'Diastolisk blodtryk', {
      unit: ucum('mm[Hg]', 'mmHg'),
      valueType: 'integer',
    }),
    homeBloodPressure: def(
      CodeSystem.sks,
      'ZZ3170',
      'Hjemmeblodtryksmåling udført af patienten',
      'Hjemmeblodtryk',
      { components: ['systolic', 'diastolic'] },
    ),
    oxygenSaturation: def(
      npu,
      'NPU03011',
      'Hb(Fe; O2-bind.; aB)—Oxygen(O2); mætn. = ?',
      'Iltmætning',
      {
        unit: ucum('%', '%'),
        valueType: 'decimal',
      },
    ),
    pulse: def(npu, 'NPU21692', 'Hjerte—Systole; frekv. = ? × 1/min', 'Puls', {
      unit: ucum('1/min', '1/min'),
      valueType: 'integer',
    }),
    weight: def(npu, 'NPU03804', 'Pt—Legeme; masse = ? kg', 'Vægt', {
      unit: ucum('kg', 'kg'),
      valueType: 'decimal',
    }),
    bodyTemperature: def(npu, 'NPU08676', 'Pt—Legeme; temp. = ? °C', 'Temperatur', {
      unit: ucum('Cel', '°C'),
      valueType: 'decimal',
    }),
    fev1: def(mcs, 'MCS88015', 'FEV1;Lunge', 'FEV1', {
      unit: ucum('L', 'l'),
      valueType: 'decimal',
    }),
    catScore: def(mcs, 'MCS88137', 'CAT score;Pt', 'CAT-score', {
      unit: ucum('{Number}', '{Number}'),
      valueType: 'integer',
    }),
    mrcScale: def(mcs, 'MCS88021', 'MRC skala;Pt(KOL)', 'MRC-skala', {
      unit: ucum('{Number}', '{Number}'),
      valueType: 'integer',
    }),
    stepsPerDay: def(mcs, 'MCS88192', 'Skridt per dag;Pt', 'Skridt pr. dag', {
      unit: ucum('/d', '/dag'),
      valueType: 'integer',
    }),
    stepsPerWeek: def(mcs, 'MCS88193', 'Skridt per uge;Pt', 'Skridt pr. uge', {
      unit: ucum('/wk', '/uge'),
      valueType: 'integer',
    }),
    sitToStand: def(mcs, 'MCS88050', 'Rejse sætte sig testen;Pt', 'Rejse-sætte-sig-test', {
      unit: Object.freeze({
        system: ehealthCodeSystem('ehealth-unit-code'),
        code: '1/30sec',
        print: '1/ 30sek',
      }),
      valueType: 'integer',
    }),
  });

/** The key of the observation code a Coding carries, if the app knows it. */
export function observationCodeKey(
  system: string | undefined,
  code: string | undefined,
): ObservationCodeKey | undefined {
  for (const key of Object.keys(ObservationCode) as ObservationCodeKey[]) {
    const entry = ObservationCode[key];
    if (entry.system === system && entry.code === code) return key;
  }
  return undefined;
}
