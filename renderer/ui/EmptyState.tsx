import { makeStyles, Subtitle2, Body1, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXXL,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    maxWidth: '640px',
  },
  icon: { fontSize: '32px', color: tokens.colorBrandForeground1 },
});

export interface EmptyStateProps {
  /** Short statement of what is missing. */
  readonly title: string;
  /** What the user can do or expect. */
  readonly body: string;
  readonly icon?: ReactNode;
}

/** Says plainly why a view has nothing to show. */
export function EmptyState({ title, body, icon }: EmptyStateProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label={title}>
      {icon ? (
        <span className={styles.icon} aria-hidden="true">
          {icon}
        </span>
      ) : null}
      <Subtitle2 as="h2">{title}</Subtitle2>
      <Body1>{body}</Body1>
    </section>
  );
}
