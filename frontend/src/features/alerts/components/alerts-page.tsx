import { NavTabs } from '@/components/ui/nav-tabs';
import { AlertHistory } from './alert-history';
import { AlertSettings } from './alert-settings';

const TABS = [
  { path: '/alerting', label: 'History' },
  { path: '/alerting/settings', label: 'Rules & channels' },
] as const;

/** The alerts section: history, and the settings screen for rules and channels. */
export function AlertsPage({ path }: { path: string }) {
  const settings = path.replace(/\/+$/, '') === '/alerting/settings';
  return (
    <div className="alerts-page">
      <NavTabs label="Alerts" tabs={TABS} currentPath={settings ? '/alerting/settings' : '/alerting'} />
      {settings ? <AlertSettings /> : <AlertHistory />}
    </div>
  );
}
