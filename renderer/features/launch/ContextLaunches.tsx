import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAppSelector } from '../../app/hooks.ts';
import { appNow } from '../../app/clock.ts';
import { workbenchBridge } from '../../data/bridge.ts';
import { useSource } from '../../data/SourceProvider.tsx';
import { selectSession } from '../session/sessionSlice.ts';
import { listenForLaunches, outcomeOf, type LaunchOutcome } from './launch-flow.ts';

/** What the page says when a launch opens nothing, other than main's refusal. */
const NOTICE_TEXT = {
  'not-in-care': 'launch.notInCare',
  'not-your-team': 'launch.notYourTeam',
  failed: 'launch.failed',
} as const;

/**
 * Opens the citizen a practice system asks for (main's context launch), or
 * says why not. Mounted in the shell: a launch waits in main until someone
 * is signed in.
 */
export function ContextLaunches() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useAppSelector(selectSession);
  const source = useSource();
  const [notice, setNotice] = useState<Exclude<LaunchOutcome, { kind: 'open' }> | null>(null);
  // The newest source and session, for launches that arrive later.
  const current = useRef({ source, session });
  useEffect(() => {
    current.current = { source, session };
  });

  useEffect(() => {
    const bridge = workbenchBridge();
    if (!bridge) return;
    return listenForLaunches(bridge, async (launch) => {
      const { source: now, session: signedIn } = current.current;
      if (!signedIn) return;
      const outcome = await outcomeOf(launch, signedIn, now, appNow());
      if (outcome.kind === 'open') {
        setNotice(null);
        await navigate(`/citizen/${encodeURIComponent(outcome.patientId)}`);
      } else {
        setNotice(outcome);
      }
    });
  }, [navigate]);

  if (!notice) return null;
  const text =
    notice.kind === 'refused'
      ? t('launch.refused', { reason: t(`launch.reason.${notice.reason}`) })
      : t(NOTICE_TEXT[notice.kind]);
  return (
    <MessageBar intent="warning" role="alert" data-testid="launch-notice">
      <MessageBarBody>
        <MessageBarTitle>{t('launch.title')}</MessageBarTitle>
        {text}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label={t('launch.dismiss')}
            icon={<Dismiss20Regular />}
            onClick={() => setNotice(null)}
          />
        }
      />
    </MessageBar>
  );
}
