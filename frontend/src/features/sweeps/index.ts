export { SweepsSection } from './components/sweeps-section';
export type { LiveTestConfig } from './components/sweep-page';
