import { ChatMultiple24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';

export function MessagesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('messages.title')} />
      <EmptyState
        icon={<ChatMultiple24Regular />}
        title={t('messages.emptyTitle')}
        body={t('messages.emptyBody')}
      />
    </>
  );
}
