//! The command line: wrong input gets one clear line and a non-zero exit, never a panic.

use std::process::{Command, Output};

fn run(args: &[&str], database_url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clinic-analytics"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("ADMIN_DATABASE_URL", database_url)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_unreachable_database_is_named_with_its_password_masked_and_a_hint() {
    let output = run(
        &["migrate"],
        "postgres://clinic:hunter2secret@127.0.0.1:1/clinic_analytics",
    );

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        message
            .starts_with("error: cannot connect to PostgreSQL at postgres://clinic:****@127.0.0.1:1/clinic_analytics"),
        "{message}"
    );
    assert!(message.contains("Start PostgreSQL"));
    assert!(!message.contains("hunter2secret"));
    assert!(!message.contains("panicked"));
}

#[test]
fn a_missing_database_says_how_to_create_it() {
    let output = run(
        &["seed"],
        "postgres://postgres@127.0.0.1:5432/clinic_analytics_does_not_exist",
    );

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        message.contains(
            "database \"clinic_analytics_does_not_exist\" does not exist at postgres://postgres@127.0.0.1:5432/clinic_analytics_does_not_exist: run `clinic-analytics migrate`"
        ),
        "{message}"
    );
}

#[test]
fn an_unknown_time_zone_is_refused_before_anything_runs() {
    let output = run(
        &["seed", "--orgs", "1", "--timezone", "Mars/Olympus_Mons"],
        "postgres://127.0.0.1:1/x",
    );

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        message.contains("unknown time zone 'Mars/Olympus_Mons': use an IANA name"),
        "{message}"
    );
    assert!(!message.contains("cannot connect"));
}

#[test]
fn nonsense_flags_are_refused_with_usage() {
    let output = run(&["seed", "--orgs", "many"], "postgres://127.0.0.1:1/x");

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        message.contains("invalid value 'many' for '--orgs <ORGS>'"),
        "{message}"
    );
    assert!(!message.contains("panicked"));
}

#[test]
fn a_malformed_database_url_is_refused_with_the_expected_shape() {
    let output = run(&["migrate"], "mysql//nonsense");

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        message.contains("expected postgres://user[:password]@host:port/database"),
        "{message}"
    );
}

#[sqlx::test]
async fn api_keys_are_created_shown_once_listed_without_their_secret_and_revoked(
    _: sqlx::postgres::PgPoolOptions,
    connect: sqlx::postgres::PgConnectOptions,
) {
    let admin_url = format!(
        "postgres://{}@127.0.0.1:5432/{}",
        connect.get_username(),
        connect.get_database().unwrap()
    );
    let pool = sqlx::PgPool::connect_with(connect).await.unwrap();
    crate::fixtures::known_clinic(&pool).await;

    let created = run(
        &["api-key", "create", "--org", "org_known", "--name", "nightly export"],
        &admin_url,
    );
    let key = String::from_utf8_lossy(&created.stdout).trim().to_owned();
    let id = key.split('_').nth(1).unwrap_or_default().to_owned();
    let listed = run(&["api-key", "list", "--org", "org_known"], &admin_url);
    let revoked = run(&["api-key", "revoke", &id], &admin_url);
    let revoked_again = run(&["api-key", "revoke", &id], &admin_url);
    let unknown_org = run(&["api-key", "create", "--org", "org_nowhere"], &admin_url);

    assert_eq!(created.status.code(), Some(0), "{}", stderr(&created));
    assert!(key.starts_with("cak_") && key.len() == 53, "{key}");
    let listing = String::from_utf8_lossy(&listed.stdout);
    assert!(listing.contains(&id) && listing.contains("nightly export") && listing.contains("org_known"));
    assert!(!listing.contains(&key), "the key itself is never listed");
    assert_eq!(revoked.status.code(), Some(0), "{}", stderr(&revoked));
    assert_eq!(revoked_again.status.code(), Some(1));
    assert!(stderr(&revoked_again).contains(&format!("no unrevoked API key has the id {id}")));
    assert_eq!(unknown_org.status.code(), Some(1));
    assert!(stderr(&unknown_org).contains("no organization has the id org_nowhere"));
}
