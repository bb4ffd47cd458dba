import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Textarea,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { taskTitle, type TaskWrites } from './useTaskWrites.ts';

export interface TaskNoteDialogProps {
  /** The note being written, and where it goes. */
  readonly writes: TaskWrites;
  /** The tasks are being read again (after a save or a conflict). */
  readonly loading: boolean;
}

/**
 * "Tilføj note": the task's name, the note and its message. A task that is
 * no longer open says so instead of its name, and cannot take the note.
 */
export function TaskNoteDialog({ writes, loading }: TaskNoteDialogProps) {
  const { t } = useTranslation();
  const { noting, busy, noteError } = writes;
  return (
    <Dialog
      open={writes.noteOpen}
      onOpenChange={(_event, data) => {
        if (!data.open && busy === null) writes.closeNote();
      }}
    >
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void writes.saveNote();
          }}
        >
          <DialogBody>
            <DialogTitle>{t('tasks.noteTitle')}</DialogTitle>
            <DialogContent>
              {noting ? (
                <Body1 as="p">{taskTitle(noting, t)}</Body1>
              ) : loading ? (
                <Spinner size="tiny" label={t('tasks.loading')} />
              ) : (
                <MessageBar intent="warning" role="alert">
                  <MessageBarBody>{t('tasks.noLongerOpen')}</MessageBarBody>
                </MessageBar>
              )}
              <Field
                label={t('tasks.noteLabel')}
                required
                hint={t('tasks.noteHint')}
                validationState={noteError ? 'error' : 'none'}
                validationMessage={noteError ?? undefined}
              >
                <Textarea
                  value={writes.noteText}
                  resize="vertical"
                  rows={4}
                  maxLength={2000}
                  onChange={(_event, data) => writes.setNoteText(data.value)}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button
                appearance="secondary"
                disabled={busy !== null}
                onClick={() => writes.closeNote()}
              >
                {t('tasks.cancel')}
              </Button>
              <Button
                appearance="primary"
                type="submit"
                disabled={busy !== null || !noting?.versionId}
              >
                {t('tasks.saveNote')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
