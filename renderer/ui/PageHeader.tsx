import { makeStyles, Title2, tokens } from '@fluentui/react-components';
import { useEffect, type ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
});

export interface PageHeaderProps {
  /** The page's one h1, also used as the window title. */
  readonly title: string;
  /** Buttons that act on the whole page. */
  readonly actions?: ReactNode;
}

export function PageHeader({ title, actions }: PageHeaderProps) {
  const styles = useStyles();
  useEffect(() => {
    document.title = `${title} – Nordjysk eSundhed`;
  }, [title]);
  return (
    <header className={styles.root}>
      <Title2 as="h1">{title}</Title2>
      {actions}
    </header>
  );
}
