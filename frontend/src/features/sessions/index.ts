export { SessionsOverview } from './components/sessions-overview';
export type { SessionView } from './session-views';
