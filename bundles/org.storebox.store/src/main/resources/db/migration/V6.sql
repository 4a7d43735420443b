-- storebox schema, version 6: a sale's lines, tenders and journal entries are found by the sale's store
-- sequence number (sale.seq, which only grows) instead of its UUID. Every commit then appends to these
-- indexes instead of rewriting a random page of each; with the file written per group commit, those
-- random pages were most of each commit's bytes. Each index is also a B-tree of its own whose path to the
-- root every commit rewrites, so the sale path keeps as few as its queries need: units sold per day
-- (restock) come from stock_movement, so sale_line needs no index by SKU, and one index by business day
-- and terminal serves the Z report, the manager's day and the terminal rates alike.

DROP INDEX sale_terminal_day;
DROP INDEX sale_business_day;
CREATE INDEX sale_day_terminal ON sale(business_day, terminal_id);

ALTER TABLE sale_line ADD COLUMN sale_seq BIGINT;
UPDATE sale_line l SET sale_seq = (SELECT s.seq FROM sale s WHERE s.id = l.sale_id);
ALTER TABLE sale_line ALTER COLUMN sale_seq SET NOT NULL;
ALTER TABLE sale_line DROP PRIMARY KEY;
DROP INDEX sale_line_sku;
ALTER TABLE sale_line DROP COLUMN sale_id;
ALTER TABLE sale_line ADD CONSTRAINT sale_line_pk PRIMARY KEY (sale_seq, line_no);

ALTER TABLE tender ADD COLUMN sale_seq BIGINT;
UPDATE tender t SET sale_seq = (SELECT s.seq FROM sale s WHERE s.id = t.sale_id);
ALTER TABLE tender ALTER COLUMN sale_seq SET NOT NULL;
ALTER TABLE tender DROP PRIMARY KEY;
ALTER TABLE tender DROP COLUMN sale_id;
ALTER TABLE tender ADD CONSTRAINT tender_pk PRIMARY KEY (sale_seq, line_no);

-- The sequence number of the sale (or return) the entry books, also for the entries of its void.
ALTER TABLE journal_entry ADD COLUMN document_seq BIGINT;
UPDATE journal_entry j SET document_seq = (SELECT s.seq FROM sale s WHERE s.id = j.document_id);
ALTER TABLE journal_entry ALTER COLUMN document_seq SET NOT NULL;
DROP INDEX journal_document;
CREATE INDEX journal_document_seq ON journal_entry(document_seq);
