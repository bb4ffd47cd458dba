import {
  Body1,
  Caption1,
  makeStyles,
  SearchBox,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import { PeopleTeam24Regular } from '@fluentui/react-icons';
import {
  CellStyleModule,
  ClientSideRowModelModule,
  LocaleModule,
  ModuleRegistry,
  QuickFilterModule,
  themeQuartz,
  ValidationModule,
  type CellKeyDownEvent,
  type RowClickedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAppSelector } from '../../app/hooks.ts';
import { appNow } from '../../app/clock.ts';
import { useSourceRequest } from '../../data/SourceProvider.tsx';
import type { CaseloadRow } from '../../data/model/caseload.ts';
import { caseloadRequest } from './queries.ts';
import { useCspNonce } from '../../ui/CspNonce.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { selectSession } from '../session/sessionSlice.ts';
import { caseloadColumns } from './caseloadColumns.ts';

// Only what the grid uses (sorting, flex columns and keyboard navigation are in the core):
// the page's chunk is a third smaller than with every community module, and loads faster.
// A feature used without its module does nothing; the validation module names the missing
// module on the console in development builds (ag-grid error #200).
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  QuickFilterModule,
  CellStyleModule,
  // The grid's own texts (its loading and no-match overlays) in the user's language.
  LocaleModule,
  ...(import.meta.env.DEV ? [ValidationModule] : []),
]);

const gridTheme = themeQuartz.withParams({
  fontFamily: tokens.fontFamilyBase,
  fontSize: 14,
  accentColor: '#0B7264',
  headerBackgroundColor: '#F0F7F5',
  headerTextColor: '#242424',
  rowHoverColor: '#E1F1E6',
  foregroundColor: '#242424',
  borderColor: '#D1D1D1',
});

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalM,
  },
  grid: { height: 'calc(100vh - 240px)', minHeight: '320px' },
  summary: { color: tokens.colorNeutralForeground3 },
});

export function CaseloadPage() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const nonce = useCspNonce();
  const session = useAppSelector(selectSession);
  const [filter, setFilter] = useState('');
  const caseload = useSourceRequest(caseloadRequest(session, appNow));
  const columns = useMemo(() => caseloadColumns(t), [t]);
  // The grid's own overlays speak the user's language too (its built-in texts are English).
  const gridTexts = useMemo(
    () => ({
      loadingOoo: t('caseload.loading'),
      noRowsToShow: t('caseload.emptyTitle'),
      noMatchingRows: t('caseload.noMatches'),
    }),
    [t],
  );
  const open = (row: CaseloadRow | undefined) => {
    if (row) void navigate(`/citizen/${encodeURIComponent(row.patientId)}`);
  };

  const teams = session?.persona.careTeams.map((team) => team.name).join(', ') ?? '';
  const showGrid = caseload.data ? caseload.data.length > 0 : caseload.status === 'loading';

  return (
    <>
      <PageHeader title={t('caseload.title')} />
      <div className={styles.toolbar}>
        <SearchBox
          aria-label={t('caseload.search')}
          placeholder={t('caseload.search')}
          value={filter}
          onChange={(_event, data) => setFilter(data.value)}
        />
        {caseload.data ? (
          <Body1 className={styles.summary} aria-live="polite">
            {t('caseload.summary', { count: caseload.data.length, teams })}
          </Body1>
        ) : null}
        {caseload.status === 'loading' ? (
          <Spinner size="tiny" label={t('caseload.loading')} />
        ) : null}
      </div>
      {caseload.status === 'failed' ? (
        <QueryError error={caseload.error} onRetry={caseload.reload} />
      ) : null}
      {caseload.data && caseload.data.length === 0 ? (
        <EmptyState
          icon={<PeopleTeam24Regular />}
          title={t('caseload.emptyTitle')}
          body={t('caseload.emptyBody')}
        />
      ) : null}
      {/* The grid is made while the rows are still on their way: its own setting-up then
          overlaps the wait instead of following it. */}
      {showGrid ? (
        <div className={styles.grid} data-testid="caseload-grid" aria-busy={caseload.data === null}>
          <AgGridReact<CaseloadRow>
            key={i18n.language}
            theme={gridTheme}
            styleNonce={nonce}
            rowData={caseload.data}
            localeText={gridTexts}
            columnDefs={columns}
            getRowId={(params) => params.data.patientId}
            quickFilterText={filter}
            animateRows={false}
            ensureDomOrder
            onFirstDataRendered={() => {
              // The signal benchmarks and tests wait for: the caseload's rows are on screen.
              performance.mark('caseload-rendered');
            }}
            onRowClicked={(event: RowClickedEvent<CaseloadRow>) => open(event.data)}
            onCellKeyDown={(event) => {
              const keyEvent = (event as CellKeyDownEvent<CaseloadRow>).event as
                KeyboardEvent | null | undefined;
              if (keyEvent?.key === 'Enter') open(event.data);
            }}
          />
        </div>
      ) : null}
      <Caption1>{t('caseload.hint')}</Caption1>
    </>
  );
}
