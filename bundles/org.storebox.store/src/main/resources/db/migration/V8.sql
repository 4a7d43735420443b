-- storebox schema, version 8: the index of sales by business day carries the sale's sequence number
-- before the terminal. Keyed (business_day, terminal_id, ...), every sale inserted at its terminal's own
-- place in the day: with many terminals selling, each commit rewrote one leaf of this index per terminal
-- in the group, and the internal pages above them (a dump of the chunks at 32 terminals: 14 % of the
-- bytes each commit writes, and the chunk bookkeeping those replaced pages cause on top). With seq
-- second, a day's sales only append. The terminal-rates rule still counts from the index alone (every
-- column it reads is in it); the Z report of one terminal reads the day's index entries and only its own
-- terminal's rows.
DROP INDEX sale_day_terminal;
CREATE INDEX sale_day_seq ON sale(business_day, seq, terminal_id, kind, status);
