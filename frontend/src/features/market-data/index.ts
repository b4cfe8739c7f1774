export { MarketDataPanel } from './components/market-data-panel';
