import { useEffect, useState } from 'preact/hooks';
import { requestLiveStatus } from '../popup/lib/background';

/**
 * Whether the school's managed policy turned teacher mode off; undefined until the background
 * answered (the dashboard connects to no hub before it knows).
 */
export function useTeacherModeOff(): boolean | undefined {
  const [off, setOff] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    requestLiveStatus().then(
      (status) => setOff(status.policy.disableTeacherMode),
      // Without an answer the worker cannot be enforcing anything either; the hub still checks the secret.
      () => setOff(false),
    );
  }, []);
  return off;
}
