import {
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObservationCodeKey } from '../../../shared/fhir/observation-codes.ts';
import { episodeNames } from '../caseload/caseloadColumns.ts';
import { formatNumber, type FieldError } from './measurementForm.ts';
import type { MeasurementDraft } from './useMeasurementDraft.ts';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  number: { fontVariantNumeric: 'tabular-nums' },
  unit: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
});

export interface MeasurementDraftFieldsProps {
  /** The draft the fields show and edit. */
  readonly draft: MeasurementDraft;
}

/**
 * The register-measurement form's fields: forløb (when there is a choice),
 * type, the type's values with their plausible range, date, time and note,
 * each with the message of the last check.
 */
export function MeasurementDraftFields({ draft }: MeasurementDraftFieldsProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const firstValueRef = useRef<HTMLInputElement>(null);
  const { active, episode, codeKey, fields, errors, missing } = draft;
  const language = i18n.language;

  const message = (error: FieldError | null | undefined): string | undefined =>
    error ? t(`registerMeasurement.errors.${error.key}`, error.values ?? {}) : undefined;

  return (
    <>
      {active.length > 1 ? (
        <Field
          label={t('registerMeasurement.episode')}
          required
          validationState={missing === 'episode' ? 'error' : 'none'}
          validationMessage={
            missing === 'episode' ? t('registerMeasurement.errors.episodeRequired') : undefined
          }
        >
          <Dropdown
            placeholder={t('registerMeasurement.episodePlaceholder')}
            value={episode ? episodeNames([episode], t) : ''}
            selectedOptions={episode ? [episode.id] : []}
            onOptionSelect={(_event, data) => draft.chooseEpisode(data.optionValue ?? '')}
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
        hint={draft.typesFromPlan ? t('registerMeasurement.typeFromPlan') : undefined}
      >
        <Dropdown
          placeholder={t('registerMeasurement.typePlaceholder')}
          disabled={!episode}
          value={codeKey ? t(`measurement.${codeKey}`) : ''}
          selectedOptions={codeKey ? [codeKey] : []}
          onOptionSelect={(_event, data) => {
            draft.chooseType((data.optionValue ?? '') as ObservationCodeKey | '');
            // Straight on to the value, as a nurse would type it.
            requestAnimationFrame(() => firstValueRef.current?.focus());
          }}
        >
          {draft.codes.map((key) => (
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
                value={draft.values[index] ?? ''}
                contentAfter={field.unit ? <span className={styles.unit}>{field.unit}</span> : null}
                onChange={(_event, data) => draft.setValue(index, data.value)}
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
            value={draft.date}
            onChange={(_event, data) => draft.setDate(data.value)}
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
            value={draft.time}
            onChange={(_event, data) => draft.setTime(data.value)}
          />
        </Field>
      </div>

      <Field label={t('registerMeasurement.note')}>
        <Textarea
          value={draft.note}
          resize="vertical"
          maxLength={1000}
          onChange={(_event, data) => draft.setNote(data.value)}
        />
      </Field>
    </>
  );
}
