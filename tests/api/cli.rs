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
