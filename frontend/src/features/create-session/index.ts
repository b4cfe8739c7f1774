export { CreateSessionModal, type SessionFormMode } from './components/create-session-modal';
export { CreateSweepModal } from './components/create-sweep-modal';
