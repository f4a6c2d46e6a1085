//! `GET /graphql/ws`: GraphQL subscriptions over WebSocket, in the graphql-transport-ws protocol. The client
//! authenticates in `connection_init` (`{"Authorization": "Bearer …"}`, the same credentials as HTTP). Around
//! async-graphql's protocol machine, this loop adds what it does not do: server pings, closing silent connections, a
//! deadline for `connection_init`, closing when the credential expires or is revoked, and close codes that say why.

mod connection;
mod executor;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_graphql::http::{WebSocket as Protocol, WebSocketProtocols, WsMessage};
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use futures_util::{SinkExt, StreamExt, future};

pub use self::connection::LiveConnections;
use self::connection::{Established, connection_init};
use self::executor::LiveExecutor;
use crate::error::Error;
use crate::startup::AppState;

/// The one subprotocol served: graphql-transport-ws (the `graphql-ws` library's protocol).
const SUBPROTOCOL: &str = "graphql-transport-ws";

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
    /// The caller holds as many connections as allowed.
    pub const TRY_AGAIN_LATER: u16 = 1013;
}

/// The codes a refused `connection_init` carries in its close reason.
const REFUSALS: [&str; 4] = ["UNAUTHORIZED", "FORBIDDEN", "MISSING_HEADER", "BAD_USER_INPUT"];

/// How long a client has to send `connection_init`.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// `GET /graphql/ws`: upgrades to a WebSocket speaking graphql-transport-ws.
pub async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let Ok(upgrade) = upgrade else {
        let error = Error::BadUserInput(format!(
            "this endpoint serves GraphQL subscriptions over WebSocket ({SUBPROTOCOL}); send queries to POST /graphql"
        ));
        return (StatusCode::BAD_REQUEST, axum::Json(super::graphql::refusal(&error, ""))).into_response();
    };
    let offered = headers
        .get_all("sec-websocket-protocol")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|protocol| protocol.trim() == SUBPROTOCOL);
    if !offered {
        let error = Error::BadUserInput(format!(
            "offer the WebSocket subprotocol `{SUBPROTOCOL}` (the graphql-ws library speaks it)"
        ));
        let mut response = (StatusCode::BAD_REQUEST, axum::Json(super::graphql::refusal(&error, ""))).into_response();
        response
            .headers_mut()
            .insert("sec-websocket-protocol", HeaderValue::from_static(SUBPROTOCOL));
        return response;
    }
    // A frame may not claim more than a message may hold: the frame's buffer is reserved from its header.
    let largest = state.limits.max_body_bytes;
    upgrade
        .protocols([SUBPROTOCOL])
        .max_message_size(largest)
        .max_frame_size(largest)
        .on_upgrade(move |socket| serve(state, socket))
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
    let broken: Arc<OnceLock<String>> = Arc::default();
    let reading = broken.clone();
    let input = stream
        .take_while(move |message| {
            if let Err(error) = message {
                let _ = reading.set(error.to_string());
            }
            future::ready(message.is_ok())
        })
        .filter_map(|message| {
            future::ready(match message {
                Ok(message @ (Message::Text(_) | Message::Binary(_))) => Some(message.into_data()),
                _ => None,
            })
        });
    let established: Arc<OnceLock<Established>> = Arc::default();
    let authenticated = established.clone();
    let init_state = state.clone();
    let protocol = Protocol::new(LiveExecutor::new(&state), input, WebSocketProtocols::GraphQLWS)
        .on_connection_init(move |payload| async move {
            let (data, session) = connection_init(&init_state, &payload).await.map_err(|error| {
                // The close frame's reason carries the code, as HTTP's `extensions.code` does.
                async_graphql::Error::new(format!("{}: {}", error.code().as_str(), error.client_message()))
            })?;
            let _ = authenticated.set(session);
            Ok(data)
        })
        .keepalive_timeout(Duration::from_secs(settings.live_idle_timeout_seconds));
    futures_util::pin_mut!(protocol);
    let ping_every = Duration::from_secs(settings.live_ping_interval_seconds.max(1));
    let mut pings = tokio::time::interval_at(tokio::time::Instant::now() + ping_every, ping_every);
    let init_deadline = tokio::time::Instant::now() + INIT_TIMEOUT;
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
        let outgoing = tokio::select! {
            message = protocol.next() => match message {
                Some(WsMessage::Text(text)) => Message::Text(text.into()),
                Some(WsMessage::Close(code, reason)) => closing(code, &reason),
                None => break,
            },
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
        let last = matches!(outgoing, Message::Close(_));
        if sink.send(outgoing).await.is_err() || last {
            break;
        }
    }
    if let Some(error) = broken.get() {
        let code = if error.contains("too long") {
            close::TOO_BIG
        } else {
            1002
        };
        let _ = sink.send(closing(code, error)).await;
    }
    let _ = sink.close().await;
}

/// The close frame for a code and reason, in graphql-transport-ws's codes: a refused `connection_init`
/// (async-graphql's protocol error 1002 with our coded reason) closes 4403, or 1013 when the caller holds too many
/// connections; a subscribe before the acknowledgement (async-graphql's 1011) closes 4401.
fn closing(code: u16, reason: &str) -> Message {
    let code = match code {
        1002 if reason.starts_with("RATE_LIMITED") => close::TRY_AGAIN_LATER,
        1002 if REFUSALS.iter().any(|refusal| reason.starts_with(refusal)) => close::FORBIDDEN,
        1011 => close::UNAUTHORIZED,
        code => code,
    };
    Message::Close(Some(CloseFrame {
        code,
        reason: truncated(reason, 123).into(),
    }))
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
        let refused = closing(1002, "UNAUTHORIZED: the token has expired");
        let crowded = closing(1002, "RATE_LIMITED: at most 20 connections per caller are allowed");
        let early = closing(1011, "The handshake is not completed.");

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
