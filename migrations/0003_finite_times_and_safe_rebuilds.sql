-- Hardening found in review.
--
-- 1. PostgreSQL accepts 'infinity' and '-infinity' for dates and timestamps; no clinic event
--    happens then, no window can contain it, and the service cannot represent it. Such rows are
--    now refused like any other bad row, by a named constraint.
alter table organizations
    add constraint organizations_times_finite
        check (isfinite(created_at) and (last_synced_at is null or isfinite(last_synced_at)));
alter table patients
    add constraint patients_times_finite check (isfinite(created_at));
alter table appointments
    add constraint appointments_times_finite
        check (isfinite(created_at) and isfinite(starts_at) and (ends_at is null or isfinite(ends_at)));
alter table outreach_attempts
    add constraint outreach_attempts_times_finite check (isfinite(sent_at));
alter table automation_costs
    add constraint automation_costs_periods_finite check (isfinite(period_start) and isfinite(period_end));

-- 2. Presence is recomputed after locking the patient, relying on the next statement's fresh
--    snapshot to see what a concurrent writer committed. Under REPEATABLE READ or SERIALIZABLE
--    the snapshot is the transaction's, so that writer's change would be missed and the patient
--    counted twice: such writes are refused with a clear message instead.
create or replace function refresh_presence(organization_ids text[], patient_ids text[])
returns void
language plpgsql
as $$
begin
    if organization_ids is null or cardinality(organization_ids) = 0 then
        return;
    end if;
    if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'appointments must be written in READ COMMITTED transactions'
            using errcode = '0A000',
                  hint = 'clinic-analytics keeps its rollups exact by re-reading a patient''s appointments after '
                         'locking the patient; stronger isolation levels would hide concurrent writes from it';
    end if;
    -- Two transactions changing one patient's appointments would each recompute from a snapshot
    -- missing the other's change; locking the patients serializes them, and the statement below
    -- (with a fresh snapshot) reads what the first one committed.
    perform 1
    from patients p
    join unnest(organization_ids, patient_ids) as w(organization_id, patient_id)
      on p.organization_id = w.organization_id and p.id = w.patient_id
    order by p.organization_id, p.id
    for no key update of p;

    execute presence_rollup_statement(
        $ctes$
        wanted as (
            select distinct w.organization_id collate "C" as organization_id, w.patient_id collate "C" as patient_id
            from unnest($1::text[], $2::text[]) as w(organization_id, patient_id)
        ), fresh as (
            select * from presence_of($1, $2)
        ), current as (
            select pp.organization_id, pp.patient_id, pp.kind, pp.starts_after, pp.ends_at
            from patient_presence pp
            join wanted w on pp.organization_id = w.organization_id and pp.patient_id = w.patient_id
        ), removed as (
            select * from current except select * from fresh
        ), added as (
            select * from fresh except select * from current
        ), deleted as (
            delete from patient_presence pp
            using removed r
            where pp.organization_id = r.organization_id and pp.patient_id = r.patient_id and pp.kind = r.kind
              and pp.starts_after = r.starts_after and pp.ends_at = r.ends_at
            returning pp.organization_id, pp.kind, pp.starts_after, pp.ends_at
        ), inserted as (
            insert into patient_presence (organization_id, patient_id, kind, starts_after, ends_at)
            select * from added
            returning organization_id, kind, starts_after, ends_at
        )
        $ctes$,
        $boundaries$
            select organization_id, kind, starts_after as at, -1 as starts, 0 as ends from deleted
            union all select organization_id, kind, ends_at, 0, -1 from deleted
            union all select organization_id, kind, starts_after, 1, 0 from inserted
            union all select organization_id, kind, ends_at, 0, 1 from inserted
        $boundaries$)
    using organization_ids, patient_ids;
end;
$$;

-- 3. A rebuild reads the raw tables and replaces the organization's rollups in several
--    statements. A writer committing between them would be counted twice, and a fold committing
--    after the rebuild deleted the organization's rows would add to them. The rebuild now blocks
--    writers for its duration (share locks: rebuilds of other organizations still run side by
--    side) and takes the organization's advisory lock, which folds take in shared mode.
create function rollup_lock_key(organization_id text)
returns bigint
language sql immutable
as $$ select hashtextextended('clinic_analytics.rollups:' || organization_id, 0) $$;

create or replace function fold_rollup_changes(organization_ids text[] default null)
returns bigint
language plpgsql
as $$
declare
    locked text[];
    folded bigint;
begin
    select array_agg(distinct organization_id order by organization_id) into locked
    from daily_rollup_changes
    where organization_ids is null or organization_id = any(organization_ids);
    if locked is null then
        return 0;
    end if;
    perform pg_advisory_xact_lock_shared(rollup_lock_key(id)) from unnest(locked) as id order by id;
    with moved as (
        delete from daily_rollup_changes where organization_id = any(locked) returning *
    ), summed as (
        select organization_id, day,
               sum(bookings) as bookings, sum(ai_bookings) as ai_bookings,
               sum(automation_bookings) as automation_bookings, sum(revenue_cents) as revenue_cents,
               sum(automated_revenue_cents) as automated_revenue_cents, sum(new_patients) as new_patients,
               sum(contacts) as contacts, sum(successful_contacts) as successful_contacts,
               sum(active_starts) as active_starts, sum(active_ends) as active_ends,
               sum(engaged_starts) as engaged_starts, sum(engaged_ends) as engaged_ends,
               sum(seen_30_starts) as seen_30_starts, sum(seen_30_ends) as seen_30_ends,
               sum(seen_90_starts) as seen_90_starts, sum(seen_90_ends) as seen_90_ends,
               sum(seen_365_starts) as seen_365_starts, sum(seen_365_ends) as seen_365_ends,
               count(*) as rows
        from moved
        group by organization_id, day
    ), upserted as (
        insert into daily_rollups as r
        select organization_id, day, bookings, ai_bookings, automation_bookings, revenue_cents,
               automated_revenue_cents, new_patients, contacts, successful_contacts, active_starts, active_ends,
               engaged_starts, engaged_ends, seen_30_starts, seen_30_ends, seen_90_starts, seen_90_ends,
               seen_365_starts, seen_365_ends
        from summed
        order by organization_id, day
        on conflict (organization_id, day) do update set
            bookings = r.bookings + excluded.bookings,
            ai_bookings = r.ai_bookings + excluded.ai_bookings,
            automation_bookings = r.automation_bookings + excluded.automation_bookings,
            revenue_cents = r.revenue_cents + excluded.revenue_cents,
            automated_revenue_cents = r.automated_revenue_cents + excluded.automated_revenue_cents,
            new_patients = r.new_patients + excluded.new_patients,
            contacts = r.contacts + excluded.contacts,
            successful_contacts = r.successful_contacts + excluded.successful_contacts,
            active_starts = r.active_starts + excluded.active_starts,
            active_ends = r.active_ends + excluded.active_ends,
            engaged_starts = r.engaged_starts + excluded.engaged_starts,
            engaged_ends = r.engaged_ends + excluded.engaged_ends,
            seen_30_starts = r.seen_30_starts + excluded.seen_30_starts,
            seen_30_ends = r.seen_30_ends + excluded.seen_30_ends,
            seen_90_starts = r.seen_90_starts + excluded.seen_90_starts,
            seen_90_ends = r.seen_90_ends + excluded.seen_90_ends,
            seen_365_starts = r.seen_365_starts + excluded.seen_365_starts,
            seen_365_ends = r.seen_365_ends + excluded.seen_365_ends
    )
    select coalesce(sum(rows), 0)::bigint into folded from summed;
    return folded;
end;
$$;

create or replace function rebuild_rollups(organization_ids text[])
returns void
language plpgsql
as $$
declare
    patient_orgs text[];
    patient_ids text[];
begin
    lock table patients, appointments, outreach_attempts in share mode;
    perform pg_advisory_xact_lock(rollup_lock_key(id)) from unnest(organization_ids) as id order by id;

    delete from daily_rollups where organization_id = any(organization_ids);
    delete from daily_rollup_changes where organization_id = any(organization_ids);
    execute appointment_activity_statement(
        'select 1 as sign, a.* from appointments a where a.organization_id = any($1)') using organization_ids;
    execute patient_activity_statement(
        'select 1 as sign, p.* from patients p where p.organization_id = any($1)') using organization_ids;
    execute outreach_activity_statement(
        'select 1 as sign, x.* from outreach_attempts x where x.organization_id = any($1)') using organization_ids;

    select array_agg(p.organization_id), array_agg(p.id) into patient_orgs, patient_ids
    from patients p where p.organization_id = any(organization_ids);
    with fresh as (
        select * from presence_of(patient_orgs, patient_ids)
    ), current as (
        select pp.organization_id, pp.patient_id, pp.kind, pp.starts_after, pp.ends_at
        from patient_presence pp where pp.organization_id = any(organization_ids)
    ), removed as (
        select * from current except select * from fresh
    ), deleted as (
        delete from patient_presence pp
        using removed r
        where pp.organization_id = r.organization_id and pp.patient_id = r.patient_id and pp.kind = r.kind
          and pp.starts_after = r.starts_after and pp.ends_at = r.ends_at
    )
    insert into patient_presence (organization_id, patient_id, kind, starts_after, ends_at)
    select * from (select * from fresh except select * from current) added
    order by 1, 2, 3, 4, 5;

    execute presence_rollup_statement(
        'rebuilt as (select * from patient_presence where organization_id = any($1))',
        'select organization_id, kind, starts_after as at, 1 as starts, 0 as ends from rebuilt
         union all select organization_id, kind, ends_at, 0, 1 from rebuilt')
    using organization_ids;
    -- Not fold_rollup_changes: it would wait for the shared advisory lock this transaction holds exclusively.
    with moved as (
        delete from daily_rollup_changes where organization_id = any(organization_ids) returning *
    )
    insert into daily_rollups
    select organization_id, day,
           sum(bookings), sum(ai_bookings), sum(automation_bookings), sum(revenue_cents),
           sum(automated_revenue_cents), sum(new_patients), sum(contacts), sum(successful_contacts),
           sum(active_starts), sum(active_ends), sum(engaged_starts), sum(engaged_ends),
           sum(seen_30_starts), sum(seen_30_ends), sum(seen_90_starts), sum(seen_90_ends),
           sum(seen_365_starts), sum(seen_365_ends)
    from moved
    group by organization_id, day
    order by organization_id, day;
    perform pg_notify('clinic_analytics_changes', json_build_object('organization_id', id, 'table', 'organizations')::text)
    from unnest(organization_ids) as id;
end;
$$;

-- 4. A new or removed organization tells the caches too (its name, zone and currency are read
--    through them).
create or replace function organizations_changed()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'UPDATE' and new.timezone is distinct from old.timezone then
        perform rebuild_rollups(array[new.id]);
    else
        perform pg_notify('clinic_analytics_changes',
                          json_build_object('organization_id', coalesce(new.id, old.id), 'table', 'organizations')::text);
    end if;
    return null;
end;
$$;

create trigger organizations_notify_insert after insert on organizations
    for each row execute function organizations_changed();
create trigger organizations_notify_delete after delete on organizations
    for each row execute function organizations_changed();
