-- 19 trades each for the sessions numbered @from + 1 .. @to (seed.sh runs this per chunk).
SET @sql = CONCAT('INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, exit_price, ',
  'entry_time, exit_time, pnl, fees, exit_reason) ',
  'SELECT STRAIGHT_JOIN CONCAT(''00000000-0000-4000-8000-'', LPAD(s.seq, 12, ''0'')), t.seq, t.seq, ''XBTUSD'', ',
  '  IF(t.seq % 2 = 0, ''LONG'', ''SHORT''), 100, 90000 + t.seq, 90010 + t.seq, ',
  '  TIMESTAMP(''2024-01-01'') + INTERVAL s.seq * 60 + t.seq SECOND, TIMESTAMP(''2024-01-01'') + INTERVAL s.seq * 60 + t.seq + 30 SECOND, ',
  '  0.91, 0.09, ''take_profit'' ',
  'FROM seq_', @from + 1, '_to_', @to, ' s JOIN seq_1_to_', @per, ' t WHERE t.seq <= @per');
PREPARE stmt FROM @sql;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
