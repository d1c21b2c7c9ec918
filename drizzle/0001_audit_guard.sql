-- The audit trail is append-only and hash-chained. The chain head lives in its own one-row table so
-- that concurrent writers serialise on it at any isolation level (an UPDATE of one row either waits
-- or fails with a serialisation error; it never forks the chain).
CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY CHECK ("id" = 1),
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
INSERT INTO "audit_chain_head" ("id", "seq", "hash") VALUES (1, 0, repeat('0', 64));
--> statement-breakpoint
CREATE FUNCTION audit_log_hash(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT encode(sha256(convert_to(concat_ws(chr(31),
		r.seq::text, r.id::text,
		to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
		r.actor, coalesce(r.on_behalf_of, ''), r.action,
		coalesce(r.resource_type, ''), coalesce(r.resource_id, ''), r.outcome,
		coalesce(r.ip, ''), coalesce(r.user_agent, ''), coalesce(r.request_id, ''),
		coalesce(r.details::text, ''), r.prev_hash), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	next_seq bigint;
	last_hash text;
BEGIN
	UPDATE audit_chain_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash INTO next_seq, last_hash;
	NEW.seq := next_seq;
	NEW.prev_hash := last_hash;
	NEW.hash := audit_log_hash(NEW);
	UPDATE audit_chain_head SET hash = NEW.hash WHERE id = 1;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
--> statement-breakpoint
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
--> statement-breakpoint
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
