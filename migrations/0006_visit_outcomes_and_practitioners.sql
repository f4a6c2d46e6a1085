-- Visit outcomes, retention and breakdowns (docs/METRICS.md), and the data they need.
--
-- 1. The contract: practitioners by name, and when an appointment was cancelled.
-- 2. visit_rollups: per organization, local day, dimension (practitioner, appointment type,
--    source) and key, the additive counts of the new groups, kept exact on every write like
--    daily_rollups (writers append signed contributions to visit_rollup_changes; the fold moves
--    them). Summed over the source dimension, whose key is never null, they are the whole
--    organization's.
-- 3. visit_marks: the completed appointments that are a patient's first visit or were rebooked.
--    Both depend on the patient's other appointments (a later booking can make an earlier visit
--    rebooked, and cancelling or deleting it undoes that), so they are recomputed per patient on
--    every write to any of the patient's appointments, and only the marks that changed add or
--    subtract their contribution (docs/ARCHITECTURE.md, "Rebooking").

create table practitioners (
    organization_id text collate "C" not null,
    id              text collate "C" not null,
    name            text             not null,
    created_at      timestamptz      not null default now(),
    constraint practitioners_pkey primary key (organization_id, id),
    constraint practitioners_organization_fkey foreign key (organization_id) references organizations (id),
    constraint practitioners_id_not_blank check (btrim(id) <> ''),
    constraint practitioners_name_not_blank check (btrim(name) <> ''),
    constraint practitioners_times_finite check (isfinite(created_at))
);

alter table appointments add column cancelled_at timestamptz;
alter table appointments
    add constraint appointments_cancelled_at_requires_cancelled check (cancelled_at is null or status = 'cancelled'),
    add constraint appointments_cancelled_at_finite check (cancelled_at is null or isfinite(cancelled_at));

-- Dimensions: 1 practitioner, 2 appointment type, 3 source. A null key is "not recorded".
create table visit_rollups (
    organization_id    text collate "C" not null references organizations (id) on delete cascade,
    dimension          smallint not null,
    day                date     not null,
    key                text collate "C",
    bookings           bigint   not null default 0,
    appointments       bigint   not null default 0,
    attended           bigint   not null default 0,
    no_shows           bigint   not null default 0,
    cancellations      bigint   not null default 0,
    late_cancellations bigint   not null default 0,
    booked             bigint   not null default 0,
    revenue_cents      bigint   not null default 0,
    rebooked_visits    bigint   not null default 0,
    first_visits       bigint   not null default 0,
    constraint visit_rollups_key unique nulls not distinct (organization_id, dimension, day, key),
    constraint visit_rollups_dimension_known check (dimension between 1 and 3)
);

create table visit_rollup_changes (like visit_rollups including defaults);
alter table visit_rollup_changes
    add constraint visit_rollup_changes_organization_fkey foreign key (organization_id)
        references organizations (id) on delete cascade;
create index visit_rollup_changes_day_idx on visit_rollup_changes (organization_id, dimension, day);
alter table visit_rollup_changes set (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0
);

-- No unique key: a mark whose flags change is deleted and inserted again by one statement.
create table visit_marks (
    organization_id  text collate "C" not null,
    appointment_id   text collate "C" not null,
    patient_id       text collate "C" not null,
    starts_at        timestamptz      not null,
    practitioner_id  text collate "C",
    appointment_type text collate "C",
    source           text collate "C" not null,
    first_visit      boolean          not null,
    rebooked         boolean          not null,
    constraint visit_marks_marked check (first_visit or rebooked)
);
create index visit_marks_patient_idx on visit_marks (organization_id, patient_id);
create index visit_marks_starts_idx on visit_marks (organization_id, starts_at);

-- Patients seen per key in a window are counted live from this index alone.
drop index appointments_completed_visits_idx;
create index appointments_completed_visits_idx
    on appointments (organization_id, starts_at) include (patient_id, practitioner_id, appointment_type, source)
    where status = 'completed';

-- The contributions of a set of signed appointment rows: bookings on their creation day, the
-- outcome counts and attended revenue on their start day, under each dimension's key.
create function visit_activity_statement(changes text)
returns text
language sql immutable
as $$
    select format($statement$
        with changes as not materialized (%s), keyed as (
            select c.sign, c.organization_id, c.created_at, c.starts_at, c.status, c.cancelled_at, c.revenue_cents,
                   d.dimension,
                   case d.dimension when 1 then c.practitioner_id when 2 then c.appointment_type else c.source end
                       collate "C" as key
            from changes c cross join (values (1::smallint), (2::smallint), (3::smallint)) as d(dimension)
        ), per_day as (
            select k.organization_id, k.dimension, (k.created_at at time zone o.timezone)::date as day, k.key,
                   k.sign as bookings, 0 as appointments, 0 as attended, 0 as no_shows, 0 as cancellations,
                   0 as late_cancellations, 0 as booked, 0::bigint as revenue_cents
            from keyed k join organizations o on o.id = k.organization_id
            union all
            select k.organization_id, k.dimension, (k.starts_at at time zone o.timezone)::date, k.key,
                   0, k.sign,
                   case when k.status = 'completed' then k.sign else 0 end,
                   case when k.status = 'no_show' then k.sign else 0 end,
                   case when k.status = 'cancelled' then k.sign else 0 end,
                   case when k.status = 'cancelled' and k.cancelled_at >= k.starts_at - interval '24 hours'
                        then k.sign else 0 end,
                   case when k.status = 'booked' then k.sign else 0 end,
                   case when k.status = 'completed' then k.sign * k.revenue_cents else 0 end
            from keyed k join organizations o on o.id = k.organization_id
        ), summed as (
            select organization_id, dimension, day, key, sum(bookings) as bookings, sum(appointments) as appointments,
                   sum(attended) as attended, sum(no_shows) as no_shows, sum(cancellations) as cancellations,
                   sum(late_cancellations) as late_cancellations, sum(booked) as booked,
                   sum(revenue_cents) as revenue_cents
            from per_day group by organization_id, dimension, day, key
        )
        insert into visit_rollup_changes (organization_id, dimension, day, key, bookings, appointments, attended,
                                          no_shows, cancellations, late_cancellations, booked, revenue_cents)
        select * from summed
        where (bookings, appointments, attended, no_shows, cancellations, late_cancellations, booked, revenue_cents)
              <> (0, 0, 0, 0, 0, 0, 0, 0)
    $statement$, changes)
$$;

-- The marks of some patients, from their appointments. A completed appointment A is
--   a first visit when it is the patient's earliest completed appointment (by start, then id);
--   rebooked when the patient has another appointment B, not cancelled, with
--   B.starts_at > A.starts_at and B.created_at < A.starts_at + 24 hours.
create function visit_marks_of(organization_ids text[], patient_ids text[])
returns table (organization_id text, appointment_id text, patient_id text, starts_at timestamptz,
               practitioner_id text, appointment_type text, source text, first_visit boolean, rebooked boolean)
language sql stable
as $$
    with wanted as (
        select distinct w.organization_id collate "C" as organization_id, w.patient_id collate "C" as patient_id
        from unnest(organization_ids, patient_ids) as w(organization_id, patient_id)
    ), completed as (
        select a.organization_id, a.id, a.patient_id, a.starts_at, a.practitioner_id, a.appointment_type, a.source,
               row_number() over (partition by a.organization_id, a.patient_id order by a.starts_at, a.id) = 1
                   as first_visit
        from wanted w
        join appointments a on a.organization_id = w.organization_id and a.patient_id = w.patient_id
        where a.status = 'completed'
    ), marked as (
        select c.organization_id, c.id, c.patient_id, c.starts_at, c.practitioner_id,
               c.appointment_type collate "C", c.source collate "C", c.first_visit,
               exists (
                   select 1 from appointments b
                   where b.organization_id = c.organization_id and b.patient_id = c.patient_id
                     and b.status in ('booked', 'completed', 'no_show')
                     and b.starts_at > c.starts_at and b.created_at < c.starts_at + interval '24 hours'
               ) as rebooked
        from completed c
    )
    select * from marked m where m.first_visit or m.rebooked
$$;

-- The contributions of signed marks (`marks`: sign and the mark's columns; `ctes` may define
-- what it reads): rebooked visits under each key of the visit, first visits under its source.
create function visit_marks_rollup_statement(ctes text, marks text)
returns text
language sql immutable
as $$
    select format($statement$
        with %s, marks as (%s), keyed as (
            select m.sign, m.organization_id, m.starts_at, m.first_visit, m.rebooked, d.dimension,
                   case d.dimension when 1 then m.practitioner_id when 2 then m.appointment_type else m.source end
                       collate "C" as key
            from marks m cross join (values (1::smallint), (2::smallint), (3::smallint)) as d(dimension)
        ), summed as (
            select k.organization_id, k.dimension, (k.starts_at at time zone o.timezone)::date as day, k.key,
                   sum(case when k.rebooked then k.sign else 0 end) as rebooked_visits,
                   sum(case when k.first_visit and k.dimension = 3 then k.sign else 0 end) as first_visits
            from keyed k join organizations o on o.id = k.organization_id
            group by 1, 2, 3, 4
        )
        insert into visit_rollup_changes (organization_id, dimension, day, key, rebooked_visits, first_visits)
        select * from summed where (rebooked_visits, first_visits) <> (0, 0)
    $statement$, ctes, marks)
$$;

-- Recomputes the marks of some patients, rewriting only those that changed.
create function refresh_visit_marks(organization_ids text[], patient_ids text[])
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
    -- As for presence: the lock serializes writers of one patient, and the next statement's fresh
    -- snapshot reads what the first of them committed.
    perform 1
    from patients p
    join unnest(organization_ids, patient_ids) as w(organization_id, patient_id)
      on p.organization_id = w.organization_id and p.id = w.patient_id
    order by p.organization_id, p.id
    for no key update of p;

    execute visit_marks_rollup_statement(
        $ctes$
        wanted as (
            select distinct w.organization_id collate "C" as organization_id, w.patient_id collate "C" as patient_id
            from unnest($1::text[], $2::text[]) as w(organization_id, patient_id)
        ), fresh as (
            select * from visit_marks_of($1, $2)
        ), current as (
            select vm.organization_id, vm.appointment_id, vm.patient_id, vm.starts_at, vm.practitioner_id,
                   vm.appointment_type, vm.source, vm.first_visit, vm.rebooked
            from visit_marks vm
            join wanted w on vm.organization_id = w.organization_id and vm.patient_id = w.patient_id
        ), removed as (
            select * from current except select * from fresh
        ), added as (
            select * from fresh except select * from current
        ), deleted as (
            delete from visit_marks vm
            using removed r
            where vm.organization_id = r.organization_id and vm.appointment_id = r.appointment_id
              and vm.patient_id = r.patient_id and vm.starts_at = r.starts_at
              and vm.practitioner_id is not distinct from r.practitioner_id
              and vm.appointment_type is not distinct from r.appointment_type
              and vm.source = r.source and vm.first_visit = r.first_visit and vm.rebooked = r.rebooked
            returning vm.*
        ), inserted as (
            insert into visit_marks select * from added returning *
        )
        $ctes$,
        'select -1 as sign, d.* from deleted d union all select 1, i.* from inserted i')
    using organization_ids, patient_ids;
end;
$$;

-- Change notifications now say when the writing transaction began, so services can measure how
-- long a change takes to reach them (change_feed_lag_seconds). The transaction's start, not the
-- clock: identical notifications of one transaction still fold into one.
create or replace function notify_changed(changes text, source_table text)
returns text
language sql immutable
as $$
    select format(
        $statement$select pg_notify('clinic_analytics_changes',
                                    json_build_object('organization_id', organization_id, 'table', %L,
                                                      'at', now())::text)
                   from (select distinct organization_id from (%s) c) d$statement$,
        source_table, changes)
$$;

-- The appointments trigger, now also recording the visit rollups and the marks of every patient
-- a statement touched (marks depend on creation times and keys too, not only on who, when and
-- with which status, so any change refreshes them).
create or replace function appointments_changed()
returns trigger
language plpgsql
as $$
declare
    changes text := signed_changes(tg_op);
    patients text;
begin
    execute appointment_activity_statement(changes);
    execute visit_activity_statement(changes);
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
    execute format(
        'select refresh_visit_marks(array_agg(organization_id), array_agg(patient_id))
         from (select distinct organization_id, patient_id from (%s) c) p', changes);
    execute notify_changed(changes, 'appointments');
    return null;
end;
$$;

-- A practitioner's name shows in breakdowns: a change only needs the caches told.
create function practitioners_changed()
returns trigger
language plpgsql
as $$
begin
    execute notify_changed(signed_changes(tg_op), 'practitioners');
    return null;
end;
$$;
create trigger practitioners_changed_insert after insert on practitioners
    referencing new table as new_rows for each statement execute function practitioners_changed();
create trigger practitioners_changed_update after update on practitioners
    referencing old table as old_rows new table as new_rows for each statement execute function practitioners_changed();
create trigger practitioners_changed_delete after delete on practitioners
    referencing old table as old_rows for each statement execute function practitioners_changed();

-- Folding and rebuilding now cover both rollups: the daily ones keep their functions under new
-- names, and the names the service and the triggers call do both.
alter function fold_rollup_changes(text[]) rename to fold_daily_rollup_changes;
alter function rebuild_rollups(text[]) rename to rebuild_daily_rollups;

create function fold_visit_rollup_changes(organization_ids text[] default null)
returns bigint
language plpgsql
as $$
declare
    locked text[];
    folded bigint;
begin
    select array_agg(distinct organization_id order by organization_id) into locked
    from visit_rollup_changes
    where organization_ids is null or organization_id = any(organization_ids);
    if locked is null then
        return 0;
    end if;
    perform pg_advisory_xact_lock_shared(rollup_lock_key(id)) from unnest(locked) as id order by id;
    with moved as (
        delete from visit_rollup_changes where organization_id = any(locked) returning *
    ), summed as (
        select organization_id, dimension, day, key,
               sum(bookings) as bookings, sum(appointments) as appointments, sum(attended) as attended,
               sum(no_shows) as no_shows, sum(cancellations) as cancellations,
               sum(late_cancellations) as late_cancellations, sum(booked) as booked,
               sum(revenue_cents) as revenue_cents, sum(rebooked_visits) as rebooked_visits,
               sum(first_visits) as first_visits, count(*) as rows
        from moved
        group by organization_id, dimension, day, key
    ), upserted as (
        insert into visit_rollups as r
        select organization_id, dimension, day, key, bookings, appointments, attended, no_shows, cancellations,
               late_cancellations, booked, revenue_cents, rebooked_visits, first_visits
        from summed
        order by organization_id, dimension, day, key
        on conflict on constraint visit_rollups_key do update set
            bookings = r.bookings + excluded.bookings,
            appointments = r.appointments + excluded.appointments,
            attended = r.attended + excluded.attended,
            no_shows = r.no_shows + excluded.no_shows,
            cancellations = r.cancellations + excluded.cancellations,
            late_cancellations = r.late_cancellations + excluded.late_cancellations,
            booked = r.booked + excluded.booked,
            revenue_cents = r.revenue_cents + excluded.revenue_cents,
            rebooked_visits = r.rebooked_visits + excluded.rebooked_visits,
            first_visits = r.first_visits + excluded.first_visits
    )
    select coalesce(sum(rows), 0)::bigint into folded from summed;
    return folded;
end;
$$;

create function fold_rollup_changes(organization_ids text[] default null)
returns bigint
language sql
as $$
    select fold_daily_rollup_changes(organization_ids) + fold_visit_rollup_changes(organization_ids)
$$;

-- Rebuilds the visit rollups and marks of some organizations from their appointments; run by
-- rebuild_rollups, inside its locks.
create function rebuild_visit_rollups(organization_ids text[])
returns void
language plpgsql
as $$
declare
    patient_orgs text[];
    patient_ids text[];
begin
    delete from visit_rollups where organization_id = any(organization_ids);
    delete from visit_rollup_changes where organization_id = any(organization_ids);
    delete from visit_marks where organization_id = any(organization_ids);
    execute visit_activity_statement(
        'select 1 as sign, a.* from appointments a where a.organization_id = any($1)') using organization_ids;
    select array_agg(p.organization_id), array_agg(p.id) into patient_orgs, patient_ids
    from patients p where p.organization_id = any(organization_ids);
    execute visit_marks_rollup_statement(
        'inserted as (insert into visit_marks select * from visit_marks_of($1, $2) returning *)',
        'select 1 as sign, i.* from inserted i')
    using patient_orgs, patient_ids;
    -- Not the fold: it would wait for the advisory lock this transaction holds exclusively.
    with moved as (
        delete from visit_rollup_changes where organization_id = any(organization_ids) returning *
    )
    insert into visit_rollups
    select organization_id, dimension, day, key, sum(bookings), sum(appointments), sum(attended), sum(no_shows),
           sum(cancellations), sum(late_cancellations), sum(booked), sum(revenue_cents), sum(rebooked_visits),
           sum(first_visits)
    from moved
    group by organization_id, dimension, day, key
    order by organization_id, dimension, day, key;
end;
$$;

create function rebuild_rollups(organization_ids text[])
returns void
language plpgsql
as $$
begin
    perform rebuild_daily_rollups(organization_ids);
    perform rebuild_visit_rollups(organization_ids);
end;
$$;

-- Row-level security and the service's grants, as for every tenant table (0004).
do $$
declare
    tenant text;
begin
    foreach tenant in array array['practitioners', 'visit_rollups', 'visit_rollup_changes', 'visit_marks'] loop
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
    execute format(
        'alter function fold_rollup_changes(text[]) security definer set search_path = %I, pg_temp',
        current_schema());
end;
$$;
revoke execute on function fold_rollup_changes(text[]) from public;
grant execute on function fold_rollup_changes(text[]) to clinic_analytics_service;

-- Data that existed before this migration.
select rebuild_visit_rollups(array(select id from organizations));
