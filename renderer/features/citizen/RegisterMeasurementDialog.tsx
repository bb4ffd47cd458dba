import {
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { Add20Regular, CheckmarkCircle12Regular, Dismiss20Regular } from '@fluentui/react-icons';
import { useId, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObservationCodeKey } from '../../../shared/fhir/observation-codes.ts';
import { StaleBaseError } from '../../data/cache/contracts.ts';
import { useClinicalWrites } from '../../data/ClinicalWritesProvider.tsx';
import { formatDateTime } from '../../../shared/format/datetime.ts';
import type { EpisodeView } from '../../data/model/episode.ts';
import type { CitizenData } from '../../data/queries.ts';
import { episodeNames } from '../caseload/caseloadColumns.ts';
import { UnsentBadge } from '../outbox/UnsentBadge.tsx';
import { useUnsentResources } from '../outbox/useOutboxItems.ts';
import {
  dateText,
  formatNumber,
  offeredCodes,
  timeText,
  validateDraft,
  valueFields,
  type DraftErrors,
  type FieldError,
} from './measurementForm.ts';

const useStyles = makeStyles({
  surface: { maxWidth: '560px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  who: {
    display: 'flex',
    flexDirection: 'column',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    borderLeft: `4px solid ${tokens.colorBrandBackground}`,
  },
  whoName: { fontWeight: tokens.fontWeightSemibold },
  row: {
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  number: { fontVariantNumeric: 'tabular-nums' },
  unit: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  hint: { color: tokens.colorNeutralForeground3 },
  bar: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
  },
  notices: {
    alignSelf: 'stretch',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  noticeLine: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

/** What was registered, for the citizen view's "Ikke sendt endnu" notice. */
export interface RegisteredMeasurement {
  readonly observationId: string;
  readonly codeKey: ObservationCodeKey;
  readonly values: readonly number[];
  readonly unit: string;
  readonly effective: string;
}

export interface RegisterMeasurementDialogProps {
  readonly patientId: string;
  readonly patientName: string;
  /** The citizen's episodes; only active ones can take a measurement. */
  readonly episodes: readonly EpisodeView[];
  /** Per episode id, the measurement codes its plan (CarePlan/ServiceRequests) asks for. */
  readonly requestedCodes?: ReadonlyMap<string, readonly ObservationCodeKey[]>;
  readonly onRegistered?: (measurement: RegisteredMeasurement) => void;
  /** The clock (tests); defaults to now. */
  readonly now?: () => number;
}

const NO_ERRORS: DraftErrors = { values: [], date: null, time: null, form: null };

/**
 * "Registrér måling": a button and its dialog. The measurement is saved in the
 * encrypted cache and queued in the outbox at once, so it works without a
 * connection; the citizen view marks it "Ikke sendt endnu" until it is sent.
 */
export function RegisterMeasurementDialog({
  patientId,
  patientName,
  episodes,
  requestedCodes,
  onRegistered,
  now = Date.now,
}: RegisterMeasurementDialogProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const writes = useClinicalWrites();
  const formId = useId();
  const firstValueRef = useRef<HTMLInputElement>(null);
  const active = episodes.filter((episode) => episode.status === 'active');

  const [open, setOpen] = useState(false);
  const [episodeId, setEpisodeId] = useState('');
  const [codeKey, setCodeKey] = useState<ObservationCodeKey | ''>('');
  const [values, setValues] = useState<string[]>([]);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [missing, setMissing] = useState<'episode' | 'type' | null>(null);

  const episode = active.find((item) => item.id === episodeId) ?? null;
  const codes = episode ? offeredCodes(requestedCodes?.get(episode.id)) : [];
  const fields = codeKey ? valueFields(codeKey) : [];
  const language = i18n.language;

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
    setSaveError(null);
    setMissing(null);
    setSaving(false);
  };

  const message = (error: FieldError | null | undefined): string | undefined =>
    error ? t(`registerMeasurement.errors.${error.key}`, error.values ?? {}) : undefined;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!writes || saving) return;
    setSaveError(null);
    if (!episode || !codeKey) {
      setErrors(NO_ERRORS);
      setMissing(!episode ? 'episode' : 'type');
      return;
    }
    setMissing(null);
    const result = validateDraft({ codeKey, values, date, time }, now(), language);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors(NO_ERRORS);
    setSaving(true);
    try {
      const trimmedNote = note.trim();
      const { observationId } = await writes.registerMeasurement({
        patientId,
        episodeOfCareId: episode.id,
        codeKey,
        values: result.values,
        effective: result.effective,
        ...(trimmedNote ? { note: trimmedNote } : {}),
      });
      setOpen(false);
      onRegistered?.({
        observationId,
        codeKey,
        values: result.values,
        unit: fields[0]?.unit ?? '',
        effective: result.effective,
      });
    } catch (error) {
      setSaveError(
        error instanceof StaleBaseError
          ? t('registerMeasurement.errors.stale')
          : t('registerMeasurement.errors.saveFailed', {
              message: error instanceof Error ? error.message : String(error),
            }),
      );
    } finally {
      setSaving(false);
    }
  };

  const disabledReason = !writes
    ? t('registerMeasurement.notReady')
    : active.length === 0
      ? t('registerMeasurement.noActiveEpisode')
      : null;

  return (
    <>
      <Button
        appearance="primary"
        icon={<Add20Regular />}
        disabled={disabledReason !== null}
        title={disabledReason ?? undefined}
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        {t('registerMeasurement.open')}
      </Button>
      {disabledReason ? <Caption1 className={styles.hint}>{disabledReason}</Caption1> : null}
      <Dialog
        open={open}
        modalType="modal"
        onOpenChange={(_event, data) => {
          if (!saving) setOpen(data.open);
        }}
      >
        <DialogSurface className={styles.surface} aria-describedby={`${formId}-who`}>
          <form id={formId} onSubmit={(event) => void submit(event)} noValidate>
            <DialogBody>
              <DialogTitle>{t('registerMeasurement.title')}</DialogTitle>
              <DialogContent className={styles.form}>
                <div className={styles.who} id={`${formId}-who`}>
                  <span className={styles.whoName}>{patientName}</span>
                  {active.length === 1 && episode ? (
                    <Caption1>
                      {t('registerMeasurement.episode')}: {episodeNames([episode], t)}
                    </Caption1>
                  ) : null}
                  <Caption1>{t('registerMeasurement.savedLocally')}</Caption1>
                </div>

                {active.length > 1 ? (
                  <Field
                    label={t('registerMeasurement.episode')}
                    required
                    validationState={missing === 'episode' ? 'error' : 'none'}
                    validationMessage={
                      missing === 'episode'
                        ? t('registerMeasurement.errors.episodeRequired')
                        : undefined
                    }
                  >
                    <Dropdown
                      placeholder={t('registerMeasurement.episodePlaceholder')}
                      value={episode ? episodeNames([episode], t) : ''}
                      selectedOptions={episodeId ? [episodeId] : []}
                      onOptionSelect={(_event, data) => {
                        const id = data.optionValue ?? '';
                        setEpisodeId(id);
                        setMissing(null);
                        const next = offeredCodes(requestedCodes?.get(id));
                        if (!codeKey || !next.includes(codeKey)) {
                          setCodeKey(next.length === 1 ? (next[0] ?? '') : '');
                          setValues([]);
                        }
                      }}
                    >
                      {active.map((item) => (
                        <Option key={item.id} value={item.id}>
                          {episodeNames([item], t)}
                        </Option>
                      ))}
                    </Dropdown>
                  </Field>
                ) : null}

                <Field
                  label={t('registerMeasurement.type')}
                  required
                  validationState={missing === 'type' ? 'error' : 'none'}
                  validationMessage={
                    missing === 'type' ? t('registerMeasurement.errors.typeRequired') : undefined
                  }
                  hint={
                    episode && requestedCodes?.get(episode.id)?.length
                      ? t('registerMeasurement.typeFromPlan')
                      : undefined
                  }
                >
                  <Dropdown
                    placeholder={t('registerMeasurement.typePlaceholder')}
                    disabled={!episode}
                    value={codeKey ? t(`measurement.${codeKey}`) : ''}
                    selectedOptions={codeKey ? [codeKey] : []}
                    onOptionSelect={(_event, data) => {
                      setCodeKey((data.optionValue ?? '') as ObservationCodeKey | '');
                      setMissing(null);
                      setValues([]);
                      setErrors(NO_ERRORS);
                      // Straight on to the value, as a nurse would type it.
                      requestAnimationFrame(() => firstValueRef.current?.focus());
                    }}
                  >
                    {codes.map((key) => (
                      <Option key={key} value={key}>
                        {t(`measurement.${key}`)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>

                {fields.length > 0 ? (
                  <div className={fields.length > 1 ? styles.row : undefined}>
                    {fields.map((field, index) => (
                      <Field
                        key={field.key}
                        label={
                          field.unit
                            ? t('registerMeasurement.valueWithUnit', {
                                name: t(`measurement.${field.key}`),
                                unit: field.unit,
                              })
                            : t(`measurement.${field.key}`)
                        }
                        required
                        validationState={errors.values[index] ? 'error' : 'none'}
                        validationMessage={message(errors.values[index])}
                        hint={t('registerMeasurement.range', {
                          min: formatNumber(field.min, language),
                          max: formatNumber(field.max, language),
                        })}
                      >
                        <Input
                          ref={index === 0 ? firstValueRef : undefined}
                          className={styles.number}
                          inputMode={field.decimals > 0 ? 'decimal' : 'numeric'}
                          autoComplete="off"
                          value={values[index] ?? ''}
                          contentAfter={
                            field.unit ? <span className={styles.unit}>{field.unit}</span> : null
                          }
                          onChange={(_event, data) =>
                            setValues((previous) => {
                              const next = [...previous];
                              next[index] = data.value;
                              return next;
                            })
                          }
                        />
                      </Field>
                    ))}
                  </div>
                ) : null}
                {errors.form ? (
                  <MessageBar intent="error" role="alert">
                    <MessageBarBody>{message(errors.form)}</MessageBarBody>
                  </MessageBar>
                ) : null}

                <div className={styles.row}>
                  <Field
                    label={t('registerMeasurement.date')}
                    required
                    hint={t('registerMeasurement.dateHint')}
                    validationState={errors.date ? 'error' : 'none'}
                    validationMessage={message(errors.date)}
                  >
                    <Input
                      className={styles.number}
                      inputMode="numeric"
                      autoComplete="off"
                      value={date}
                      onChange={(_event, data) => setDate(data.value)}
                    />
                  </Field>
                  <Field
                    label={t('registerMeasurement.time')}
                    required
                    hint={t('registerMeasurement.timeHint')}
                    validationState={errors.time ? 'error' : 'none'}
                    validationMessage={message(errors.time)}
                  >
                    <Input
                      className={styles.number}
                      inputMode="numeric"
                      autoComplete="off"
                      value={time}
                      onChange={(_event, data) => setTime(data.value)}
                    />
                  </Field>
                </div>

                <Field label={t('registerMeasurement.note')}>
                  <Textarea
                    value={note}
                    resize="vertical"
                    maxLength={1000}
                    onChange={(_event, data) => setNote(data.value)}
                  />
                </Field>

                {saveError ? (
                  <MessageBar intent="error" role="alert" layout="multiline">
                    <MessageBarBody>
                      <MessageBarTitle>{t('registerMeasurement.notSavedTitle')}</MessageBarTitle>
                      {saveError}
                    </MessageBarBody>
                  </MessageBar>
                ) : null}
              </DialogContent>
              <DialogActions>
                <Button appearance="secondary" disabled={saving} onClick={() => setOpen(false)}>
                  {t('registerMeasurement.cancel')}
                </Button>
                <Button
                  appearance="primary"
                  type="submit"
                  disabled={saving}
                  icon={
                    saving ? (
                      <Spinner size="tiny" aria-label={t('registerMeasurement.save')} />
                    ) : undefined
                  }
                >
                  {t('registerMeasurement.save')}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
      </Dialog>
    </>
  );
}

/** How many of this visit's registrations the citizen view keeps in sight. */
const NOTICES_SHOWN = 3;

export interface CitizenWriteBarProps {
  readonly data: CitizenData;
}

/**
 * The citizen view's write actions: "Registrér måling" (types from the
 * plan), and a line per measurement registered in this visit that says
 * "Ikke sendt endnu" until the outbox has sent it, then "Sendt".
 */
export function CitizenWriteBar({ data }: CitizenWriteBarProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const unsent = useUnsentResources(data.patient.id);
  const [registered, setRegistered] = useState<readonly RegisteredMeasurement[]>([]);

  // The citizen's plan names what is measured (planned series); every active forløb is offered those.
  const requestedCodes = useMemo(() => {
    const planned = data.series.flatMap((series) =>
      series.planned && series.codeKey ? [series.codeKey] : [],
    );
    return new Map(data.episodes.map((episode) => [episode.id, planned] as const));
  }, [data.series, data.episodes]);

  return (
    <div className={styles.bar}>
      <RegisterMeasurementDialog
        patientId={data.patient.id}
        patientName={data.patient.name}
        episodes={data.episodes}
        requestedCodes={requestedCodes}
        onRegistered={(measurement) =>
          setRegistered((previous) => [measurement, ...previous].slice(0, NOTICES_SHOWN))
        }
      />
      {registered.length > 0 ? (
        <div className={styles.notices} aria-live="polite">
          {registered.map((measurement) => {
            const status = unsent?.get(measurement.observationId);
            const sent = unsent !== null && status === undefined;
            const value = measurement.values
              .map((number) => formatNumber(number, i18n.language))
              .join('/');
            return (
              <MessageBar
                key={measurement.observationId}
                intent={status === 'needs-attention' ? 'error' : sent ? 'success' : 'info'}
                data-testid="registered-measurement"
              >
                <MessageBarBody className={styles.noticeLine}>
                  <MessageBarTitle>{t('registerMeasurement.registeredTitle')}</MessageBarTitle>
                  {t('registerMeasurement.registeredBody', {
                    name: t(`measurement.${measurement.codeKey}`),
                    value: measurement.unit ? `${value} ${measurement.unit}` : value,
                    time: formatDateTime(measurement.effective),
                  })}{' '}
                  {sent ? (
                    <Badge appearance="tint" color="success" icon={<CheckmarkCircle12Regular />}>
                      {t('registerMeasurement.sent')}
                    </Badge>
                  ) : (
                    <UnsentBadge needsAttention={status === 'needs-attention'} />
                  )}
                </MessageBarBody>
                <MessageBarActions
                  containerAction={
                    <Button
                      appearance="transparent"
                      aria-label={t('tasks.dismiss')}
                      icon={<Dismiss20Regular />}
                      onClick={() =>
                        setRegistered((previous) =>
                          previous.filter(
                            (item) => item.observationId !== measurement.observationId,
                          ),
                        )
                      }
                    />
                  }
                />
              </MessageBar>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
