-- Every monitoring cycle rewrites each binding's row (its state, figures and times), and writes the
-- bw_utilizado of the connections whose measure moved. Room left in each page lets PostgreSQL keep
-- those updates on the same page (HOT: no index entries, old versions pruned without a vacuum), so
-- the tables do not grow cycle after cycle. Applies to pages written from now on; VACUUM FULL (or
-- pg_repack) applies it to existing ones.
ALTER TABLE "vinculos_monitoreo" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "conexiones" SET (fillfactor = 90);
