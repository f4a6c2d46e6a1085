-- Patients seen in a window whose length is not one of the kept presence spans (a calendar
-- month, a quarter, a leap year, a range of days) are counted live: the distinct patients with
-- a completed appointment starting in the window. This index answers that count from the index
-- alone (the visibility map permitting), without visiting the table's rows.
create index appointments_completed_visits_idx
    on appointments (organization_id, starts_at) include (patient_id)
    where status = 'completed';
