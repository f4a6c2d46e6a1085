//! Who a WebSocket connection is: `connection_init` authenticated as HTTP requests are, and each caller's count of
//! open connections.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::Data;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::auth::{ORGANIZATION_HEADER, bearer_token};
use crate::config::LiveArgs;
use crate::error::{Error, Result};
use crate::graphql::guard::Charge;
use crate::graphql::subscription::LiveSession;
use crate::http::state::AppState;
use crate::telemetry::names;

/// The live connections' settings and the count of connections each caller holds.
#[derive(Debug, Clone)]
pub struct LiveConnections {
    pub(super) settings: LiveArgs,
    open: Arc<Mutex<HashMap<String, usize>>>,
}

impl LiveConnections {
    /// No connections yet, under `settings`.
    pub fn new(settings: &LiveArgs) -> Self {
        Self {
            settings: settings.clone(),
            open: Arc::default(),
        }
    }

    /// Takes one of `caller`'s connection slots, held until the connection closes.
    fn open(&self, caller: &str) -> Result<ConnectionSlot> {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let held = open.entry(caller.to_owned()).or_default();
        if *held >= self.settings.live_max_connections_per_caller {
            return Err(Error::LiveLimit {
                limit: "connections_per_caller",
                maximum: self.settings.live_max_connections_per_caller,
            });
        }
        *held += 1;
        ::metrics::gauge!(names::LIVE_CONNECTIONS).increment(1.0);
        Ok(ConnectionSlot {
            caller: caller.to_owned(),
            open: self.open.clone(),
        })
    }
}

/// One connection's place in its caller's count.
#[derive(Debug)]
struct ConnectionSlot {
    caller: String,
    open: Arc<Mutex<HashMap<String, usize>>>,
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(held) = open.get_mut(&self.caller) {
            *held = held.saturating_sub(1);
            if *held == 0 {
                open.remove(&self.caller);
            }
        }
        ::metrics::gauge!(names::LIVE_CONNECTIONS).decrement(1.0);
    }
}

/// What `connection_init` established, for the loop that watches the connection.
#[derive(Debug, Clone)]
pub struct Established {
    /// The credential, verified again at every ping so that a revoked API key loses its connections.
    pub token: String,
    /// When the credential stops being valid.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Authenticates `connection_init`'s payload as HTTP authenticates headers: a bearer token in `Authorization`, and,
/// when `X-Organization-ID` is given, an organization the token grants. The connection data: the session, the
/// caller's connection slot and the rate-limit charge of every subscription it starts.
pub async fn connection_init(state: &AppState, payload: &Value) -> Result<(Data, Established)> {
    let headers = payload_headers(payload)?;
    let token = bearer_token(&headers)?.ok_or_else(|| {
        Error::Unauthorized("connection_init must carry {\"Authorization\": \"Bearer <token>\"}".into())
    })?;
    let grant = state.auth.verify(token).await?;
    if let Some(organization) = headers.get(ORGANIZATION_HEADER).and_then(|value| value.to_str().ok())
        && !grant.organizations.iter().any(|granted| granted == organization)
    {
        return Err(Error::Forbidden(organization.to_owned()));
    }
    let slot = state.live.open(&grant.caller)?;
    let established = Established {
        token: token.to_owned(),
        expires_at: grant.expires_at,
    };
    let settings = &state.live.settings;
    let mut data = Data::default();
    data.insert(Arc::new(Charge::new(grant.caller.clone(), None)));
    data.insert(LiveSession::new(
        grant,
        state.dashboard.feed().clone(),
        settings.live_max_subscriptions_per_connection,
        Duration::from_millis(settings.live_min_update_interval_ms),
    ));
    data.insert(slot);
    Ok((data, established))
}

/// The payload's `Authorization` and `X-Organization-ID` entries (in any case, as HTTP header names are) as headers;
/// other entries are the client's own business. A payload that is neither an object nor absent is refused.
fn payload_headers(payload: &Value) -> Result<HeaderMap> {
    let entries = match payload {
        Value::Object(entries) => entries,
        Value::Null => return Ok(HeaderMap::new()),
        _ => {
            return Err(Error::BadUserInput(
                "connection_init's payload must be an object".into(),
            ));
        }
    };
    let mut headers = HeaderMap::new();
    for (name, value) in entries {
        let name = match name.to_ascii_lowercase().as_str() {
            "authorization" => HeaderName::from_static("authorization"),
            "x-organization-id" => HeaderName::from_static("x-organization-id"),
            _ => continue,
        };
        let value = value
            .as_str()
            .and_then(|value| HeaderValue::from_str(value).ok())
            .ok_or_else(|| Error::Unauthorized(format!("connection_init's {name} must be a plain string")))?;
        headers.insert(name, value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_entries_are_headers_whatever_their_case_and_others_are_ignored() {
        let payload = serde_json::json!({
            "authorization": "Bearer abc", "X-Organization-ID": "org_a", "clientName": "Zürich", "retries": 1
        });

        let headers = payload_headers(&payload).unwrap();

        assert_eq!(bearer_token(&headers).unwrap(), Some("abc"));
        assert_eq!(headers.get(ORGANIZATION_HEADER).unwrap(), "org_a");
        assert_eq!(headers.len(), 2);
    }

    #[test]
    fn an_authorization_that_is_not_a_string_is_refused() {
        let payload = serde_json::json!({ "Authorization": { "token": "abc" } });

        let refused = payload_headers(&payload);

        assert!(matches!(refused, Err(Error::Unauthorized(_))));
    }
}
