import { useQuery } from '@tanstack/react-query';
import { formatCount, formatDuration } from '@/lib/format';
import { graphqlQuery } from '@/lib/query';
import { StorageHealthQuery } from '../api/operations';

/**
 * How often the banner asks whether the database takes writes. The answer comes from the
 * server's memory (it answers while the database is away), so a poll is cheap, and it also
 * notices a server that cannot be reached at all.
 */
const EVERY_MS = 5_000;

/**
 * A banner across the dashboard while the database refuses Botdeck's writes: the runs hold
 * their output and store it in order once it is back; it goes away by itself then.
 */
export function StorageBanner() {
  const storage = useQuery({
    ...graphqlQuery(StorageHealthQuery, {}, ['storage']),
    refetchInterval: EVERY_MS,
    refetchIntervalInBackground: true,
  });
  const state = storage.data?.storage;
  if (!state || state.status !== 'FAILING') return null;
  const runs = state.failingRuns;
  return (
    <div className="storage-banner" role="alert">
      <p className="storage-banner__title">
        The database is not taking writes
        {state.failingForSeconds > 0 && <> (for {formatDuration(state.failingForSeconds)})</>}
      </p>
      <p className="storage-banner__detail">
        {runs > 0
          ? `${formatCount(runs, 'session holds', 'sessions hold')} ${formatCount(state.backlog, 'unstored item')} of output; `
          : 'Sessions keep their output; '}
        nothing is shown before it is stored, and everything is stored in order once the database is back. Pages
        that read the database answer “try again” meanwhile. This banner goes away by itself.
      </p>
    </div>
  );
}
