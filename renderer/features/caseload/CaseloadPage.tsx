import { PeopleTeam24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';

export function CaseloadPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('caseload.title')} />
      <EmptyState
        icon={<PeopleTeam24Regular />}
        title={t('caseload.emptyTitle')}
        body={t('caseload.emptyBody')}
      />
    </>
  );
}
