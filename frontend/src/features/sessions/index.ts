export { RunningSessions } from './components/running-sessions';
export { ScrapersTab } from './components/scrapers-tab';
export { HistoryTab } from './components/history-tab';
