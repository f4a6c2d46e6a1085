//! Live updates over WebSocket (graphql-transport-ws): a committed write reaches a subscriber within a second, only
//! its own organizations' changes reach it, bulk syncs arrive as a handful of updates, and connections are
//! authenticated, limited, pinged and closed when their token expires.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::Utc;
use clinic_analytics::auth::{Claims, mint_hs256};
use clinic_analytics::config::Secret;
use clinic_analytics::dashboard::FeedEvent;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use sqlx::PgPool;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::app::{SECRET, TestApp};
use crate::fixtures::{known_clinic, sydney_clinic, sync_outreach_in_batches};

const SUBSCRIPTION: &str = "subscription($org: ID!) { dashboardUpdated(organizationId: $org) { organizationId changedAt groups tables reason mergedChanges } }";

/// What the server sent, as the client sees it.
#[derive(Debug)]
enum Heard {
    Message(Value),
    Closed { code: u16, reason: String },
}

/// A graphql-transport-ws client that answers the server's pings.
struct LiveClient {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pings: u32,
}

impl LiveClient {
    async fn connect(address: SocketAddr) -> Self {
        let mut request = format!("ws://{address}/graphql/ws").into_client_request().unwrap();
        request
            .headers_mut()
            .insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
        let (socket, response) = tokio_tungstenite::connect_async(request).await.unwrap();
        assert_eq!(response.headers()["sec-websocket-protocol"], "graphql-transport-ws");
        Self { socket, pings: 0 }
    }

    async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
    }

    /// Sends `connection_init` with `payload`; the first thing heard back.
    async fn init(&mut self, payload: Value) -> Heard {
        self.send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        self.next(Duration::from_secs(5))
            .await
            .expect("an answer to connection_init")
    }

    /// Connects and authenticates with a token granting `organizations`.
    async fn granted(address: SocketAddr, organizations: &[&str]) -> Self {
        let mut client = Self::connect(address).await;
        let ack = client
            .init(json!({ "Authorization": format!("Bearer {}", TestApp::token(organizations)) }))
            .await;
        assert!(
            matches!(&ack, Heard::Message(m) if m["type"] == "connection_ack"),
            "{ack:?}"
        );
        client
    }

    async fn subscribe(&mut self, id: &str, organization: &str) {
        self.send(json!({ "id": id, "type": "subscribe",
                          "payload": { "query": SUBSCRIPTION, "variables": { "org": organization } } }))
            .await;
    }

    /// The next message other than a ping (which is answered), or None when nothing comes within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Heard> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.socket.next()).await.ok()??;
            match frame {
                Ok(Message::Text(text)) => {
                    let message: Value = serde_json::from_str(&text).unwrap();
                    if message["type"] == "ping" {
                        self.pings += 1;
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return Some(Heard::Message(message));
                }
                Ok(Message::Close(frame)) => {
                    let (code, reason) = frame.map_or((1005, String::new()), |f| (f.code.into(), f.reason.to_string()));
                    return Some(Heard::Closed { code, reason });
                }
                Ok(_) => continue,
                Err(_) => {
                    return Some(Heard::Closed {
                        code: 1006,
                        reason: String::new(),
                    });
                }
            }
        }
    }

    /// The updates heard within `wait`.
    async fn updates(&mut self, wait: Duration) -> Vec<Value> {
        let deadline = Instant::now() + wait;
        let mut updates = Vec::new();
        while let Some(remaining) = deadline.checked_duration_since(Instant::now()) {
            match self.next(remaining).await {
                Some(Heard::Message(message)) if message["type"] == "next" => {
                    updates.push(message["payload"]["data"]["dashboardUpdated"].clone())
                }
                Some(heard) => panic!("expected updates, heard {heard:?}"),
                None => break,
            }
        }
        updates
    }
}

/// The service with its change listener running, served on a loopback port.
async fn live_service(pool: &PgPool, extra: &[&str]) -> (TestApp, SocketAddr) {
    known_clinic(pool).await;
    sydney_clinic(pool).await;
    let app = TestApp::with(pool.clone(), extra).await;
    let mut feed = app.state.dashboard.feed().subscribe();
    clinic_analytics::startup::listen_for_changes(&app.state);
    // The listener announces a resync once it is connected: from then on every write is heard, and no subscriber
    // will see that first resync.
    let connected = tokio::time::timeout(Duration::from_secs(10), feed.recv()).await;
    assert!(matches!(connected, Ok(Ok(FeedEvent::Resync { .. }))), "{connected:?}");
    let address = app.serve_on_loopback().await;
    (app, address)
}

async fn book(pool: &PgPool, organization: &str, patient: &str, id: &str) {
    sqlx::query(
        "insert into appointments (organization_id, id, patient_id, created_at, starts_at, status, source)
         values ($1, $2, $3, now(), now() + interval '1 day', 'booked', 'online')",
    )
    .bind(organization)
    .bind(id)
    .bind(patient)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test]
async fn a_subscriber_hears_of_a_committed_write_within_a_second_and_never_of_another_organizations(pool: PgPool) {
    let (_app, address) = live_service(&pool, &[]).await;
    let mut known = LiveClient::granted(address, &["org_known"]).await;
    let mut sydney = LiveClient::granted(address, &["org_known", "org_syd"]).await;
    known.subscribe("1", "org_known").await;
    sydney.subscribe("1", "org_syd").await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    book(&pool, "org_syd", "s1", "live_syd").await;
    let heard_by_sydney = sydney.updates(Duration::from_millis(1_500)).await;
    let heard_by_known_of_sydney = known.updates(Duration::from_millis(100)).await;
    book(&pool, "org_known", "p1", "live_known").await;
    let committed = Instant::now();
    let first = known.next(Duration::from_secs(1)).await;
    let latency = committed.elapsed();

    assert_eq!(heard_by_sydney.len(), 1, "{heard_by_sydney:?}");
    assert_eq!(heard_by_sydney[0]["organizationId"], "org_syd");
    assert_eq!(heard_by_known_of_sydney, Vec::<Value>::new());
    let Some(Heard::Message(message)) = first else {
        panic!("no update within a second of the write: {first:?}");
    };
    assert!(latency < Duration::from_secs(1), "{latency:?}");
    let update = &message["payload"]["data"]["dashboardUpdated"];
    assert_eq!(message["id"], "1");
    assert_eq!(update["organizationId"], "org_known");
    assert_eq!(update["reason"], "CHANGED");
    assert_eq!(update["tables"], json!(["appointments"]));
    assert_eq!(update["mergedChanges"], 1);
    assert_eq!(
        update["groups"],
        json!([
            "BOOKING_METRICS",
            "PATIENT_METRICS",
            "FINANCIAL_METRICS",
            "AUTOMATION_METRICS",
            "CHARTS",
            "SUMMARY",
            "REENGAGEMENT",
            "UPCOMING_APPOINTMENTS",
            "VISIT_OUTCOMES",
            "RETENTION",
            "BREAKDOWN"
        ])
    );
    let changed_at = chrono::DateTime::parse_from_rfc3339(update["changedAt"].as_str().unwrap()).unwrap();
    assert!((Utc::now() - changed_at.with_timezone(&Utc)).num_seconds().abs() < 5);
}

#[sqlx::test]
async fn a_bulk_sync_reaches_a_subscriber_as_a_handful_of_merged_updates(pool: PgPool) {
    let (_app, address) = live_service(&pool, &[]).await;
    let mut client = LiveClient::granted(address, &["org_known"]).await;
    client.subscribe("bulk", "org_known").await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    sync_outreach_in_batches(&pool, 20, 5_000).await;
    let updates = client.updates(Duration::from_secs(3)).await;

    assert!(
        (1..=5).contains(&updates.len()),
        "{} updates: {updates:?}",
        updates.len()
    );
    for update in &updates {
        assert_eq!(update["groups"], json!(["AUTOMATION_METRICS", "CHARTS"]));
        assert_eq!(update["tables"], json!(["outreach_attempts"]));
    }
}

fn expired_token() -> String {
    mint_hs256(
        &Secret::new(SECRET),
        &Claims::granting(&["org_known"], Utc::now() - chrono::Duration::hours(1)),
    )
    .unwrap()
}

#[sqlx::test]
async fn connection_init_refuses_what_http_refuses(pool: PgPool) {
    let (_app, address) = live_service(&pool, &[]).await;
    let bearer = format!("Bearer {}", TestApp::token(&["org_known"]));
    let cases = [
        (json!({}), "UNAUTHORIZED"),
        (json!({ "Authorization": "Bearer not-a-token" }), "UNAUTHORIZED"),
        (
            json!({ "Authorization": format!("Bearer {}", expired_token()) }),
            "UNAUTHORIZED",
        ),
        (json!({ "Authorization": "Basic dXNlcjpwYXNz" }), "UNAUTHORIZED"),
        (
            json!({ "Authorization": bearer, "X-Organization-ID": "org_syd" }),
            "FORBIDDEN",
        ),
    ];

    for (payload, code) in cases {
        let mut client = LiveClient::connect(address).await;
        let heard = client.init(payload.clone()).await;

        let Heard::Closed {
            code: close_code,
            reason,
        } = heard
        else {
            panic!("{payload} was accepted: {heard:?}");
        };
        assert_eq!(close_code, 4403, "{payload}: {reason}");
        assert!(reason.starts_with(code), "{payload}: {reason}");
    }
}

#[sqlx::test]
async fn a_connection_may_only_subscribe_to_organizations_its_token_grants_and_only_after_init(pool: PgPool) {
    let (_app, address) = live_service(&pool, &[]).await;
    let mut granted = LiveClient::granted(address, &["org_known"]).await;
    let mut uninitialised = LiveClient::connect(address).await;

    granted.subscribe("other", "org_syd").await;
    let refused = granted.next(Duration::from_secs(2)).await;
    uninitialised.subscribe("early", "org_known").await;
    let closed = uninitialised.next(Duration::from_secs(2)).await;

    // async-graphql answers a subscription that fails to start with a result carrying the error, then completes it.
    let Some(Heard::Message(error)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(error["type"], "next");
    assert_eq!(error["id"], "other");
    assert_eq!(error["payload"]["data"], Value::Null);
    assert_eq!(error["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN");
    assert!(matches!(closed, Some(Heard::Closed { code: 4401, .. })), "{closed:?}");
}

#[sqlx::test]
async fn a_caller_holds_a_limited_number_of_connections_and_each_a_limited_number_of_subscriptions(pool: PgPool) {
    let (_app, address) = live_service(
        &pool,
        &[
            "--live-max-connections-per-caller",
            "1",
            "--live-max-subscriptions-per-connection",
            "2",
        ],
    )
    .await;
    let mut first = LiveClient::granted(address, &["org_known"]).await;
    first.subscribe("a", "org_known").await;
    first.subscribe("b", "org_known").await;
    // Subscriptions start when the connection polls them; let the first two start before the third asks.
    tokio::time::sleep(Duration::from_millis(200)).await;
    first.subscribe("c", "org_known").await;
    let third = first.next(Duration::from_secs(2)).await;
    let mut second = LiveClient::connect(address).await;
    let crowded = second
        .init(json!({ "Authorization": format!("Bearer {}", TestApp::token(&["org_known"])) }))
        .await;
    drop(first);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after_close = LiveClient::granted(address, &["org_known"]).await;

    let Some(Heard::Message(error)) = third else {
        panic!("{third:?}")
    };
    assert_eq!(error["id"], "c", "{error}");
    assert_eq!(error["payload"]["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    assert_eq!(
        error["payload"]["errors"][0]["extensions"]["details"],
        json!({ "limit": "subscriptions_per_connection", "maximum": 2 })
    );
    assert!(
        matches!(&crowded, Heard::Closed { code: 1013, reason } if reason.starts_with("RATE_LIMITED")),
        "{crowded:?}"
    );
    drop(after_close);
}

// Closed with 4403, which the graphql-ws client retries, asking its connectionParams for a fresh token.
#[sqlx::test]
async fn the_server_pings_idle_connections_and_closes_them_when_the_token_expires(pool: PgPool) {
    let (_app, address) = live_service(&pool, &["--live-ping-interval-seconds", "1"]).await;
    let expires_in_three_seconds = mint_hs256(
        &Secret::new(SECRET),
        // Verification allows 30 seconds of clock leeway past `exp`, and so does the connection.
        &Claims::granting(&["org_known"], Utc::now() - chrono::Duration::seconds(27)),
    )
    .unwrap();
    let mut client = LiveClient::connect(address).await;
    let ack = client
        .init(json!({ "Authorization": format!("Bearer {expires_in_three_seconds}") }))
        .await;
    client.subscribe("1", "org_known").await;

    let closed = client.next(Duration::from_secs(6)).await;

    assert!(
        matches!(&ack, Heard::Message(m) if m["type"] == "connection_ack"),
        "{ack:?}"
    );
    assert!(client.pings >= 1, "{} pings", client.pings);
    assert!(
        matches!(&closed, Some(Heard::Closed { code: 4403, reason }) if reason.contains("expired")),
        "{closed:?}"
    );
}

#[sqlx::test]
async fn an_established_connection_outlives_the_init_deadline_and_a_silent_one_is_closed_at_it(pool: PgPool) {
    // Pings far apart: nothing but the deadline itself may end or keep the connections.
    let settings = ["--live-init-timeout-seconds", "1", "--live-ping-interval-seconds", "30"];
    let (_app, address) = live_service(&pool, &settings).await;
    let mut established = LiveClient::granted(address, &["org_known"]).await;
    let mut silent = LiveClient::connect(address).await;
    established.subscribe("1", "org_known").await;

    let heard_by_established = established.next(Duration::from_secs(3)).await;
    let heard_by_silent = silent.next(Duration::from_secs(3)).await;

    assert!(heard_by_established.is_none(), "{heard_by_established:?}");
    assert!(
        matches!(&heard_by_silent, Some(Heard::Closed { code: 4408, .. })),
        "{heard_by_silent:?}"
    );
}

#[sqlx::test]
async fn a_subscription_sent_over_http_is_refused_with_a_code(pool: PgPool) {
    known_clinic(&pool).await;
    let app = TestApp::new(pool).await;

    let answer = app
        .query_granted(&["org_known"], "org_known", SUBSCRIPTION, json!({ "org": "org_known" }))
        .await;

    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(answer.error_codes(), vec!["BAD_USER_INPUT"]);
}

#[sqlx::test]
async fn a_plain_get_or_another_subprotocol_is_told_how_to_connect(pool: PgPool) {
    let (app, address) = live_service(&pool, &[]).await;
    let mut legacy = format!("ws://{address}/graphql/ws").into_client_request().unwrap();
    legacy
        .headers_mut()
        .insert("sec-websocket-protocol", "graphql-ws".parse().unwrap());

    let plain = app.get("/graphql/ws").await;
    let refused = tokio_tungstenite::connect_async(legacy).await;

    assert_eq!(plain.status, 400);
    assert_eq!(plain.error_codes(), vec!["BAD_USER_INPUT"]);
    let Err(tokio_tungstenite::tungstenite::Error::Http(response)) = refused else {
        panic!("a client speaking only the legacy protocol was upgraded");
    };
    assert_eq!(response.status(), 400);
}

#[sqlx::test]
async fn documents_over_the_websocket_meet_the_http_limits_and_queries_are_sent_to_http(pool: PgPool) {
    let (_app, address) = live_service(&pool, &[]).await;
    let mut client = LiveClient::granted(address, &["org_known"]).await;
    let nested = format!("subscription {}{}", "{ a ".repeat(3_000), "}".repeat(3_000));
    let aliased = format!(
        "subscription {{ {} }}",
        (0..60)
            .map(|i| format!("a{i}: dashboardUpdated(organizationId: \"org_known\") {{ reason }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );

    let mut codes = Vec::new();
    for (id, query) in [
        ("nested", nested.as_str()),
        ("aliased", &aliased),
        ("query", "{ organizations { name } }"),
    ] {
        client
            .send(json!({ "id": id, "type": "subscribe", "payload": { "query": query } }))
            .await;
        let Some(Heard::Message(answer)) = client.next(Duration::from_secs(5)).await else {
            panic!("no answer to {id}");
        };
        assert_eq!(answer["id"], id);
        codes.push(answer["payload"]["errors"][0]["extensions"]["code"].clone());
        let complete = client.next(Duration::from_secs(5)).await;
        assert!(
            matches!(&complete, Some(Heard::Message(m)) if m["type"] == "complete"),
            "{complete:?}"
        );
    }
    let mut oversized = LiveClient::granted(address, &["org_known"]).await;
    let huge = "#".repeat(100_000);
    oversized
        .send(json!({ "id": "huge", "type": "subscribe", "payload": { "query": huge } }))
        .await;
    let closed = oversized.next(Duration::from_secs(5)).await;

    assert_eq!(
        codes,
        vec![
            json!("QUERY_LIMIT_EXCEEDED"),
            json!("QUERY_LIMIT_EXCEEDED"),
            json!("BAD_USER_INPUT")
        ]
    );
    assert!(matches!(closed, Some(Heard::Closed { code: 1009, .. })), "{closed:?}");
}

#[sqlx::test]
async fn a_revoked_api_key_loses_its_connection_at_the_next_ping(pool: PgPool) {
    let (app, address) = live_service(&pool, &["--live-ping-interval-seconds", "1"]).await;
    app.state.auth.keep_keys_fresh(app.state.db.clone());
    let issued = clinic_analytics::auth::api_keys::issue().unwrap();
    let mut owner = pool.acquire().await.unwrap();
    clinic_analytics::db::api_keys::insert(&mut owner, &issued.id, &issued.digest, "live", &["org_known".into()])
        .await
        .unwrap();
    app.state.auth.api_keys().reload(&app.state.db).await.unwrap();
    let mut client = LiveClient::connect(address).await;
    let ack = client
        .init(json!({ "Authorization": format!("Bearer {}", issued.key) }))
        .await;

    clinic_analytics::db::api_keys::revoke(&mut owner, &issued.id)
        .await
        .unwrap();
    let closed = client.next(Duration::from_secs(5)).await;

    assert!(
        matches!(&ack, Heard::Message(m) if m["type"] == "connection_ack"),
        "{ack:?}"
    );
    assert!(
        matches!(&closed, Some(Heard::Closed { code: 4403, reason }) if reason.contains("no longer valid")),
        "{closed:?}"
    );
}
