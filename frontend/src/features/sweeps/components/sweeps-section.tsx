import { SweepList } from './sweep-list';
import { SweepPage, type LiveTestConfig } from './sweep-page';

/** `/sweeping` lists the sweeps; `/sweeping/<id>` is one sweep's page. */
export function SweepsSection({
  path,
  onCreate,
  onOpenSession,
  onLiveTest,
}: {
  path: string;
  onCreate: () => void;
  onOpenSession: (sessionId: string) => void;
  onLiveTest: (config: LiveTestConfig) => void;
}) {
  const id = /^\/sweeping\/([^/]+)\/?$/.exec(path)?.[1];
  if (id) return <SweepPage key={id} sweepId={decodeURIComponent(id)} onOpenSession={onOpenSession} onLiveTest={onLiveTest} />;
  return <SweepList onCreate={onCreate} />;
}
