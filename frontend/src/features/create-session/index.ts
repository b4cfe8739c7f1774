export { CreateSessionModal, type SessionFormMode } from './components/create-session-modal';
