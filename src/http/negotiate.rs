//! GraphQL over HTTP's two response media types, and the status each answer takes in them
//! (https://graphql.github.io/graphql-over-http/draft/).
//!
//! `application/graphql-response+json` says with its status whether the request was executed: a request error
//! (the document does not parse, does not validate, or its variables do not coerce) is 400 with no `data`; an
//! executed request is 200, whatever its field errors. `application/json`, the legacy type that existing clients
//! ask for (or get without an `Accept` header), answers 200 to every well-formed request, request errors included.
//! Refusals made before GraphQL sees the request (401, 403, 400 for a missing header or an unreadable body, 413, 415,
//! 429) and the query limits keep their own status in both.

use axum::http::header::ACCEPT;
use axum::http::{HeaderMap, HeaderValue, StatusCode};

use crate::error::ErrorCode;

/// The media type of a GraphQL response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/graphql-response+json`.
    GraphqlResponse,
    /// `application/json`.
    Json,
}

impl MediaType {
    /// The type the request's `Accept` header prefers: the GraphQL response type when it is acceptable at least as
    /// much as JSON, else JSON (also without the header, and for `*/*`).
    pub fn accepted(headers: &HeaderMap) -> Self {
        let Some(accept) = headers.get(ACCEPT).and_then(|value| value.to_str().ok()) else {
            return Self::Json;
        };
        let (mut graphql, mut json) = (0.0f32, 0.0f32);
        for range in accept.split(',') {
            let mut parts = range.split(';');
            let essence = parts.next().unwrap_or_default().trim();
            let quality = parts
                .filter_map(|parameter| parameter.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if essence.eq_ignore_ascii_case("application/graphql-response+json") {
                graphql = graphql.max(quality);
            } else if essence.eq_ignore_ascii_case("application/json") {
                json = json.max(quality);
            }
        }
        if graphql > 0.0 && graphql >= json {
            Self::GraphqlResponse
        } else {
            Self::Json
        }
    }

    /// The `Content-Type` of a response in this type.
    pub fn content_type(self) -> HeaderValue {
        match self {
            Self::GraphqlResponse => HeaderValue::from_static("application/graphql-response+json; charset=utf-8"),
            Self::Json => HeaderValue::from_static("application/json"),
        }
    }

    /// The status of a request GraphQL did not execute, refused with `code`: the query limits' and rate limits' own
    /// status, else a request error's.
    pub fn request_error_status(self, code: ErrorCode) -> StatusCode {
        match (code, self) {
            (ErrorCode::QueryLimitExceeded | ErrorCode::RateLimited, _) => code.http_status(),
            (_, Self::GraphqlResponse) => StatusCode::BAD_REQUEST,
            (_, Self::Json) => StatusCode::OK,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(accept: Option<&'static str>) -> MediaType {
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        MediaType::accepted(&headers)
    }

    #[test]
    fn the_graphql_response_type_is_chosen_only_when_asked_for_at_least_as_much_as_json() {
        assert_eq!(
            accepting(Some("application/graphql-response+json")),
            MediaType::GraphqlResponse
        );
        assert_eq!(
            accepting(Some("application/graphql-response+json, application/json;q=0.9")),
            MediaType::GraphqlResponse
        );
        assert_eq!(
            accepting(Some("application/graphql-response+json;q=0.5, application/json")),
            MediaType::Json
        );
        assert_eq!(accepting(Some("*/*")), MediaType::Json);
        assert_eq!(accepting(None), MediaType::Json);
    }

    #[test]
    fn a_request_error_is_400_as_graphql_response_json_and_200_as_json_but_limits_keep_theirs() {
        let graphql = MediaType::GraphqlResponse;

        assert_eq!(
            graphql.request_error_status(ErrorCode::BadUserInput),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            MediaType::Json.request_error_status(ErrorCode::BadUserInput),
            StatusCode::OK
        );
        assert_eq!(
            MediaType::Json.request_error_status(ErrorCode::RateLimited),
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            MediaType::Json.request_error_status(ErrorCode::QueryLimitExceeded),
            StatusCode::BAD_REQUEST
        );
    }
}
