export { SessionDetailPanel } from './components/session-detail-panel';
