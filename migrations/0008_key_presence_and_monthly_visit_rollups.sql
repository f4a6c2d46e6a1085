-- Breakdowns over long windows without counting a year of visits (docs/ARCHITECTURE.md,
-- "Patients seen per key" and "Monthly visit rollups").
--
-- 1. key_presence: patients seen per breakdown key (practitioner, appointment type, source) for
--    the presence spans (30, 90 and 365 days), as patient_presence (0002) keeps them for the whole
--    organization: each (dimension, key, patient) has merged intervals (starts_after, ends_at], one
--    per island of completed visits no more than `days` apart, and the patient counts under the key
--    at T exactly when T falls in one of them, that is when they had a completed appointment with
--    that key starting in [T − days, T). Each interval adds one start on the local day of
--    starts_after and one end on the local day of ends_at to the visit rollups, so the patients
--    seen under a key at T are the starts before T minus the ends before T.
-- 2. visit_rollup_months: the visit rollups per local calendar month, moved there by the fold in
--    the statement that moves them into visit_rollups, so a reader adding whole months, the days
--    around them and the unfolded changes sees every contribution exactly once.

create table key_presence (
    organization_id text collate "C" not null,
    dimension       smallint         not null,
    key             text collate "C",
    patient_id      text collate "C" not null,
    days            smallint         not null,
    starts_after    timestamptz      not null,
    ends_at         timestamptz      not null,
    constraint key_presence_dimension_known check (dimension between 1 and 3),
    constraint key_presence_days_kept check (days in (30, 90, 365)),
    constraint key_presence_ordered check (ends_at > starts_after)
);
create index key_presence_patient_idx on key_presence (organization_id, patient_id);
-- Read at a window's end, on its partial day, by instant.
create index key_presence_starts_idx on key_presence (organization_id, dimension, starts_after);
create index key_presence_ends_idx on key_presence (organization_id, dimension, ends_at);

-- The intervals of some patients, from their completed appointments. A visit at s opens a new
-- island when it lies more than `days` after the one before it under the same key; touching spans
-- merge, as in presence_of.
create function key_presence_of(organization_ids text[], patient_ids text[])
returns table (organization_id text, dimension smallint, key text, patient_id text, days smallint,
               starts_after timestamptz, ends_at timestamptz)
language sql stable
as $$
    with wanted as (
        select distinct w.organization_id collate "C" as organization_id, w.patient_id collate "C" as patient_id
        from unnest(organization_ids, patient_ids) as w(organization_id, patient_id)
    ), visits as (
        select a.organization_id, a.patient_id, d.dimension, k.days, a.starts_at as s,
               case d.dimension when 1 then a.practitioner_id when 2 then a.appointment_type else a.source end
                   collate "C" as key
        from wanted w
        join appointments a on a.organization_id = w.organization_id and a.patient_id = w.patient_id
        cross join (values (1::smallint), (2::smallint), (3::smallint)) as d(dimension)
        cross join (values (30::smallint), (90::smallint), (365::smallint)) as k(days)
        where a.status = 'completed'
    ), gaps as (
        select v.*,
               coalesce(v.s > (lag(v.s) over pair) + v.days * interval '24 hours', true) as opens
        from visits v
        window pair as (partition by v.organization_id, v.patient_id, v.dimension, v.key, v.days order by v.s)
    ), islands as (
        select g.*,
               count(*) filter (where g.opens) over (partition by g.organization_id, g.patient_id, g.dimension, g.key,
                                                                g.days
                                                   order by g.s rows unbounded preceding) as island
        from gaps g
    )
    select i.organization_id, i.dimension, i.key, i.patient_id, i.days,
           min(i.s), max(i.s) + i.days * interval '24 hours'
    from islands i
    group by i.organization_id, i.patient_id, i.dimension, i.key, i.days, i.island
$$;

alter table visit_rollups
    add column seen_30_starts bigint not null default 0, add column seen_30_ends bigint not null default 0,
    add column seen_90_starts bigint not null default 0, add column seen_90_ends bigint not null default 0,
    add column seen_365_starts bigint not null default 0, add column seen_365_ends bigint not null default 0;
alter table visit_rollup_changes
    add column seen_30_starts bigint not null default 0, add column seen_30_ends bigint not null default 0,
    add column seen_90_starts bigint not null default 0, add column seen_90_ends bigint not null default 0,
    add column seen_365_starts bigint not null default 0, add column seen_365_ends bigint not null default 0;

create table visit_rollup_months (like visit_rollups including defaults);
alter table visit_rollup_months rename column day to month;
alter table visit_rollup_months
    add constraint visit_rollup_months_key unique nulls not distinct (organization_id, dimension, month, key),
    add constraint visit_rollup_months_organization_fkey foreign key (organization_id)
        references organizations (id) on delete cascade,
    add constraint visit_rollup_months_first_day check (month = date_trunc('month', month)::date);

-- The counters of visit_rollups, visit_rollup_changes and visit_rollup_months.
create function visit_rollup_counters()
returns text[]
language sql immutable
as $$
    select array['bookings', 'appointments', 'attended', 'no_shows', 'cancellations', 'late_cancellations', 'booked',
                 'revenue_cents', 'rebooked_visits', 'first_visits', 'seen_30_starts', 'seen_30_ends',
                 'seen_90_starts', 'seen_90_ends', 'seen_365_starts', 'seen_365_ends']
$$;

-- `pattern` (with %1$I for the counter) once per counter, comma-separated.
create function visit_rollup_counter_list(pattern text)
returns text
language sql immutable
as $$
    select string_agg(format(pattern, counter), ', ') from unnest(visit_rollup_counters()) as counter
$$;

-- Moves some organizations' unfolded changes into visit_rollups and visit_rollup_months, in one
-- statement, both in key order (so concurrent moves lock rows in one order). The caller holds the
-- organizations' rollup lock: shared for the fold, exclusive for a rebuild.
create function move_visit_rollup_changes(organization_ids text[])
returns bigint
language plpgsql
as $$
declare
    moved_rows bigint;
begin
    execute format($move$
        with moved as (
            delete from visit_rollup_changes where organization_id = any($1) returning *
        ), summed as (
            select organization_id, dimension, day, key, %1$s, count(*) as moved_rows
            from moved
            group by organization_id, dimension, day, key
        ), days as (
            insert into visit_rollups as r (organization_id, dimension, day, key, %2$s)
            select organization_id, dimension, day, key, %2$s
            from summed
            order by organization_id, dimension, day, key
            on conflict on constraint visit_rollups_key do update set %3$s
        ), months as (
            insert into visit_rollup_months as r (organization_id, dimension, month, key, %2$s)
            select organization_id, dimension, date_trunc('month', day)::date, key, %1$s
            from summed
            group by 1, 2, 3, 4
            order by 1, 2, 3, 4
            on conflict on constraint visit_rollup_months_key do update set %3$s
        )
        select coalesce(sum(moved_rows), 0)::bigint from summed
        $move$,
        visit_rollup_counter_list('sum(%1$I) as %1$I'),
        visit_rollup_counter_list('%1$I'),
        visit_rollup_counter_list('%1$I = r.%1$I + excluded.%1$I'))
    into moved_rows
    using organization_ids;
    return moved_rows;
end;
$$;

create or replace function fold_visit_rollup_changes(organization_ids text[] default null)
returns bigint
language plpgsql
as $$
declare
    locked text[];
begin
    select array_agg(distinct organization_id order by organization_id) into locked
    from visit_rollup_changes
    where organization_ids is null or organization_id = any(organization_ids);
    if locked is null then
        return 0;
    end if;
    perform pg_advisory_xact_lock_shared(rollup_lock_key(id)) from unnest(locked) as id order by id;
    return move_visit_rollup_changes(locked);
end;
$$;

-- The boundaries of signed key presence intervals (`intervals`: sign and key_presence's columns;
-- `ctes` may define what it reads), per local day of each instant.
create function key_presence_rollup_statement(ctes text, intervals text)
returns text
language sql immutable
as $$
    select format($statement$
        with %s, intervals as (%s), boundaries as (
            select i.sign, i.organization_id, i.dimension, i.key, i.days, i.starts_after as at, 1 as starts, 0 as ends
            from intervals i
            union all
            select i.sign, i.organization_id, i.dimension, i.key, i.days, i.ends_at, 0, 1
            from intervals i
        ), summed as (
            select b.organization_id, b.dimension, (b.at at time zone o.timezone)::date as day, b.key,
                   coalesce(sum(b.sign * b.starts) filter (where b.days = 30), 0) as seen_30_starts,
                   coalesce(sum(b.sign * b.ends) filter (where b.days = 30), 0) as seen_30_ends,
                   coalesce(sum(b.sign * b.starts) filter (where b.days = 90), 0) as seen_90_starts,
                   coalesce(sum(b.sign * b.ends) filter (where b.days = 90), 0) as seen_90_ends,
                   coalesce(sum(b.sign * b.starts) filter (where b.days = 365), 0) as seen_365_starts,
                   coalesce(sum(b.sign * b.ends) filter (where b.days = 365), 0) as seen_365_ends
            from boundaries b
            join organizations o on o.id = b.organization_id
            group by 1, 2, 3, 4
        )
        insert into visit_rollup_changes (organization_id, dimension, day, key, seen_30_starts, seen_30_ends,
                                          seen_90_starts, seen_90_ends, seen_365_starts, seen_365_ends)
        select * from summed
        where (seen_30_starts, seen_30_ends, seen_90_starts, seen_90_ends, seen_365_starts, seen_365_ends)
              <> (0, 0, 0, 0, 0, 0)
    $statement$, ctes, intervals)
$$;

-- The appointments trigger calls refresh_visit_marks by name for every patient a statement
-- touched, after which nothing else may change their visits: it now refreshes key presence too.
alter function refresh_visit_marks(text[], text[]) rename to refresh_first_and_rebooked_marks;

-- Refreshes the marks, then rewrites only the key presence intervals that changed, adding and
-- subtracting their boundaries.
create function refresh_visit_marks(organization_ids text[], patient_ids text[])
returns void
language plpgsql
as $$
begin
    -- Locks the patients (for no key update) until the transaction ends, so the statement below
    -- reads, with a fresh snapshot, what any earlier writer of these patients committed.
    perform refresh_first_and_rebooked_marks(organization_ids, patient_ids);
    execute key_presence_rollup_statement(
        $ctes$
        wanted as (
            select distinct w.organization_id collate "C" as organization_id, w.patient_id collate "C" as patient_id
            from unnest($1::text[], $2::text[]) as w(organization_id, patient_id)
        ), fresh as (
            select * from key_presence_of($1, $2)
        ), current as (
            select kp.* from key_presence kp
            join wanted w on kp.organization_id = w.organization_id and kp.patient_id = w.patient_id
        ), removed as (
            select * from current except select * from fresh
        ), added as (
            select * from fresh except select * from current
        ), deleted as (
            delete from key_presence kp
            using removed r
            where kp.organization_id = r.organization_id and kp.patient_id = r.patient_id
              and kp.dimension = r.dimension and kp.key is not distinct from r.key and kp.days = r.days
              and kp.starts_after = r.starts_after and kp.ends_at = r.ends_at
            returning kp.*
        ), inserted as (
            insert into key_presence select * from added returning *
        )
        $ctes$,
        'select -1 as sign, d.* from deleted d union all select 1, i.* from inserted i')
    using organization_ids, patient_ids;
end;
$$;

-- Rebuilds the key presence of some organizations and records its boundaries as changes; run by
-- rebuild_rollups, inside its locks, before it moves the changes.
create function rebuild_key_presence(organization_ids text[])
returns void
language plpgsql
as $$
begin
    delete from key_presence where organization_id = any(organization_ids);
    execute key_presence_rollup_statement(
        $ctes$
        wanted as (
            select array_agg(p.organization_id) as orgs, array_agg(p.id) as ids
            from patients p where p.organization_id = any($1)
        ), inserted as (
            insert into key_presence
            select kp.* from wanted w cross join lateral key_presence_of(w.orgs, w.ids) kp
            returning *
        )
        $ctes$,
        'select 1 as sign, i.* from inserted i')
    using organization_ids;
end;
$$;

-- Rebuilds the monthly rollups of some organizations from their daily ones.
create function rebuild_visit_rollup_months(organization_ids text[])
returns void
language plpgsql
as $$
begin
    delete from visit_rollup_months where organization_id = any(organization_ids);
    execute format($rebuild$
        insert into visit_rollup_months (organization_id, dimension, month, key, %2$s)
        select organization_id, dimension, date_trunc('month', day)::date, key, %1$s
        from visit_rollups
        where organization_id = any($1)
        group by 1, 2, 3, 4
        order by 1, 2, 3, 4
        $rebuild$,
        visit_rollup_counter_list('sum(%1$I) as %1$I'),
        visit_rollup_counter_list('%1$I'))
    using organization_ids;
end;
$$;

-- rebuild_visit_rollups (0006) rebuilds the daily visit rollups with their activity and marks;
-- the months follow from them, and key presence adds its boundaries to both through the move.
create or replace function rebuild_rollups(organization_ids text[])
returns void
language plpgsql
as $$
begin
    perform rebuild_daily_rollups(organization_ids);
    perform rebuild_visit_rollups(organization_ids);
    perform rebuild_visit_rollup_months(organization_ids);
    perform rebuild_key_presence(organization_ids);
    perform move_visit_rollup_changes(organization_ids);
end;
$$;

-- Row-level security and the service's grants, as for every tenant table (0004).
do $$
declare
    tenant text;
begin
    foreach tenant in array array['key_presence', 'visit_rollup_months'] loop
        execute format('alter table %I enable row level security', tenant);
        execute format('alter table %I force row level security', tenant);
        execute format(
            'create policy owner_maintains_every_row on %I to %I using (true) with check (true)', tenant, current_user);
        execute format(
            'create policy service_reads_granted_organizations on %I for select to clinic_analytics_service
                 using (organization_id = any ((select granted_organization_ids())::text[]))',
            tenant);
        execute format('grant select on %I to clinic_analytics_service', tenant);
    end loop;
end;
$$;

-- Data that existed before this migration: months from the days (unfolded changes join both
-- through the move), then key presence with its boundaries.
select rebuild_visit_rollup_months(array(select id from organizations));
select rebuild_key_presence(array(select id from organizations));
select move_visit_rollup_changes(array(select id from organizations));
