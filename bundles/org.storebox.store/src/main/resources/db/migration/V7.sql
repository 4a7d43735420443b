-- storebox schema, version 7: the identity columns written by every sale take their numbers from a
-- cache of 100,000 instead of H2's default of 32. H2 records a sequence's reserved range by committing
-- its system session, and with WRITE_DELAY=0 that commit writes a chunk of its own: with three stock
-- movements and four journal entries per sale, one extra chunk every eight to eleven sales, a fifth of
-- the group-commit writer's time. The cost of a large cache is a gap in these surrogate keys after a
-- crash (numbers reserved but unused); nothing reads meaning into them but their order, which holds.

ALTER TABLE stock_movement ALTER COLUMN id SET CACHE 100000;
ALTER TABLE journal_entry ALTER COLUMN id SET CACHE 100000;
ALTER TABLE loyalty_ledger ALTER COLUMN id SET CACHE 100000;

-- The terminal-rates alert rule counts today's sales, voids and returns per terminal about twice a second
-- while sales come in. With kind and status in the index, H2 counts from the index alone instead of
-- reading every sale row of the day (four to six times less work at 50,000 sales, measured in H2 2.5).
DROP INDEX sale_day_terminal;
CREATE INDEX sale_day_terminal ON sale(business_day, terminal_id, kind, status);

-- A sale's document and its outbox event (1 to 3 KB of JSON each) are CLOBs. Above this length H2 moves a
-- CLOB into its LOB maps: the string is encoded, decoded through a Reader and encoded again, and three maps
-- more change per value. Up to 16,384 characters they stay in their rows: a third less CPU per sale at 32
-- terminals, and the drain to HQ is no slower (BENCHMARKS.md, 2 Dec 2026 evening). A database setting:
-- it persists, and values stored before stay where they are.
SET MAX_LENGTH_INPLACE_LOB 16384;

-- Restock asks one question of receipts: did a SKU receive goods after it was ordered? Each SKU's last
-- receipt answers it, so stock_movement needs no index by SKU, which cost every sale three leaves at
-- random places in the next chunk (32 terminals, A/B: 1,801-1,805 sales/s without it against 1,474-1,592).
CREATE TABLE stock_receipt (
    sku VARCHAR(64) PRIMARY KEY,
    last_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO stock_receipt(sku, last_at) SELECT sku, MAX(at) FROM stock_movement WHERE kind = 'RECEIPT' GROUP BY sku;
DROP INDEX stock_movement_sku;
