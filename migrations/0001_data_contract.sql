-- The data contract: the tables the clinic platform's sync writes and this service reads.
-- Names and meanings are relied on by outside writers (docs/DATA_CONTRACT.md); later
-- migrations may add indexes, tables, triggers and defaulted columns, never rename or
-- change these. Every key starts with organization_id so the schema can be distributed
-- by tenant. Every constraint is named, so a refused row says exactly which rule it broke.
-- Identifiers are opaque, so they compare byte-wise (collate "C"): keys, joins and index
-- builds then skip locale-aware comparison, which is several times slower.

-- A time zone is accepted when PostgreSQL knows it as an IANA zone name; the posix/ and
-- right/ trees and the placeholder zones of the system tz database are not zones a clinic
-- can be in, and the service computes local days with the IANA database as well.
create function is_iana_time_zone(zone text) returns boolean
language sql stable strict
as $$
    select zone !~ '^(posix|right)/'
       and zone not in ('posixrules', 'localtime', 'Factory')
       and exists (select 1 from pg_timezone_names where name = zone)
$$;

-- The active ISO 4217 currency codes. Kept as an immutable function rather than a table
-- so a CHECK can use it and the organizations table keeps no foreign key without
-- organization_id.
create function is_iso4217_currency(code text) returns boolean
language sql immutable strict
as $$
    select code = any (array[
        'AED','AFN','ALL','AMD','ANG','AOA','ARS','AUD','AWG','AZN','BAM','BBD','BDT','BGN',
        'BHD','BIF','BMD','BND','BOB','BRL','BSD','BTN','BWP','BYN','BZD','CAD','CDF','CHF',
        'CLP','CNY','COP','CRC','CUP','CVE','CZK','DJF','DKK','DOP','DZD','EGP','ERN','ETB',
        'EUR','FJD','FKP','GBP','GEL','GHS','GIP','GMD','GNF','GTQ','GYD','HKD','HNL','HTG',
        'HUF','IDR','ILS','INR','IQD','IRR','ISK','JMD','JOD','JPY','KES','KGS','KHR','KMF',
        'KPW','KRW','KWD','KYD','KZT','LAK','LBP','LKR','LRD','LSL','LYD','MAD','MDL','MGA',
        'MKD','MMK','MNT','MOP','MRU','MUR','MVR','MWK','MXN','MYR','MZN','NAD','NGN','NIO',
        'NOK','NPR','NZD','OMR','PAB','PEN','PGK','PHP','PKR','PLN','PYG','QAR','RON','RSD',
        'RUB','RWF','SAR','SBD','SCR','SDG','SEK','SGD','SHP','SLE','SOS','SRD','SSP','STN',
        'SVC','SYP','SZL','THB','TJS','TMT','TND','TOP','TRY','TTD','TWD','TZS','UAH','UGX',
        'USD','UYU','UZS','VES','VND','VUV','WST','XAF','XCD','XCG','XOF','XPF','YER','ZAR',
        'ZMW','ZWG'
    ])
$$;

create table organizations (
    id             text collate "C" not null,
    name           text             not null,
    timezone       text             not null default 'UTC',
    currency       text             not null default 'AUD',
    created_at     timestamptz      not null default now(),
    last_synced_at timestamptz,
    constraint organizations_pkey primary key (id),
    constraint organizations_id_not_blank check (btrim(id) <> ''),
    constraint organizations_name_not_blank check (btrim(name) <> ''),
    constraint organizations_timezone_known check (is_iana_time_zone(timezone)),
    constraint organizations_currency_iso4217 check (is_iso4217_currency(currency))
);

create table patients (
    organization_id text collate "C" not null,
    id              text collate "C" not null,
    created_at      timestamptz      not null,
    constraint patients_pkey primary key (organization_id, id),
    constraint patients_organization_fkey foreign key (organization_id) references organizations (id),
    constraint patients_id_not_blank check (btrim(id) <> '')
);

create table appointments (
    organization_id  text collate "C" not null,
    id               text collate "C" not null,
    patient_id       text collate "C" not null,
    created_at       timestamptz      not null,
    starts_at        timestamptz      not null,
    ends_at          timestamptz,
    status           text             not null,
    source           text             not null,
    revenue_cents    bigint           not null default 0,
    appointment_type text,
    practitioner_id  text,
    constraint appointments_pkey primary key (organization_id, id),
    constraint appointments_patient_fkey foreign key (organization_id, patient_id)
        references patients (organization_id, id),
    constraint appointments_id_not_blank check (btrim(id) <> ''),
    constraint appointments_status_known
        check (status in ('booked', 'completed', 'cancelled', 'no_show')),
    constraint appointments_source_known
        check (source in ('manual', 'online', 'ai_agent', 'automation')),
    constraint appointments_revenue_not_negative check (revenue_cents >= 0),
    constraint appointments_ends_not_before_start check (ends_at is null or ends_at >= starts_at)
);

create table outreach_attempts (
    organization_id text collate "C" not null,
    id              text collate "C" not null,
    patient_id      text collate "C" not null,
    sent_at         timestamptz      not null,
    channel         text             not null,
    automated       boolean          not null default true,
    outcome         text             not null,
    constraint outreach_attempts_pkey primary key (organization_id, id),
    constraint outreach_attempts_patient_fkey foreign key (organization_id, patient_id)
        references patients (organization_id, id),
    constraint outreach_attempts_id_not_blank check (btrim(id) <> ''),
    constraint outreach_attempts_channel_known check (channel in ('sms', 'email', 'call', 'chat')),
    constraint outreach_attempts_outcome_known
        check (outcome in ('pending', 'delivered', 'responded', 'booked', 'failed'))
);

create table automation_costs (
    organization_id text collate "C" not null,
    id              text collate "C" not null,
    period_start    date             not null,
    period_end      date             not null,
    amount_cents    bigint           not null,
    description     text,
    constraint automation_costs_pkey primary key (organization_id, id),
    constraint automation_costs_organization_fkey foreign key (organization_id)
        references organizations (id),
    constraint automation_costs_id_not_blank check (btrim(id) <> ''),
    constraint automation_costs_period_ordered check (period_end >= period_start),
    constraint automation_costs_amount_not_negative check (amount_cents >= 0)
);

-- The metric definitions filter each table by organization and one timestamp; these
-- indexes serve those range scans. appointments (organization_id, patient_id, starts_at)
-- also backs the foreign key, so deleting a patient does not scan every appointment.
create index patients_created_at_idx on patients (organization_id, created_at);
create index appointments_created_at_idx on appointments (organization_id, created_at);
create index appointments_starts_at_idx on appointments (organization_id, starts_at);
create index appointments_patient_idx on appointments (organization_id, patient_id, starts_at);
create index outreach_attempts_sent_at_idx on outreach_attempts (organization_id, sent_at);
create index outreach_attempts_patient_idx on outreach_attempts (organization_id, patient_id);
create index automation_costs_period_idx on automation_costs (organization_id, period_start);
