-- Rollups: per organization and local day, every count the metrics need, kept exact by the
-- database itself on every insert, update and delete of the contract tables (late and out of
-- order included), so a dashboard reads at most a year of daily rows instead of a year of raw
-- rows. docs/ARCHITECTURE.md explains the design.
--
-- Two kinds of counts:
-- * additive activity (bookings by creation day, completed revenue by start day, new patients,
--   outreach): a write adds or subtracts its row's contribution to its day;
-- * presence, for "distinct patients" figures that are not additive across days (active,
--   dormant, seen in the last N days): each patient's qualifying appointments become merged
--   intervals (starts_after, ends_at] of the instants at which the patient counts, and the
--   count at an instant T is #(intervals starting before T) − #(intervals ending before T).
--   Interval boundaries are additive, so they roll up per day like activity.
--
-- Writers never update a day's row: each statement appends its signed contribution to
-- daily_rollup_changes, which takes no row locks, so concurrent writers neither wait for nor
-- deadlock on a busy day. fold_rollup_changes() (run every few seconds by the service) moves
-- them into daily_rollups in one sorted statement; readers add both tables, so a reading sees
-- each contribution exactly once whether or not it was folded yet.

create table daily_rollups (
    organization_id         text collate "C" not null
        references organizations (id) on delete cascade,
    day                     date   not null,
    bookings                bigint not null default 0,
    ai_bookings             bigint not null default 0,
    automation_bookings     bigint not null default 0,
    revenue_cents           bigint not null default 0,
    automated_revenue_cents bigint not null default 0,
    new_patients            bigint not null default 0,
    contacts                bigint not null default 0,
    successful_contacts     bigint not null default 0,
    active_starts           bigint not null default 0,
    active_ends             bigint not null default 0,
    engaged_starts          bigint not null default 0,
    engaged_ends            bigint not null default 0,
    seen_30_starts          bigint not null default 0,
    seen_30_ends            bigint not null default 0,
    seen_90_starts          bigint not null default 0,
    seen_90_ends            bigint not null default 0,
    seen_365_starts         bigint not null default 0,
    seen_365_ends           bigint not null default 0,
    constraint daily_rollups_pkey primary key (organization_id, day)
);

-- Contributions not yet folded into daily_rollups: the same counters, any number of rows per day.
create table daily_rollup_changes (like daily_rollups including defaults);
alter table daily_rollup_changes
    add constraint daily_rollup_changes_organization_fkey foreign key (organization_id)
        references organizations (id) on delete cascade;
create index daily_rollup_changes_day_idx on daily_rollup_changes (organization_id, day);
-- Folding deletes every row every few seconds: vacuum it early, or readers wade through dead rows.
alter table daily_rollup_changes set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0
);

-- Kinds of presence (a patient counts at T when T falls in one of their intervals):
--   1 active:   completed in [T − 30d, T), or booked/completed in [T, T + 7d)
--   2 engaged:  active, or completed in [T − 90d, T − 30d)   (engaged − active = dormant)
--   3 seen_30:  completed in [T − 30d, T)
--   4 seen_90:  completed in [T − 90d, T)
--   5 seen_365: completed in [T − 365d, T)
-- No foreign key to patients: the rows are derived, and rewritten with their appointments.
create table patient_presence (
    organization_id text collate "C" not null,
    patient_id      text collate "C" not null,
    kind            smallint    not null,
    starts_after    timestamptz not null,
    ends_at         timestamptz not null,
    constraint patient_presence_pkey primary key (organization_id, patient_id, kind, starts_after, ends_at),
    constraint patient_presence_kind_known check (kind between 1 and 5),
    constraint patient_presence_ordered check (ends_at > starts_after)
);
create index patient_presence_starts_idx on patient_presence (organization_id, starts_after);
create index patient_presence_ends_idx on patient_presence (organization_id, ends_at);

-- The merged presence intervals of some patients, from their appointments. A patient counts at
-- T for a kind when one of these holds, each appointment at s counting for T in (lo, hi]:
--   active, engaged: a booked or completed appointment, lo = s − 7d; hi = s + 30d (active) or
--                    s + 90d (engaged) when completed, hi = s when booked;
--   seen_N:          a completed appointment, lo = s, hi = s + N days.
-- Overlapping or touching spans of one kind merge into one interval. Every kind's lo is s minus a
-- constant, so one pass over a patient's appointments in start order finds all five kinds'
-- islands: a span opens an island when its lo lies beyond the furthest hi before it.
create function presence_of(organization_ids text[], patient_ids text[])
returns table (organization_id text, patient_id text, kind smallint, starts_after timestamptz, ends_at timestamptz)
language sql stable
as $$
    with wanted as (
        select distinct w.organization_id collate "C" as organization_id, w.patient_id collate "C" as patient_id
        from unnest(organization_ids, patient_ids) as w(organization_id, patient_id)
    ), visits as (
        select a.organization_id, a.patient_id, a.starts_at as s, a.status = 'completed' as completed
        from wanted w
        join appointments a on a.organization_id = w.organization_id and a.patient_id = w.patient_id
        where a.status in ('completed', 'booked')
    ), reach as (
        select v.*,
               max(case when v.completed then v.s + interval '720 hours' else v.s end) over earlier as active_reach,
               max(case when v.completed then v.s + interval '2160 hours' else v.s end) over earlier as engaged_reach,
               max(v.s) filter (where v.completed) over earlier as last_completed
        from visits v
        window earlier as (partition by v.organization_id, v.patient_id order by v.s
                           rows between unbounded preceding and 1 preceding)
    ), islands as (
        select r.*,
               sum(case when r.s - interval '168 hours' <= r.active_reach then 0 else 1 end) over upto as active_island,
               sum(case when r.s - interval '168 hours' <= r.engaged_reach then 0 else 1 end) over upto as engaged_island,
               sum(case when r.completed and (r.last_completed is null or r.s > r.last_completed + interval '720 hours')
                        then 1 else 0 end) over upto as seen_30_island,
               sum(case when r.completed and (r.last_completed is null or r.s > r.last_completed + interval '2160 hours')
                        then 1 else 0 end) over upto as seen_90_island,
               sum(case when r.completed and (r.last_completed is null or r.s > r.last_completed + interval '8760 hours')
                        then 1 else 0 end) over upto as seen_365_island
        from reach r
        window upto as (partition by r.organization_id, r.patient_id order by r.s rows unbounded preceding)
    )
    select i.organization_id, i.patient_id, 1::smallint, min(i.s) - interval '168 hours',
           max(case when i.completed then i.s + interval '720 hours' else i.s end)
    from islands i group by i.organization_id, i.patient_id, i.active_island
    union all
    select i.organization_id, i.patient_id, 2::smallint, min(i.s) - interval '168 hours',
           max(case when i.completed then i.s + interval '2160 hours' else i.s end)
    from islands i group by i.organization_id, i.patient_id, i.engaged_island
    union all
    select i.organization_id, i.patient_id, 3::smallint, min(i.s), max(i.s) + interval '720 hours'
    from islands i where i.completed group by i.organization_id, i.patient_id, i.seen_30_island
    union all
    select i.organization_id, i.patient_id, 4::smallint, min(i.s), max(i.s) + interval '2160 hours'
    from islands i where i.completed group by i.organization_id, i.patient_id, i.seen_90_island
    union all
    select i.organization_id, i.patient_id, 5::smallint, min(i.s), max(i.s) + interval '8760 hours'
    from islands i where i.completed group by i.organization_id, i.patient_id, i.seen_365_island
$$;

-- The statement that records interval boundaries (+1 where an interval starts or ends, −1 where
-- a removed one did) on the day of their instant in the organization's time zone. `ctes` may
-- define tables that `boundaries` (organization_id, kind, at, starts, ends) reads.
create function presence_rollup_statement(ctes text, boundaries text)
returns text
language sql immutable
as $$
    select format($statement$
        with %s, boundaries as (%s), per_day as (
            select b.organization_id, (b.at at time zone o.timezone)::date as day,
                   coalesce(sum(b.starts) filter (where b.kind = 1), 0) as active_starts,
                   coalesce(sum(b.ends) filter (where b.kind = 1), 0) as active_ends,
                   coalesce(sum(b.starts) filter (where b.kind = 2), 0) as engaged_starts,
                   coalesce(sum(b.ends) filter (where b.kind = 2), 0) as engaged_ends,
                   coalesce(sum(b.starts) filter (where b.kind = 3), 0) as seen_30_starts,
                   coalesce(sum(b.ends) filter (where b.kind = 3), 0) as seen_30_ends,
                   coalesce(sum(b.starts) filter (where b.kind = 4), 0) as seen_90_starts,
                   coalesce(sum(b.ends) filter (where b.kind = 4), 0) as seen_90_ends,
                   coalesce(sum(b.starts) filter (where b.kind = 5), 0) as seen_365_starts,
                   coalesce(sum(b.ends) filter (where b.kind = 5), 0) as seen_365_ends
            from boundaries b
            join organizations o on o.id = b.organization_id
            group by 1, 2
        )
        insert into daily_rollup_changes (organization_id, day, active_starts, active_ends, engaged_starts,
                                          engaged_ends, seen_30_starts, seen_30_ends, seen_90_starts, seen_90_ends,
                                          seen_365_starts, seen_365_ends)
        select * from per_day
        where (active_starts, active_ends, engaged_starts, engaged_ends, seen_30_starts, seen_30_ends,
               seen_90_starts, seen_90_ends, seen_365_starts, seen_365_ends) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    $statement$, ctes, boundaries)
$$;

-- Recomputes the presence of some patients: only the intervals that changed are rewritten, and
-- their boundaries rolled into daily_rollups.
create function refresh_presence(organization_ids text[], patient_ids text[])
returns void
language plpgsql
as $$
begin
    if organization_ids is null or cardinality(organization_ids) = 0 then
        return;
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

-- The statement that records a set of signed appointment rows (`changes`: sign and the row's
-- columns) on the day of their creation (bookings) and of their start (completed revenue).
-- Built as text so the trigger can run it over its transition tables and the rebuild over the
-- whole table.
create function appointment_activity_statement(changes text)
returns text
language sql immutable
as $$
    select format($statement$
        with changes as not materialized (%s), per_day as (
            select c.organization_id, (c.created_at at time zone o.timezone)::date as day,
                   c.sign as bookings,
                   case when c.source = 'ai_agent' then c.sign else 0 end as ai_bookings,
                   case when c.source in ('ai_agent', 'automation') then c.sign else 0 end as automation_bookings,
                   0::bigint as revenue_cents, 0::bigint as automated_revenue_cents
            from changes c join organizations o on o.id = c.organization_id
            union all
            select c.organization_id, (c.starts_at at time zone o.timezone)::date,
                   0, 0, 0,
                   c.sign * c.revenue_cents,
                   case when c.source in ('ai_agent', 'automation') then c.sign * c.revenue_cents else 0 end
            from changes c join organizations o on o.id = c.organization_id
            where c.status = 'completed'
        ), summed as (
            select organization_id, day, sum(bookings) as bookings, sum(ai_bookings) as ai_bookings,
                   sum(automation_bookings) as automation_bookings, sum(revenue_cents) as revenue_cents,
                   sum(automated_revenue_cents) as automated_revenue_cents
            from per_day group by organization_id, day
        )
        insert into daily_rollup_changes (organization_id, day, bookings, ai_bookings, automation_bookings,
                                          revenue_cents, automated_revenue_cents)
        select * from summed
        where (bookings, ai_bookings, automation_bookings, revenue_cents, automated_revenue_cents) <> (0, 0, 0, 0, 0)
    $statement$, changes)
$$;

-- The same for signed patient rows (new patients by creation day).
create function patient_activity_statement(changes text)
returns text
language sql immutable
as $$
    select format($statement$
        with changes as (%s), summed as (
            select c.organization_id, (c.created_at at time zone o.timezone)::date as day,
                   sum(c.sign) as new_patients
            from changes c join organizations o on o.id = c.organization_id
            group by 1, 2
        )
        insert into daily_rollup_changes (organization_id, day, new_patients)
        select * from summed where new_patients <> 0
    $statement$, changes)
$$;

-- The same for signed outreach rows (contacts and successful contacts by sending day).
create function outreach_activity_statement(changes text)
returns text
language sql immutable
as $$
    select format($statement$
        with changes as (%s), summed as (
            select c.organization_id, (c.sent_at at time zone o.timezone)::date as day,
                   sum(c.sign) as contacts,
                   sum(case when c.outcome in ('responded', 'booked') then c.sign else 0 end) as successful_contacts
            from changes c join organizations o on o.id = c.organization_id
            group by 1, 2
        )
        insert into daily_rollup_changes (organization_id, day, contacts, successful_contacts)
        select * from summed where (contacts, successful_contacts) <> (0, 0)
    $statement$, changes)
$$;

-- The signed rows a statement changed, from its transition tables.
create function signed_changes(operation text)
returns text
language sql immutable
as $$
    select case operation
        when 'INSERT' then 'select 1 as sign, n.* from new_rows n'
        when 'DELETE' then 'select -1 as sign, o.* from old_rows o'
        else 'select 1 as sign, n.* from new_rows n union all select -1 as sign, o.* from old_rows o'
    end
$$;

-- Tells running services which organizations' data changed, so their caches drop them at once.
-- One notification per organization and statement; PostgreSQL also folds identical
-- notifications of one transaction into one.
create function notify_changed(changes text, source_table text)
returns text
language sql immutable
as $$
    select format(
        $statement$select pg_notify('clinic_analytics_changes',
                                    json_build_object('organization_id', organization_id, 'table', %L)::text)
                   from (select distinct organization_id from (%s) c) d$statement$,
        source_table, changes)
$$;

create function appointments_changed()
returns trigger
language plpgsql
as $$
declare
    changes text := signed_changes(tg_op);
    patients text;
begin
    execute appointment_activity_statement(changes);
    -- Presence depends only on who, when and with which status: other updates leave it alone.
    patients := case tg_op
        when 'UPDATE' then
            'select n.organization_id, n.patient_id from new_rows n join old_rows o
               on o.organization_id = n.organization_id and o.id = n.id
             where (n.patient_id, n.starts_at, n.status) is distinct from (o.patient_id, o.starts_at, o.status)
             union select o.organization_id, o.patient_id from new_rows n join old_rows o
               on o.organization_id = n.organization_id and o.id = n.id
             where (n.patient_id, n.starts_at, n.status) is distinct from (o.patient_id, o.starts_at, o.status)
             union select n.organization_id, n.patient_id from new_rows n
             where not exists (select 1 from old_rows o where o.organization_id = n.organization_id and o.id = n.id)
             union select o.organization_id, o.patient_id from old_rows o
             where not exists (select 1 from new_rows n where n.organization_id = o.organization_id and n.id = o.id)'
        else format('select distinct organization_id, patient_id from (%s) c', changes)
    end;
    execute format('select refresh_presence(array_agg(organization_id), array_agg(patient_id)) from (%s) p', patients);
    execute notify_changed(changes, 'appointments');
    return null;
end;
$$;

create function patients_changed()
returns trigger
language plpgsql
as $$
declare
    changes text := signed_changes(tg_op);
begin
    execute patient_activity_statement(changes);
    execute notify_changed(changes, 'patients');
    return null;
end;
$$;

create function outreach_attempts_changed()
returns trigger
language plpgsql
as $$
declare
    changes text := signed_changes(tg_op);
begin
    execute outreach_activity_statement(changes);
    execute notify_changed(changes, 'outreach_attempts');
    return null;
end;
$$;

-- Costs are read directly (a few rows a month); a change only needs the caches told.
create function automation_costs_changed()
returns trigger
language plpgsql
as $$
begin
    execute notify_changed(signed_changes(tg_op), 'automation_costs');
    return null;
end;
$$;

-- Moves recorded contributions into daily_rollups, all organizations' (null) or some. One
-- statement: rows are deleted and added in one go, and the base rows locked in a fixed order.
create function fold_rollup_changes(organization_ids text[] default null)
returns bigint
language sql
as $$
    with moved as (
        delete from daily_rollup_changes
        where organization_ids is null or organization_id = any(organization_ids)
        returning *
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
    ), folded as (
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
    select coalesce(sum(rows), 0)::bigint from summed
$$;

-- Rebuilds every rollup of some organizations from their raw rows: after a bulk load with the
-- triggers off, after a change of time zone, or to repair. Presence intervals are brought to
-- what the appointments say by rewriting only those that differ (rewriting identical keys
-- deleted in the same transaction would make every insert check a dead duplicate).
create function rebuild_rollups(organization_ids text[])
returns void
language plpgsql
as $$
declare
    patient_orgs text[];
    patient_ids text[];
begin
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
    perform fold_rollup_changes(organization_ids);
    perform pg_notify('clinic_analytics_changes', json_build_object('organization_id', id, 'table', 'organizations')::text)
    from unnest(organization_ids) as id;
end;
$$;

-- Local days follow the organization's time zone: a new zone moves every day boundary.
create function organizations_changed()
returns trigger
language plpgsql
as $$
begin
    if new.timezone is distinct from old.timezone then
        perform rebuild_rollups(array[new.id]);
    else
        perform pg_notify('clinic_analytics_changes',
                          json_build_object('organization_id', new.id, 'table', 'organizations')::text);
    end if;
    return null;
end;
$$;

-- Three statement-level triggers per table (transition tables allow one event per trigger).
do $$
declare
    source_table text;
begin
    foreach source_table in array array['appointments', 'patients', 'outreach_attempts', 'automation_costs'] loop
        execute format('create trigger %1$s_changed_insert after insert on %1$s
                            referencing new table as new_rows
                            for each statement execute function %1$s_changed()', source_table);
        execute format('create trigger %1$s_changed_update after update on %1$s
                            referencing old table as old_rows new table as new_rows
                            for each statement execute function %1$s_changed()', source_table);
        execute format('create trigger %1$s_changed_delete after delete on %1$s
                            referencing old table as old_rows
                            for each statement execute function %1$s_changed()', source_table);
    end loop;
end;
$$;

create trigger organizations_rollup_update after update on organizations
    for each row execute function organizations_changed();

-- Data that existed before this migration.
select rebuild_rollups(array(select id from organizations));
