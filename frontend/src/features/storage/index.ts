export { StorageBanner } from './components/storage-banner';
