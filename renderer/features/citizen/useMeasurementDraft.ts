import { useState } from 'react';
import type { ObservationCodeKey } from '../../../shared/fhir/observation-codes.ts';
import type { EpisodeView } from '../../data/model/episode.ts';
import {
  dateText,
  offeredCodes,
  timeText,
  validateDraft,
  valueFields,
  type DraftErrors,
  type ValueField,
} from './measurementForm.ts';

const NO_ERRORS: DraftErrors = { values: [], date: null, time: null, form: null };

export interface MeasurementDraftOptions {
  /** The citizen's episodes; only active ones can take a measurement. */
  readonly episodes: readonly EpisodeView[];
  /** Per episode id, the measurement codes its plan asks for. */
  readonly requestedCodes?: ReadonlyMap<string, readonly ObservationCodeKey[]> | undefined;
  /** The clock: the date and time fields start at its now, and nothing may lie after it. */
  readonly now: () => number;
  /** The UI language, for numbers in messages. */
  readonly language: string;
}

/** A draft that passed every check: what the write needs besides the patient. */
export interface ValidMeasurement {
  readonly episodeOfCareId: string;
  readonly codeKey: ObservationCodeKey;
  readonly values: readonly number[];
  /** Clinical time (ISO instant). */
  readonly effective: string;
  /** The note without surrounding space; absent when nothing was typed. */
  readonly note?: string;
  /** The first value's unit, for the "Ikke sendt endnu" notice. */
  readonly unit: string;
}

/** The register-measurement form's state and what can be done to it. */
export interface MeasurementDraft {
  /** The active episodes, the only ones offered. */
  readonly active: readonly EpisodeView[];
  /** The chosen episode, or null while none is. */
  readonly episode: EpisodeView | null;
  readonly codeKey: ObservationCodeKey | '';
  /** The types the chosen episode offers. */
  readonly codes: readonly ObservationCodeKey[];
  /** Whether `codes` comes from the episode's plan (not the full list). */
  readonly typesFromPlan: boolean;
  /** The numbers the chosen type asks for. */
  readonly fields: readonly ValueField[];
  readonly values: readonly string[];
  readonly date: string;
  readonly time: string;
  readonly note: string;
  readonly errors: DraftErrors;
  /** Which choice was missing at the last save. */
  readonly missing: 'episode' | 'type' | null;
  /** Starts afresh: the only active episode and its only type chosen, the clock's date and time. */
  reset(): void;
  chooseEpisode(episodeId: string): void;
  chooseType(codeKey: ObservationCodeKey | ''): void;
  setValue(index: number, text: string): void;
  setDate(text: string): void;
  setTime(text: string): void;
  setNote(text: string): void;
  /** Checks the draft, showing every problem; the measurement to save when there is none. */
  validate(): ValidMeasurement | null;
}

/**
 * The register-measurement draft: choices, typed text and the messages of
 * the last check. Choosing another episode keeps the type when that episode
 * offers it too; choosing another type clears the values typed for the last.
 */
export function useMeasurementDraft({
  episodes,
  requestedCodes,
  now,
  language,
}: MeasurementDraftOptions): MeasurementDraft {
  const active = episodes.filter((episode) => episode.status === 'active');
  const [episodeId, setEpisodeId] = useState('');
  const [codeKey, setCodeKey] = useState<ObservationCodeKey | ''>('');
  const [values, setValues] = useState<string[]>([]);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS);
  const [missing, setMissing] = useState<'episode' | 'type' | null>(null);

  const episode = active.find((item) => item.id === episodeId) ?? null;
  const codes = episode ? offeredCodes(requestedCodes?.get(episode.id)) : [];
  const fields = codeKey ? valueFields(codeKey) : [];

  const reset = () => {
    const instant = now();
    const onlyEpisode = active.length === 1 ? (active[0]?.id ?? '') : '';
    setEpisodeId(onlyEpisode);
    const firstCodes = onlyEpisode
      ? offeredCodes(requestedCodes?.get(onlyEpisode))
      : ([] as readonly ObservationCodeKey[]);
    setCodeKey(firstCodes.length === 1 ? (firstCodes[0] ?? '') : '');
    setValues([]);
    setDate(dateText(instant));
    setTime(timeText(instant));
    setNote('');
    setErrors(NO_ERRORS);
    setMissing(null);
  };

  const chooseEpisode = (id: string) => {
    setEpisodeId(id);
    setMissing(null);
    const next = offeredCodes(requestedCodes?.get(id));
    if (!codeKey || !next.includes(codeKey)) {
      setCodeKey(next.length === 1 ? (next[0] ?? '') : '');
      setValues([]);
    }
  };

  const chooseType = (key: ObservationCodeKey | '') => {
    setCodeKey(key);
    setMissing(null);
    setValues([]);
    setErrors(NO_ERRORS);
  };

  const setValue = (index: number, text: string) =>
    setValues((previous) => {
      const next = [...previous];
      next[index] = text;
      return next;
    });

  const validate = (): ValidMeasurement | null => {
    if (!episode || !codeKey) {
      setErrors(NO_ERRORS);
      setMissing(!episode ? 'episode' : 'type');
      return null;
    }
    setMissing(null);
    const result = validateDraft({ codeKey, values, date, time }, now(), language);
    if (!result.ok) {
      setErrors(result.errors);
      return null;
    }
    setErrors(NO_ERRORS);
    const trimmedNote = note.trim();
    return {
      episodeOfCareId: episode.id,
      codeKey,
      values: result.values,
      effective: result.effective,
      ...(trimmedNote ? { note: trimmedNote } : {}),
      unit: fields[0]?.unit ?? '',
    };
  };

  return {
    active,
    episode,
    codeKey,
    codes,
    typesFromPlan: episode !== null && (requestedCodes?.get(episode.id)?.length ?? 0) > 0,
    fields,
    values,
    date,
    time,
    note,
    errors,
    missing,
    reset,
    chooseEpisode,
    chooseType,
    setValue,
    setDate,
    setTime,
    setNote,
    validate,
  };
}
