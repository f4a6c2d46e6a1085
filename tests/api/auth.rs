//! Production sign-in: tokens signed by an identity provider's key set (served here by the test itself), and API
//! keys. Every bad credential answers UNAUTHORIZED before the database is asked anything.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use clinic_analytics::auth::api_keys::issue;
use clinic_analytics::auth::{Audience, Claims};
use clinic_analytics::db::api_keys;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use sqlx::PgPool;

use crate::app::{Answer, TestApp};
use crate::fixtures::{AS_OF, known_clinic};

const RSA_PRIVATE: &[u8] = include_bytes!("../fixtures/jwt/rsa_private.pem");
const RSA_PUBLIC: &[u8] = include_bytes!("../fixtures/jwt/rsa_public.pem");
const EC_PRIVATE: &[u8] = include_bytes!("../fixtures/jwt/ec_private.pem");
const ISSUER: &str = "https://clerk.clinic.example";
const AUDIENCE: &str = "clinic-dashboard";
const QUERY: &str = r#"query ($asOf: DateTime!) { organization(id: "org_known") { name
    bookingMetrics(timeframe: LAST_7_DAYS, asOf: $asOf) { totalBookings } } }"#;

/// The identity provider's key set endpoint, which the test can change, break, and count fetches of.
struct KeyServer {
    url: String,
    body: Arc<Mutex<String>>,
    fetches: Arc<AtomicUsize>,
    failing: Arc<AtomicBool>,
}

impl KeyServer {
    async fn start(keys: &[(&str, &[u8], Algorithm)]) -> Self {
        let body = Arc::new(Mutex::new(key_set(keys)));
        let fetches = Arc::new(AtomicUsize::new(0));
        let failing = Arc::new(AtomicBool::new(false));
        let (served, counted, broken) = (body.clone(), fetches.clone(), failing.clone());
        let router = Router::new().route(
            "/.well-known/jwks.json",
            get(move || {
                let (served, counted, broken) = (served.clone(), counted.clone(), broken.clone());
                async move {
                    counted.fetch_add(1, Ordering::SeqCst);
                    if broken.load(Ordering::SeqCst) {
                        return (StatusCode::INTERNAL_SERVER_ERROR, String::new());
                    }
                    (StatusCode::OK, served.lock().unwrap().clone())
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/.well-known/jwks.json", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self {
            url,
            body,
            fetches,
            failing,
        }
    }

    fn publish(&self, keys: &[(&str, &[u8], Algorithm)]) {
        *self.body.lock().unwrap() = key_set(keys);
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

fn encoding_key(pem: &[u8], algorithm: Algorithm) -> EncodingKey {
    match algorithm {
        Algorithm::ES256 => EncodingKey::from_ec_pem(pem).unwrap(),
        _ => EncodingKey::from_rsa_pem(pem).unwrap(),
    }
}

/// The public key set of private keys, each under its kid.
fn key_set(keys: &[(&str, &[u8], Algorithm)]) -> String {
    let keys = keys
        .iter()
        .map(|(kid, pem, algorithm)| {
            let mut jwk = Jwk::from_encoding_key(&encoding_key(pem, *algorithm), *algorithm).unwrap();
            jwk.common.key_id = Some((*kid).to_owned());
            jwk
        })
        .collect();
    serde_json::to_string(&JwkSet { keys }).unwrap()
}

/// Valid claims for the known clinic.
fn claims() -> Claims {
    Claims {
        sub: Some("user_2abc".into()),
        iss: Some(ISSUER.into()),
        aud: Some(Audience::One(AUDIENCE.into())),
        org_id: Some("org_known".into()),
        ..Claims::granting(&[], Utc::now() + chrono::Duration::minutes(5))
    }
}

fn sign(claims: &Claims, kid: &str, pem: &[u8], algorithm: Algorithm) -> String {
    let header = Header {
        kid: Some(kid.into()),
        ..Header::new(algorithm)
    };
    jsonwebtoken::encode(&header, claims, &encoding_key(pem, algorithm)).unwrap()
}

fn rs256(claims: &Claims) -> String {
    sign(claims, "rsa-1", RSA_PRIVATE, Algorithm::RS256)
}

/// A service verifying the key server's keys, with issuer and audience required.
async fn service(pool: PgPool, keys: &KeyServer, min_refresh_seconds: &str) -> TestApp {
    known_clinic(&pool).await;
    TestApp::with(
        pool,
        &[
            "--jwks-url",
            &keys.url,
            "--jwks-min-refresh-seconds",
            min_refresh_seconds,
            "--jwt-issuer",
            ISSUER,
            "--jwt-audience",
            AUDIENCE,
        ],
    )
    .await
}

async fn ask(app: &TestApp, token: &str) -> Answer {
    let bearer = format!("Bearer {token}");
    app.post(
        &[("authorization", &bearer), ("x-organization-id", "org_known")],
        json!({ "query": QUERY, "variables": { "asOf": AS_OF } }),
    )
    .await
}

/// Asks with a credential that must be refused, checking the database was not asked anything; returns the message.
async fn refused(app: &TestApp, token: &str) -> String {
    let statements = app.state.db.statements_issued();
    let answer = ask(app, token).await;
    assert_eq!(answer.status, 401, "{}", answer.body);
    assert_eq!(answer.error_codes(), ["UNAUTHORIZED"]);
    assert_eq!(app.state.db.statements_issued(), statements, "the database was asked");
    answer.body["errors"][0]["message"].as_str().unwrap().to_owned()
}

/// A token whose payload is replaced after signing.
fn tampered(token: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    let payload = Claims {
        org_ids: Some(vec!["org_known".into(), "org_other".into()]),
        ..claims()
    };
    let forged = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    format!("{}.{forged}.{}", parts[0], parts[2])
}

/// A token claiming no algorithm at all.
fn unsigned() -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT","kid":"rsa-1"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims()).unwrap());
    format!("{header}.{payload}.")
}

#[sqlx::test]
async fn rs256_and_es256_tokens_from_the_key_set_are_accepted(pool: PgPool) {
    let keys = KeyServer::start(&[
        ("rsa-1", RSA_PRIVATE, Algorithm::RS256),
        ("ec-1", EC_PRIVATE, Algorithm::ES256),
    ])
    .await;
    let app = service(pool, &keys, "300").await;

    let rsa = ask(&app, &rs256(&claims())).await;
    let ec = ask(&app, &sign(&claims(), "ec-1", EC_PRIVATE, Algorithm::ES256)).await;

    assert_eq!(rsa.status, 200, "{}", rsa.body);
    assert_eq!(rsa.data("/organization/bookingMetrics/totalBookings"), 4);
    assert_eq!(ec.status, 200, "{}", ec.body);
    assert_eq!(keys.fetches(), 1, "fetched once at start");
}

#[sqlx::test]
async fn every_bad_token_is_unauthorized_without_asking_the_database(pool: PgPool) {
    let keys = KeyServer::start(&[
        ("rsa-1", RSA_PRIVATE, Algorithm::RS256),
        ("ec-1", EC_PRIVATE, Algorithm::ES256),
    ])
    .await;
    let app = service(pool, &keys, "300").await;
    let now = Utc::now();
    let expired = Claims {
        exp: (now - chrono::Duration::minutes(5)).timestamp(),
        ..claims()
    };
    let not_yet_valid = Claims {
        nbf: Some((now + chrono::Duration::minutes(5)).timestamp()),
        ..claims()
    };
    let wrong_issuer = Claims {
        iss: Some("https://evil.example".into()),
        ..claims()
    };
    let wrong_audience = Claims {
        aud: Some(Audience::Many(vec!["billing".into()])),
        ..claims()
    };
    // The classic confusion: HS256 "signed" with the RSA public key, naming the RSA key.
    let hs256_with_public_key = jsonwebtoken::encode(
        &Header {
            kid: Some("rsa-1".into()),
            ..Header::new(Algorithm::HS256)
        },
        &claims(),
        &EncodingKey::from_secret(RSA_PUBLIC),
    )
    .unwrap();
    let rs256_naming_the_ec_key = sign(&claims(), "ec-1", RSA_PRIVATE, Algorithm::RS256);
    let without_exp = jsonwebtoken::encode(
        &Header {
            kid: Some("rsa-1".into()),
            ..Header::new(Algorithm::RS256)
        },
        &json!({ "sub": "user_2abc", "iss": ISSUER, "aud": AUDIENCE, "org_id": "org_known" }),
        &encoding_key(RSA_PRIVATE, Algorithm::RS256),
    )
    .unwrap();

    let cases = [
        (rs256(&expired), "the token has expired"),
        (rs256(&not_yet_valid), "the token is not valid yet (nbf)"),
        (rs256(&wrong_issuer), "the token's issuer is not accepted"),
        (rs256(&wrong_audience), "the token's audience is not accepted"),
        (
            sign(&claims(), "rsa-unknown", RSA_PRIVATE, Algorithm::RS256),
            "the token's signing key (kid) is not known",
        ),
        (unsigned(), "the token is malformed"),
        (hs256_with_public_key, "the token's signature does not verify"),
        (rs256_naming_the_ec_key, "the token's algorithm is not accepted"),
        (tampered(&rs256(&claims())), "the token's signature does not verify"),
        (without_exp, "the token lacks a required claim (exp)"),
        ("not-a-token".to_owned(), "the token is malformed"),
    ];
    for (token, expected) in cases {
        assert_eq!(refused(&app, &token).await, expected);
    }
}

#[sqlx::test]
async fn an_unknown_key_refreshes_the_key_set_at_most_once_per_interval_and_picks_up_a_rotation(pool: PgPool) {
    let keys = KeyServer::start(&[("rsa-1", RSA_PRIVATE, Algorithm::RS256)]).await;
    let app = service(pool, &keys, "1").await;
    let rotated = sign(&claims(), "ec-1", EC_PRIVATE, Algorithm::ES256);
    tokio::time::sleep(Duration::from_millis(1_100)).await;

    // Unknown: one fetch, then no more within the interval however many tokens name unknown keys.
    refused(&app, &rotated).await;
    refused(&app, &sign(&claims(), "other", RSA_PRIVATE, Algorithm::RS256)).await;
    let after_unknown = keys.fetches();
    keys.publish(&[
        ("rsa-1", RSA_PRIVATE, Algorithm::RS256),
        ("ec-1", EC_PRIVATE, Algorithm::ES256),
    ]);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let accepted = ask(&app, &rotated).await;

    assert_eq!(after_unknown, 2, "one fetch at start, one for the unknown keys");
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(keys.fetches(), 3);
}

#[sqlx::test]
async fn a_failing_key_set_endpoint_keeps_the_keys_already_known(pool: PgPool) {
    let keys = KeyServer::start(&[("rsa-1", RSA_PRIVATE, Algorithm::RS256)]).await;
    let app = service(pool, &keys, "300").await;
    keys.failing.store(true, Ordering::SeqCst);

    let refreshed = app.state.auth.key_set().unwrap().refresh().await;
    let answer = ask(&app, &rs256(&claims())).await;

    assert!(refreshed.is_err());
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[sqlx::test]
async fn an_api_key_grants_its_organizations_until_it_is_revoked(pool: PgPool) {
    known_clinic(&pool).await;
    let issued = issue().unwrap();
    api_keys::insert(
        &mut pool.acquire().await.unwrap(),
        &issued.id,
        &issued.digest,
        "reporting",
        &["org_known".into()],
    )
    .await
    .unwrap();
    let app = TestApp::new(pool.clone()).await;
    clinic_analytics::startup::start_background_tasks(&app.state);

    let accepted = ask(&app, &issued.key).await;
    let wrong_secret = format!("cak_{}_{}", issued.id, "A".repeat(32));
    let wrong_secret_message = refused(&app, &wrong_secret).await;
    api_keys::revoke(&mut pool.acquire().await.unwrap(), &issued.id)
        .await
        .unwrap();
    // The revocation reaches the service through the change notification.
    let mut answer = ask(&app, &issued.key).await;
    for _ in 0..40 {
        if answer.status == 401 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        answer = ask(&app, &issued.key).await;
    }

    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(accepted.data("/organization/name"), "Known Clinic");
    assert_eq!(wrong_secret_message, "the API key is not valid");
    assert_eq!(answer.status, 401, "not revoked within two seconds");
    assert_eq!(refused(&app, &issued.key).await, "the API key has been revoked");
}

#[sqlx::test]
async fn an_api_key_is_scoped_to_its_organizations(pool: PgPool) {
    known_clinic(&pool).await;
    let issued = issue().unwrap();
    api_keys::insert(
        &mut pool.acquire().await.unwrap(),
        &issued.id,
        &issued.digest,
        "",
        &["org_known".into()],
    )
    .await
    .unwrap();
    let app = TestApp::new(pool).await;

    let bearer = format!("Bearer {}", issued.key);
    let other = app
        .post(
            &[("authorization", &bearer), ("x-organization-id", "org_other")],
            json!({ "query": "{ organization(id: \"org_other\") { name } }" }),
        )
        .await;

    assert_eq!(other.status, 403);
    assert_eq!(other.error_codes(), ["FORBIDDEN"]);
}

#[sqlx::test]
async fn a_key_for_an_organization_that_does_not_exist_is_not_created(pool: PgPool) {
    let issued = issue().unwrap();

    let error = api_keys::insert(
        &mut pool.acquire().await.unwrap(),
        &issued.id,
        &issued.digest,
        "",
        &["org_nowhere".into()],
    )
    .await
    .unwrap_err();

    assert_eq!(error.to_string(), "no organization has the id org_nowhere");
}
