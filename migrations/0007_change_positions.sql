-- Change notifications now carry the WAL position of the change (pg_current_wal_insert_lsn() when
-- the statement wrote, as a byte offset). Every process of the service hears the same value, so a
-- client told of a change by one process can ask any other to answer only once it has applied that
-- change (the X-Consistency-Token header, docs/ARCHITECTURE.md). Identical notifications of one
-- transaction still fold into one only when their statements wrote at one position; a burst of
-- statements sends one per statement and organization, which the services coalesce.
create or replace function notify_changed(changes text, source_table text)
returns text
language sql immutable
as $$
    select format(
        $statement$select pg_notify('clinic_analytics_changes',
                                    json_build_object('organization_id', organization_id, 'table', %L,
                                                      'at', now(),
                                                      'position', (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::int8)::text)
                   from (select distinct organization_id from (%s) c) d$statement$,
        source_table, changes)
$$;
