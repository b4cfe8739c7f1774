-- Markets a session can run on: the single markets the strategies trade plus the pairs that
-- the pair strategy lists. `label` is the short name used in generated session names.
CREATE TABLE markets (
  symbol VARCHAR(20) PRIMARY KEY,
  label VARCHAR(20) NOT NULL,
  kind ENUM('single', 'pair') NOT NULL DEFAULT 'single',
  base_currency VARCHAR(10),
  quote_currency VARCHAR(10),
  legs JSON,
  exchange VARCHAR(50) NOT NULL DEFAULT 'bitmex',
  tick_size DECIMAL(20,8),
  description VARCHAR(255),
  display_order INT NOT NULL DEFAULT 0,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO markets (symbol, label, kind, base_currency, quote_currency, legs, tick_size, description, display_order) VALUES
('XBTUSD', 'BTC', 'single', 'XBT', 'USD', NULL, 0.50000000, 'Bitcoin / US dollar perpetual', 10),
('ETHUSD', 'ETH', 'single', 'ETH', 'USD', NULL, 0.05000000, 'Ether / US dollar perpetual', 20),
('SOLUSD', 'SOL', 'single', 'SOL', 'USD', NULL, 0.01000000, 'Solana / US dollar perpetual', 30),
('XRPUSD', 'XRP', 'single', 'XRP', 'USD', NULL, 0.00010000, 'XRP / US dollar perpetual', 40),
('DOGEUSD', 'DOGE', 'single', 'DOGE', 'USD', NULL, 0.00001000, 'Dogecoin / US dollar perpetual', 50),
('XBTUSD+ETHUSD', 'BTC/ETH', 'pair', NULL, 'USD', '["XBTUSD", "ETHUSD"]', NULL, 'Bitcoin against Ether, traded as two legs', 60),
('XBTUSD+SOLUSD', 'BTC/SOL', 'pair', NULL, 'USD', '["XBTUSD", "SOLUSD"]', NULL, 'Bitcoin against Solana, traded as two legs', 70);
