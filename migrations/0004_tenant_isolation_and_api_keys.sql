-- Tenant isolation in depth, and API keys.
--
-- The service connects as a member of clinic_analytics_service: a role that owns nothing, is
-- neither superuser nor BYPASSRLS, and may only SELECT. Every table carrying an organization
-- has row-level security enabled and forced; the service's policy shows only the rows of the
-- organizations granted to the current request, which the service sets per transaction with
-- set_config('clinic_analytics.organization_ids', <text[]>, true). A statement run without that
-- setting sees nothing. The owner (who runs these migrations, and the sync that writes as the
-- owner or a member of it) keeps a policy for every row, so writes and maintenance are unchanged.

-- The group role the service's login role belongs to. A database owner without CREATEROLE has a
-- DBA create it first (docs/SECURITY.md); creating it here is skipped when it exists. Concurrent
-- migrations of two databases of one cluster may race to create it: the loser carries on.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'clinic_analytics_service') then
        create role clinic_analytics_service nologin nosuperuser nobypassrls nocreatedb nocreaterole;
    end if;
exception when duplicate_object or unique_violation then
    null;
end;
$$;

-- The organizations granted to the current transaction; none when the setting is absent or empty.
-- A malformed setting fails the statement rather than widening it.
create function granted_organization_ids()
returns text[]
language sql stable parallel safe
as $$
    select coalesce(nullif(current_setting('clinic_analytics.organization_ids', true), '')::text[], '{}')
$$;

do $$
declare
    tenant record;
begin
    for tenant in
        select * from (values
            ('organizations', 'id'),
            ('patients', 'organization_id'),
            ('appointments', 'organization_id'),
            ('outreach_attempts', 'organization_id'),
            ('automation_costs', 'organization_id'),
            ('daily_rollups', 'organization_id'),
            ('daily_rollup_changes', 'organization_id'),
            ('patient_presence', 'organization_id')
        ) as t(name, organization_column)
    loop
        execute format('alter table %I enable row level security', tenant.name);
        execute format('alter table %I force row level security', tenant.name);
        execute format(
            'create policy owner_maintains_every_row on %I to %I using (true) with check (true)',
            tenant.name, current_user);
        -- The sub-select makes the grant an InitPlan, read once per statement rather than per row.
        execute format(
            'create policy service_reads_granted_organizations on %I for select to clinic_analytics_service
                 using (%I = any ((select granted_organization_ids())::text[]))',
            tenant.name, tenant.organization_column);
        execute format('grant select on %I to clinic_analytics_service', tenant.name);
    end loop;
end;
$$;

-- Readiness compares the applied migrations with the binary's.
grant select on _sqlx_migrations to clinic_analytics_service;

-- Folding is maintenance the service runs for every organization: it runs as the owner, with a
-- pinned search path so a caller cannot substitute the tables it writes.
do $$
begin
    execute format(
        'alter function fold_rollup_changes(text[]) security definer set search_path = %I, pg_temp',
        current_schema());
end;
$$;
revoke execute on function fold_rollup_changes(text[]) from public;
grant execute on function fold_rollup_changes(text[]) to clinic_analytics_service;

-- API keys for server-to-server callers. The key is shown once when created; only the SHA-256
-- digest of its secret part is kept. A key grants one or more organizations.
create table api_keys (
    id               text collate "C"   not null,
    name             text               not null default '',
    organization_ids text[] collate "C" not null,
    digest           bytea              not null,
    created_at       timestamptz        not null default now(),
    revoked_at       timestamptz,
    constraint api_keys_pkey primary key (id),
    constraint api_keys_id_format check (id ~ '^[A-Za-z0-9]{16}$'),
    constraint api_keys_digest_is_sha256 check (octet_length(digest) = 32),
    constraint api_keys_grant_organizations check (cardinality(organization_ids) > 0)
);

-- The service verifies keys from memory: it reads them all (never their names) and reloads them
-- when this channel says they changed.
grant select (id, organization_ids, digest, revoked_at) on api_keys to clinic_analytics_service;

create function api_keys_changed()
returns trigger
language plpgsql
as $$
begin
    perform pg_notify('clinic_analytics_api_keys', '');
    return null;
end;
$$;

create trigger api_keys_changed after insert or update or delete or truncate on api_keys
    for each statement execute function api_keys_changed();
