-- Seeds @sessions finished-looking sessions and about @trades trades straight into a Botdeck
-- database (MariaDB: uses the Sequence engine's seq_1_to_N tables). Run through seed.sh, which
-- sets the two variables and the database. Rows are deterministic functions of their number:
--   * sessions spread evenly over the last 365 days (created_at), newest last; 70% backtests,
--     20% live tests, 10% scrapers; every 1,000th is running, the next one created, one in 37
--     failed, the others completed (backtests) or stopped; one in 50 has notes;
--   * session 1 (the oldest) gets @big_trades trades; the other trades go 19 per session to the
--     first sessions until @trades is reached.
-- Names follow the generated pattern ("BTC Backtest #123"), ids are UUID-shaped and ordered.

SET @sessions = COALESCE(@sessions, 1000000);
SET @trades = COALESCE(@trades, 20000000);
SET @big_trades = LEAST(@trades, 1000000);
SET @now = UTC_TIMESTAMP();
SET @span = 365 * 86400;

SET @seq_sessions = CONCAT('seq_1_to_', @sessions);
SET @sql = CONCAT('INSERT INTO sessions (id, name, type, market, exchange, strategy, strategy_params, range_start, range_end, ',
  'status, pid, created_at, started_at, stopped_at, last_updated, trade_count, total_pnl, win_rate, max_drawdown, notes) ',
  'SELECT id, CONCAT(label, '' '', type_label, '' #'', seq), type, market, ''bitmex'', strategy, params, ',
  '  IF(type = ''backtest'', UNIX_TIMESTAMP(created) - 86400 * 30, NULL), IF(type = ''backtest'', UNIX_TIMESTAMP(created) - 86400, NULL), ',
  '  status, IF(status = ''created'', NULL, 4242), created, IF(status = ''created'', NULL, created + INTERVAL 2 SECOND), ',
  '  IF(status IN (''created'', ''running''), NULL, created + INTERVAL (2 + IF(type = ''backtest'', 3 + seq % 40, 600 + seq % 7200)) SECOND), ',
  '  IF(status = ''created'', NULL, created + INTERVAL 2 SECOND), ',
  '  IF(type = ''scraper'', 0, seq % 97), (CAST((seq * 7919) % 200001 AS SIGNED) - 100000) / 100, (seq * 31) % 10001 / 100, (seq * 17) % 5001 / 100, ',
  '  IF(seq % 50 = 0, CONCAT(''sweep '', ELT(1 + seq % 4, ''threshold'', ''lookback'', ''momentum'', ''breakout''), '' grid '', seq % 13, '' of run '', seq DIV 1000), NULL) ',
  'FROM (SELECT seq, ',
  '  CONCAT(''00000000-0000-4000-8000-'', LPAD(seq, 12, ''0'')) AS id, ',
  '  @now - INTERVAL (CAST(@sessions AS SIGNED) - CAST(seq AS SIGNED)) * @span DIV @sessions SECOND AS created, ',
  '  CASE WHEN seq % 10 < 7 THEN ''backtest'' WHEN seq % 10 < 9 THEN ''test'' ELSE ''scraper'' END AS type, ',
  '  CASE WHEN seq % 10 < 7 THEN ''Backtest'' WHEN seq % 10 < 9 THEN ''Test'' ELSE ''Scraper'' END AS type_label, ',
  '  CASE WHEN seq % 10 = 9 THEN ELT(1 + seq DIV 10 % 5, ''XBTUSD'', ''ETHUSD'', ''SOLUSD'', ''XRPUSD'', ''DOGEUSD'') ',
  '       ELSE ELT(1 + seq DIV 10 % 5, ''XBTUSD'', ''ETHUSD'', ''SOLUSD'', ''XBTUSD+ETHUSD'', ''XBTUSD+SOLUSD'') END AS market, ',
  '  CASE WHEN seq % 10 = 9 THEN ELT(1 + seq DIV 10 % 5, ''BTC'', ''ETH'', ''SOL'', ''XRP'', ''DOGE'') ',
  '       ELSE ELT(1 + seq DIV 10 % 5, ''BTC'', ''ETH'', ''SOL'', ''BTC/ETH'', ''BTC/SOL'') END AS label, ',
  '  CASE WHEN seq % 10 = 9 THEN ''MarketScraper'' WHEN seq DIV 10 % 5 >= 3 THEN ''PairTradeBot'' ELSE ''TestBot'' END AS strategy, ',
  '  CASE WHEN seq % 10 = 9 THEN ''{"archive_interval": 60}'' WHEN seq DIV 10 % 5 >= 3 THEN ''{"spread_threshold": 2.0, "lookback": 100}'' ',
  '       ELSE CONCAT(''{"threshold": 0.'', 1 + seq % 9, '', "position_size": 100}'') END AS params, ',
  '  CASE WHEN seq % 1000 = 0 THEN ''running'' WHEN seq % 1000 = 1 THEN ''created'' WHEN seq % 37 = 0 THEN ''failed'' ',
  '       WHEN seq % 10 < 7 THEN ''completed'' ELSE ''stopped'' END AS status ',
  'FROM ', @seq_sessions, ') s ORDER BY seq');
PREPARE stmt FROM @sql;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

-- One session with @big_trades trades: the oldest one (a completed backtest).
SET @big = '00000000-0000-4000-8000-000000000001';
UPDATE sessions SET type = 'backtest', status = 'completed', market = 'XBTUSD', strategy = 'TestBot',
  name = 'BTC Backtest #1', trade_count = @big_trades WHERE id = @big;
SET @sql = CONCAT('INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, exit_price, ',
  'entry_time, exit_time, pnl, fees, exit_reason) ',
  'SELECT @big, seq, seq, ''XBTUSD'', IF(seq % 2 = 0, ''LONG'', ''SHORT''), 100, 90000 + seq % 1000, 90000 + (seq * 7) % 1000, ',
  '  TIMESTAMP(''2024-01-01'') + INTERVAL seq * 60 SECOND, TIMESTAMP(''2024-01-01'') + INTERVAL seq * 60 + 30 SECOND, ',
  '  (CAST((seq * 7) % 1000 AS SIGNED) - CAST(seq % 1000 AS SIGNED)) / 100, 0.09, ''take_profit'' ',
  'FROM seq_1_to_', @big_trades, ' ORDER BY seq');
PREPARE stmt FROM @sql;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;

-- The rest: 19 trades each for sessions 2, 3, ..., inserted by seed.sh in chunks of sessions
-- (seed_trades.sql), in id order so the indexes fill in order.

