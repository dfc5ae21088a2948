/**
 * Live data of one class for the popup and the dashboard: participants (and optionally the
 * info and timeline) re-read every few seconds, and at once on each hub event when `live` is set
 * (Server-Sent Events; the events only say that something changed, the views carry the numbers).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../shared/i18n';
import { useLocalizer } from '../popup/localizer';
import { eventsUrl, TeacherHub, type ClassAccess, type ClassInfo, type ParticipantView, type Timeline } from './hub';

export interface ClassData {
  participants: ParticipantView[] | null;
  info: ClassInfo | null;
  timeline: Timeline | null;
  error: string | null;
  /** 'live' while the event stream is open, 'polling' otherwise. */
  connection: 'live' | 'polling';
  updatedAt: number | null;
  /** The class is gone from the hub (deleted elsewhere). */
  deleted: boolean;
  refresh: () => void;
}

export interface ClassDataOptions {
  intervalMs: number;
  withInfo?: boolean;
  withTimeline?: boolean;
  live?: boolean;
  hub?: TeacherHub;
}

export function useClassData(access: ClassAccess | null, options: ClassDataOptions): ClassData {
  const [participants, setParticipants] = useState<ParticipantView[] | null>(null);
  const [info, setInfo] = useState<ClassInfo | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const { t } = useLocalizer();
  const [failure, setFailure] = useState<unknown>(null);
  const [connection, setConnection] = useState<'live' | 'polling'>('polling');
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [deleted, setDeleted] = useState(false);
  const hubRef = useRef(options.hub ?? new TeacherHub());
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const key = access ? `${access.hubUrl}|${access.code}|${access.teacherSecret}` : '';

  useEffect(() => {
    setParticipants(null);
    setInfo(null);
    setTimeline(null);
    setFailure(null);
    setDeleted(false);
  }, [key]);

  // One read per tick; answers of a previous class are dropped.
  useEffect(() => {
    if (!access) return;
    let current = true;
    const hub = hubRef.current;
    void (async () => {
      try {
        const [p, i, t] = await Promise.all([
          hub.participants(access),
          options.withInfo ? hub.classInfo(access) : Promise.resolve(null),
          options.withTimeline ? hub.timeline(access) : Promise.resolve(null),
        ]);
        if (!current) return;
        setParticipants(p);
        if (options.withInfo) setInfo(i);
        if (options.withTimeline) setTimeline(t);
        setFailure(null);
        setUpdatedAt(Date.now());
      } catch (failure) {
        if (!current) return;
        setFailure(failure ?? new Error());
        if (failure && typeof failure === 'object' && 'gone' in failure && (failure as { gone: boolean }).gone) setDeleted(true);
      }
    })();
    return () => {
      current = false;
    };
  }, [key, tick]);

  useEffect(() => {
    if (!access) return;
    const timer = setInterval(refresh, options.intervalMs);
    return () => clearInterval(timer);
  }, [key, options.intervalMs]);

  useEffect(() => {
    if (!access || !options.live || typeof EventSource === 'undefined') return;
    const source = new EventSource(eventsUrl(access));
    const onChange = () => refresh();
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection('polling'); // EventSource reconnects by itself; polling covers the gap
    for (const type of ['ready', 'joined', 'minutes', 'revoked', 'closed']) source.addEventListener(type, onChange);
    source.addEventListener('deleted', () => {
      setDeleted(true);
      source.close();
    });
    return () => source.close();
  }, [key, options.live]);

  // Worded at render time, in the page's current language.
  const error = failure === null ? null : describeError(failure, t);
  return { participants, info, timeline, error, connection, updatedAt, deleted, refresh };
}
