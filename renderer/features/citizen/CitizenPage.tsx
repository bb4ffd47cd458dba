import { Person24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';

export function CitizenPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('citizen.title')} />
      <EmptyState
        icon={<Person24Regular />}
        title={t('citizen.emptyTitle')}
        body={t('citizen.emptyBody')}
      />
    </>
  );
}
