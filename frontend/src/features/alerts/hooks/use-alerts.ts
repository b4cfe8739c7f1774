import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertState } from '@/gql/graphql';
import { graphqlQuery } from '@/lib/query';
import { useSubscription } from '@/lib/use-subscription';
import { AlertsQuery, AlertStreamSubscription } from '../api/operations';

/** Cache scope of every alert list: one live event refreshes them all. */
export const ALERTS_SCOPE = ['alerts'] as const;

/** Alerts in `state` (all when undefined), newest first, refreshed whenever an alert opens, is acknowledged or resolves. */
export function useAlerts(state: AlertState | undefined, limit = 50) {
  const queryClient = useQueryClient();
  const query = useQuery(graphqlQuery(AlertsQuery, { state, limit, offset: 0 }, ALERTS_SCOPE));
  useSubscription(AlertStreamSubscription, {}, () => {
    void queryClient.invalidateQueries({ queryKey: ALERTS_SCOPE });
  });
  return query;
}
