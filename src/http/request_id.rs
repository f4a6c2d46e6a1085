//! Every request carries an id, in its logs, in the details of an internal failure and in the `x-request-id` response
//! header.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::REQUEST_ID;

/// The header carrying the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Keeps a caller's request id when it is a plain token (so ids can be followed across services), otherwise assigns a
/// new one; answers it in the response, and makes it the id errors are logged and rendered with while the request is
/// handled.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_plain_token(value))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let value = HeaderValue::from_str(&id).expect("request ids are plain ASCII");
    request.headers_mut().insert(REQUEST_ID_HEADER, value.clone());
    let mut response = REQUEST_ID.scope(Arc::from(id), next.run(request)).await;
    response.headers_mut().insert(REQUEST_ID_HEADER, value);
    response
}

/// Letters, digits, `-`, `_` and `.`, at most 64 of them: nothing that could forge a log line.
fn is_plain_token(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_tokens_are_kept_as_request_ids() {
        assert!(is_plain_token("3f2a-9c.req_1"));
        assert!(!is_plain_token(""));
        assert!(!is_plain_token("id\nforged=log"));
        assert!(!is_plain_token(&"a".repeat(65)));
    }
}
