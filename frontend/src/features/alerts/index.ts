export { AlertBell } from './components/alert-bell';
export { AlertsPage } from './components/alerts-page';
