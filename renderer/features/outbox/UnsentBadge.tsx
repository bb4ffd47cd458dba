import { Badge } from '@fluentui/react-components';
import { ArrowSync12Regular, Warning12Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

export interface UnsentBadgeProps {
  /** A refused entry says so; otherwise it is simply waiting. */
  readonly needsAttention?: boolean;
}

/** "Ikke sendt endnu" beside something saved here and not yet on the server. */
export function UnsentBadge({ needsAttention = false }: UnsentBadgeProps) {
  const { t } = useTranslation();
  return needsAttention ? (
    <Badge appearance="tint" color="danger" icon={<Warning12Regular />}>
      {t('outbox.badgeNeedsAttention')}
    </Badge>
  ) : (
    <Badge appearance="tint" color="warning" icon={<ArrowSync12Regular />}>
      {t('outbox.badgeUnsent')}
    </Badge>
  );
}
