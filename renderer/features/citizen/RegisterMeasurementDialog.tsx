import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObservationCodeKey } from '../../../shared/fhir/observation-codes.ts';
import { StaleBaseError } from '../../data/cache/contracts.ts';
import { useClinicalWrites } from '../../data/ClinicalWritesProvider.tsx';
import type { EpisodeView } from '../../data/model/episode.ts';
import { episodeNames } from '../caseload/caseloadColumns.ts';
import { MeasurementDraftFields } from './MeasurementDraftFields.tsx';
import { useMeasurementDraft } from './useMeasurementDraft.ts';

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
  hint: { color: tokens.colorNeutralForeground3 },
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
  const draft = useMeasurementDraft({ episodes, requestedCodes, now, language: i18n.language });
  const { active, episode } = draft;

  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!writes || saving) return;
    setSaveError(null);
    const measurement = draft.validate();
    if (!measurement) return;
    setSaving(true);
    try {
      const { unit, ...input } = measurement;
      const { observationId } = await writes.registerMeasurement({ patientId, ...input });
      setOpen(false);
      onRegistered?.({
        observationId,
        codeKey: measurement.codeKey,
        values: measurement.values,
        unit,
        effective: measurement.effective,
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
          draft.reset();
          setSaveError(null);
          setSaving(false);
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

                <MeasurementDraftFields draft={draft} />

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
