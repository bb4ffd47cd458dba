import { Spinner, type SpinnerProps } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

/** How long a view may take before it says it is loading: a cached citizen opens well within it. */
export const SPINNER_DELAY_MS = 300;

export interface DelayedSpinnerProps {
  readonly label: string;
  readonly size?: SpinnerProps['size'];
}

/**
 * A spinner that appears only when loading takes longer than SPINNER_DELAY_MS:
 * a view answered from the offline cache paints its data without a spinner
 * flashing first. Until then an empty busy region holds the label for
 * assistive technology.
 */
export function DelayedSpinner({ label, size }: DelayedSpinnerProps) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), SPINNER_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!shown) return <div role="status" aria-busy="true" aria-label={label} />;
  return <Spinner label={label} {...(size ? { size } : {})} />;
}
