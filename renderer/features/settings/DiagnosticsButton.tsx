import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Copy20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkbenchApi } from '../../../shared/ipc/workbench-api.ts';
import { workbenchBridge } from '../../data/bridge.ts';

const useStyles = makeStyles({
  // The button, and what became of it on its own line beneath.
  stack: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
  },
});

export interface DiagnosticsButtonProps {
  /** Absent: the page's bridge. */
  readonly bridge?: Pick<WorkbenchApi, 'diagnosticsRead'> | null;
  /** Absent: the system clipboard. */
  readonly copy?: (text: string) => Promise<void>;
}

/**
 * "Kopiér diagnostik": the app's version, its settings and main's last
 * errors (scrubbed in main), as text for a support ticket. No secrets and
 * nothing clinical are in it.
 */
export function DiagnosticsButton({
  bridge = workbenchBridge(),
  copy = (text) => navigator.clipboard.writeText(text),
}: DiagnosticsButtonProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async () => {
    try {
      const answer = await bridge?.diagnosticsRead();
      if (!answer?.ok) throw new Error(answer?.error.message ?? t('settings.diagnosticsNoMain'));
      await copy(JSON.stringify(answer.value, null, 2));
      setStatus({ ok: true, text: t('settings.diagnosticsCopied') });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setStatus({ ok: false, text: t('settings.diagnosticsFailed', { message }) });
    }
  };
  return (
    <div className={styles.stack}>
      <Button icon={<Copy20Regular />} onClick={() => void run()}>
        {t('settings.diagnostics')}
      </Button>
      {status ? (
        <Text role={status.ok ? 'status' : 'alert'} data-testid="diagnostics-status">
          {status.text}
        </Text>
      ) : null}
    </div>
  );
}
