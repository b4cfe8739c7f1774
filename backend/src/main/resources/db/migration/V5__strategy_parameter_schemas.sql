-- The seeded schemas say `min`/`max`, which JSON Schema ignores. Restate them in standard
-- JSON Schema (`minimum`/`maximum`), describe every parameter, and refuse unknown ones so a
-- typo is an error rather than a silently ignored setting.
UPDATE strategies SET
  description = 'Single-market strategy. Computes a signal in [0,1] from recent price action and enters when it crosses the threshold; exits on take-profit, stop-loss or reversal.',
  param_schema = '{"type":"object","additionalProperties":false,"properties":{"threshold":{"type":"number","minimum":0,"maximum":1,"title":"Threshold","description":"Signal level in [0,1] that triggers an entry: above it goes long, below 1 - threshold goes short."},"position_size":{"type":"integer","minimum":1,"title":"Position size","description":"Contracts per trade."}}}'
WHERE id = 'TestBot';

UPDATE strategies SET
  description = 'Statistical arbitrage between two markets. Trades the z-score of the log-price spread over a lookback window; enters both legs when it is stretched and exits on reversion.',
  param_schema = '{"type":"object","additionalProperties":false,"properties":{"spread_threshold":{"type":"number","exclusiveMinimum":0,"title":"Spread threshold","description":"Absolute z-score of the spread at which both legs are entered."},"lookback":{"type":"integer","minimum":2,"title":"Lookback","description":"Number of candles the spread mean and deviation are computed over."}}}'
WHERE id = 'PairTradeBot';

UPDATE strategies SET
  param_schema = '{"type":"object","additionalProperties":false,"properties":{"archive_interval":{"type":"integer","minimum":1,"title":"Archive interval","description":"Seconds between two archive writes of the collected candles."}}}'
WHERE id = 'MarketScraper';
