import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { CaseloadRow } from '../../data/model/caseload.ts';
import type { EpisodeView } from '../../data/model/episode.ts';

/** The forløb names in the user's language: translated diagnosis codes, else the record's text. */
export function episodeNames(episodes: readonly EpisodeView[], t: TFunction): string {
  return episodes
    .map((episode) => {
      const name = episode.diagnosisCode
        ? t(`diagnosis.${episode.diagnosisCode}`, { defaultValue: episode.diagnosisText })
        : episode.diagnosisText;
      return episode.status === 'active'
        ? name
        : `${name} (${t(`episodeStatus.${episode.status}`)})`;
    })
    .join(', ');
}

/** One collator for every comparison (`localeCompare` with a locale builds one per call). */
const danishOrder = new Intl.Collator('da');

export function caseloadColumns(t: TFunction): ColDef<CaseloadRow>[] {
  return [
    {
      field: 'name',
      headerName: t('caseload.columns.name'),
      flex: 2,
      minWidth: 180,
      sort: 'asc',
      comparator: danishOrder.compare,
    },
    { field: 'cpr', headerName: t('caseload.columns.cpr'), width: 140 },
    { field: 'age', headerName: t('caseload.columns.age'), width: 90, type: 'numericColumn' },
    {
      colId: 'episodes',
      headerName: t('caseload.columns.episodes'),
      flex: 3,
      minWidth: 220,
      valueGetter: (params) => (params.data ? episodeNames(params.data.episodes, t) : ''),
    },
    {
      field: 'openTasks',
      headerName: t('caseload.columns.openTasks'),
      width: 150,
      type: 'numericColumn',
      valueFormatter: (params: ValueFormatterParams<CaseloadRow, number>) =>
        params.value ? String(params.value) : '–',
    },
    {
      colId: 'protected',
      headerName: t('caseload.columns.protected'),
      width: 220,
      // Text, not a checkbox: the quick filter finds it and a screen reader reads it.
      cellDataType: 'text',
      valueGetter: (params) => (params.data?.protected ? t('caseload.protectedYes') : ''),
    },
  ];
}
