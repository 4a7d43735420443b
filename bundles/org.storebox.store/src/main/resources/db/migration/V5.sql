-- storebox schema, version 5: outbox holds (bundle org.storebox.outbox).

-- One row per holder (a webhook target is "webhook:<name>") that still needs every outbox event from
-- needed_from on, also after HQ has acknowledged it. The outbox deletes an acknowledged event only once
-- every holder has moved past it (or the retention limits retain_mb / retain_days are exceeded).
-- Written in the holder's own transaction (a webhook target: together with its cursor).
CREATE TABLE outbox_hold (
    holder VARCHAR(120) PRIMARY KEY,
    needed_from BIGINT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
