//! `GET /graphql/ws`: GraphQL subscriptions over WebSocket, in the graphql-transport-ws protocol, through
//! async-graphql-axum's `GraphQLWebSocket` (the protocol machine and transport) with `on_connection_init`
//! authenticating the client as HTTP does (`{"Authorization": "Bearer …"}`).
//!
//! What the library does not do is kept around it, on the same socket: server pings; verifying the credential again at
//! each ping, so a revoked API key loses its connection; closing when the token expires; a deadline for
//! `connection_init`; a cap on message and frame size; and close codes that say why. Every outgoing message passes
//! one channel to one writer, so the library's messages, the pings and the closes never interleave.

mod connection;
mod executor;

use std::sync::{Arc, LazyLock, OnceLock};
use std::time::Duration;

use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::FromRequestParts;
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::header::SEC_WEBSOCKET_PROTOCOL;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use chrono::Utc;
use futures_util::{SinkExt, StreamExt, future};
use tokio::sync::{Notify, mpsc};

pub use self::connection::LiveConnections;
use self::connection::{Established, connection_init};
use self::executor::LiveExecutor;
use super::negotiate::MediaType;
use super::state::AppState;
use crate::error::{ClientError, Error, REQUEST_ID, current_request_id};

/// The one subprotocol served: graphql-transport-ws (the `graphql-ws` library's protocol).
const SUBPROTOCOL: &str = "graphql-transport-ws";

/// The library's name for that subprotocol.
static TRANSPORT_WS: LazyLock<GraphQLProtocol> = LazyLock::new(|| {
    let request = axum::http::Request::builder()
        .header(SEC_WEBSOCKET_PROTOCOL, SUBPROTOCOL)
        .body(())
        .expect("a request with one header is valid");
    let mut parts = request.into_parts().0;
    futures_util::FutureExt::now_or_never(GraphQLProtocol::from_request_parts(&mut parts, &()))
        .expect("reading a header does not wait")
        .expect("async-graphql knows graphql-transport-ws")
});

/// The server's keep-alive, a graphql-transport-ws `ping` the client answers with a `pong`.
const PING: &str = r#"{"type":"ping"}"#;

/// Close codes of graphql-transport-ws, and WebSocket's own.
mod close {
    /// Credentials refused, expired or revoked. The `graphql-ws` client reconnects after it, asking its
    /// `connectionParams` again, which is how a dashboard picks up a refreshed token.
    pub const FORBIDDEN: u16 = 4403;
    /// A subscribe before `connection_init` was acknowledged (the client must not retry as it is).
    pub const UNAUTHORIZED: u16 = 4401;
    /// No `connection_init` in time.
    pub const INIT_TIMEOUT: u16 = 4408;
    /// A message larger than the server accepts.
    pub const TOO_BIG: u16 = 1009;
    /// The peer broke the WebSocket protocol.
    pub const PROTOCOL_ERROR: u16 = 1002;
    /// The caller holds as many connections as allowed.
    pub const TRY_AGAIN_LATER: u16 = 1013;
}

/// The codes a refused `connection_init` carries in its close reason.
const REFUSALS: [&str; 4] = ["UNAUTHORIZED", "FORBIDDEN", "MISSING_HEADER", "BAD_USER_INPUT"];

/// `GET /graphql/ws`: upgrades to a WebSocket speaking graphql-transport-ws.
pub async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let refused = |message: String| {
        let client = ClientError::of(&Error::BadUserInput(message));
        client.response(&client.graphql_body(), MediaType::Json.content_type())
    };
    let Ok(upgrade) = upgrade else {
        return refused(format!(
            "this endpoint serves GraphQL subscriptions over WebSocket ({SUBPROTOCOL}); send queries to POST /graphql"
        ));
    };
    let offered = headers
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|protocol| protocol.trim() == SUBPROTOCOL);
    if !offered {
        let mut response = refused(format!(
            "offer the WebSocket subprotocol `{SUBPROTOCOL}` (the graphql-ws library speaks it)"
        ));
        response
            .headers_mut()
            .insert(SEC_WEBSOCKET_PROTOCOL, HeaderValue::from_static(SUBPROTOCOL));
        return response;
    }
    // A frame may not claim more than a message may hold: the frame's buffer is reserved from its header.
    let largest = state.limits.max_body_bytes;
    let request_id = current_request_id().unwrap_or_else(|| Arc::from(""));
    upgrade
        .protocols([SUBPROTOCOL])
        .max_message_size(largest)
        .max_frame_size(largest)
        .on_upgrade(move |socket| REQUEST_ID.scope(request_id, serve(state, socket)))
}

/// Which timer ends a connection.
enum Deadline {
    /// `connection_init` did not come in time.
    Init,
    /// The credential expired.
    Expiry,
}

async fn serve(state: AppState, socket: WebSocket) {
    let settings = state.live.settings.clone();
    let (mut sink, stream) = socket.split();
    let (outgoing, mut to_send) = mpsc::channel::<Message>(32);
    let writer = tokio::spawn(async move {
        while let Some(message) = to_send.recv().await {
            let message = translated(message);
            let last = matches!(message, Message::Close(_));
            if sink.send(message).await.is_err() || last {
                break;
            }
        }
        let _ = sink.close().await;
    });

    let broken: Arc<OnceLock<String>> = Arc::default();
    let reading = broken.clone();
    let input = stream.inspect(move |message| {
        if let Err(error) = message {
            let _ = reading.set(error.to_string());
        }
    });
    let transport_sink = futures_util::sink::unfold(outgoing.clone(), |outgoing, message: Message| async move {
        outgoing.send(message).await.map(|()| outgoing)
    });
    let established: Arc<OnceLock<Established>> = Arc::default();
    let authenticated = established.clone();
    // Wakes the watch as the connection is established, so its deadline becomes the credential's.
    let initialized = Arc::new(Notify::new());
    let signal = initialized.clone();
    let init_state = state.clone();
    let transport = GraphQLWebSocket::new_with_pair(
        Box::pin(transport_sink),
        input,
        LiveExecutor::new(&state),
        *TRANSPORT_WS,
    )
    .on_connection_init(move |payload| async move {
        let (data, session) = connection_init(&init_state, &payload).await.map_err(|error| {
            // The close frame's reason carries the code, as HTTP's `extensions.code` does.
            async_graphql::Error::new(format!("{}: {}", error.code().as_str(), error.client_message()))
        })?;
        let _ = authenticated.set(session);
        signal.notify_one();
        Ok(data)
    })
    .keepalive_timeout(Duration::from_secs(settings.live_idle_timeout_seconds))
    .serve();

    let timing = Timing {
        ping_every: Duration::from_secs(settings.live_ping_interval_seconds.max(1)),
        init_within: Duration::from_secs(settings.live_init_timeout_seconds),
    };
    let watch = watch(&state, &established, &initialized, &outgoing, timing);
    tokio::select! {
        () = transport => {
            if let Some(error) = broken.get() {
                let code = if error.contains("too long") { close::TOO_BIG } else { close::PROTOCOL_ERROR };
                let _ = outgoing.send(closing(code, error)).await;
            }
        }
        () = watch => {}
    }
    drop(outgoing);
    let _ = writer.await;
}

/// How often a connection is pinged, and how long it has to send `connection_init`.
#[derive(Debug, Clone, Copy)]
struct Timing {
    ping_every: Duration,
    init_within: Duration,
}

/// Pings the client, verifies its credential at each ping and closes the connection when the credential is revoked,
/// expires, or `connection_init` never came; returns once it has sent a close. `initialized` wakes it when the
/// connection is established, so the deadline it waits for is the credential's from then on.
async fn watch(
    state: &AppState,
    established: &OnceLock<Established>,
    initialized: &Notify,
    outgoing: &mpsc::Sender<Message>,
    timing: Timing,
) {
    let start = tokio::time::Instant::now();
    let mut pings = tokio::time::interval_at(start + timing.ping_every, timing.ping_every);
    let init_deadline = start + timing.init_within;
    loop {
        // Decided before waiting, so that an init completing at the deadline is not taken for an expiry.
        let deadline = async {
            match established.get() {
                Some(Established {
                    expires_at: Some(at), ..
                }) => {
                    tokio::time::sleep((*at - Utc::now()).to_std().unwrap_or_default()).await;
                    Deadline::Expiry
                }
                Some(_) => future::pending().await,
                None => {
                    tokio::time::sleep_until(init_deadline).await;
                    Deadline::Init
                }
            }
        };
        let message = tokio::select! {
            () = initialized.notified() => continue,
            _ = pings.tick() => match established.get() {
                Some(session) if state.auth.verify(&session.token).await.is_err() => {
                    closing(close::FORBIDDEN, "UNAUTHORIZED: the credential is no longer valid")
                }
                _ => Message::Text(PING.into()),
            },
            ended = deadline => match ended {
                Deadline::Expiry => closing(close::FORBIDDEN, "UNAUTHORIZED: the token has expired"),
                Deadline::Init => closing(close::INIT_TIMEOUT, "Connection initialisation timeout"),
            },
        };
        let last = matches!(message, Message::Close(_));
        if outgoing.send(message).await.is_err() || last {
            return;
        }
    }
}

/// A close frame with `code` and `reason`.
fn closing(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: truncated(reason, 123).into(),
    }))
}

/// The library's close frames in graphql-transport-ws's codes: a refused `connection_init` (its protocol error 1002
/// with our coded reason) closes 4403, or 1013 when the caller holds too many connections; a subscribe before the
/// acknowledgement (its 1011) closes 4401.
fn translated(message: Message) -> Message {
    let Message::Close(Some(frame)) = &message else {
        return message;
    };
    let reason = frame.reason.as_str();
    let code = match frame.code {
        close::PROTOCOL_ERROR if reason.starts_with("RATE_LIMITED") => close::TRY_AGAIN_LATER,
        close::PROTOCOL_ERROR if REFUSALS.iter().any(|refusal| reason.starts_with(refusal)) => close::FORBIDDEN,
        1011 => close::UNAUTHORIZED,
        code => code,
    };
    closing(code, reason)
}

/// At most `limit` bytes of `text`, cut at a character boundary (a close frame's reason holds 123).
fn truncated(text: &str, limit: usize) -> &str {
    let mut end = text.len().min(limit);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(message: &Message) -> u16 {
        match message {
            Message::Close(Some(frame)) => frame.code,
            _ => 0,
        }
    }

    #[test]
    fn a_refused_connection_init_closes_forbidden_and_too_many_connections_closes_try_again_later() {
        let refused = translated(closing(1002, "UNAUTHORIZED: the token has expired"));
        let crowded = translated(closing(
            1002,
            "RATE_LIMITED: at most 20 connections per caller are allowed",
        ));
        let early = translated(closing(1011, "The handshake is not completed."));

        assert_eq!(code_of(&refused), close::FORBIDDEN);
        assert_eq!(code_of(&crowded), close::TRY_AGAIN_LATER);
        assert_eq!(code_of(&early), close::UNAUTHORIZED);
    }

    #[test]
    fn close_reasons_are_cut_at_a_character_boundary() {
        assert_eq!(truncated("ééé", 3), "é");
        assert_eq!(truncated("short", 123), "short");
    }
}
