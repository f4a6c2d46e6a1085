//! Reading a GraphQL request off the wire: JSON only (a form or plain-text POST, the shapes a cross-site form can
//! send, is refused 415), a body of bounded size (413), one operation per request. The document's size and nesting
//! are checked before anything parses it, when the request is first understood (`known.rs`).

use axum::body::{Body, Bytes};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::error::{Error, Result};
use crate::limits::QueryLimits;

/// A POST body that may hold a GraphQL request: JSON, within the size limit; refused with the right code otherwise.
pub async fn body(headers: &HeaderMap, body: Body, limits: &QueryLimits) -> Result<Bytes> {
    require_json(headers)?;
    read_bounded(headers, body, limits.max_body_bytes).await
}

/// `application/json` (any parameters, such as a charset), nothing else.
fn require_json(headers: &HeaderMap) -> Result<()> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|value| value.to_str().unwrap_or("unreadable"));
    let essence = content_type.and_then(|value| value.split(';').next()).map(str::trim);
    match essence {
        Some(essence) if essence.eq_ignore_ascii_case("application/json") => Ok(()),
        _ => Err(Error::UnsupportedMediaType(
            content_type.map_or_else(|| "missing".to_owned(), |value| format!("`{value}`")),
        )),
    }
}

/// The body, up to `limit` bytes: a declared length over it is refused before reading, and reading stops at it.
async fn read_bounded(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Error::PayloadTooLarge(limit));
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<LengthLimitError>() => Err(Error::PayloadTooLarge(limit)),
        Err(_) => Err(Error::BadUserInput(
            "the request body could not be read to its end".into(),
        )),
    }
}

/// Whether a URL's query string carries a GraphQL request (a `query` parameter).
pub fn asks_a_query(query_string: &str) -> bool {
    url::form_urlencoded::parse(query_string.as_bytes()).any(|(name, _)| name == "query")
}

/// A GraphQL request in a URL's query string, as GraphQL over HTTP's GET sends it: `query`, `operationName`, and
/// `variables` (and `extensions`, accepted and not used) as JSON text; each at most once. (async-graphql's own reader
/// takes `operation_name`, not the specification's `operationName`.)
pub fn parse_query_string(query_string: &str) -> Result<async_graphql::Request> {
    let (mut query, mut operation_name, mut variables) = (None, None, None);
    for (name, value) in url::form_urlencoded::parse(query_string.as_bytes()) {
        let slot = match name.as_ref() {
            "query" => &mut query,
            "operationName" => &mut operation_name,
            "variables" => &mut variables,
            "extensions" => {
                serde_json::from_str::<Option<Extensions>>(&value)
                    .map_err(|error| Error::BadUserInput(format!("`extensions` must be a JSON object: {error}")))?;
                continue;
            }
            other => {
                return Err(Error::BadUserInput(format!(
                    "unknown parameter `{other}`; a GraphQL request in the URL takes query, operationName, variables \
                     and extensions"
                )));
            }
        };
        if slot.replace(value.into_owned()).is_some() {
            return Err(Error::BadUserInput(format!(
                "parameter `{name}` is given more than once"
            )));
        }
    }
    let query = query.ok_or_else(|| Error::BadUserInput("the URL carries no `query`".into()))?;
    let mut request = async_graphql::Request::new(query);
    request.operation_name = operation_name;
    if let Some(variables) = variables {
        let variables: Option<async_graphql::Variables> = serde_json::from_str(&variables)
            .map_err(|error| Error::BadUserInput(format!("`variables` must be a JSON object: {error}")))?;
        request.variables = variables.unwrap_or_default();
    }
    Ok(request)
}

/// A GraphQL request as JSON carries it (`extensions`, a map, are accepted and not used).
#[derive(serde::Deserialize)]
struct Incoming {
    query: String,
    #[serde(default, rename = "operationName")]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<async_graphql::Variables>,
    /// Read only to refuse one that is not a map.
    #[serde(default, rename = "extensions")]
    _extensions: Option<Extensions>,
}

/// What `extensions` must be: a map, whatever it holds.
type Extensions = std::collections::HashMap<String, serde::de::IgnoredAny>;

/// One GraphQL request from JSON, read in one pass; a batch (a JSON array) is refused.
pub fn parse(body: &[u8]) -> Result<async_graphql::Request> {
    if body.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'[') {
        return Err(Error::BadUserInput(
            "batched requests are not accepted: send one operation per request".into(),
        ));
    }
    let incoming: Incoming = serde_json::from_slice(body).map_err(|error| {
        Error::BadUserInput(if error.is_data() {
            format!("the body is not a GraphQL request (it needs a `query` string): {error}")
        } else {
            format!("the body is not JSON: {error}")
        })
    })?;
    let mut request = async_graphql::Request::new(incoming.query);
    request.operation_name = incoming.operation_name;
    request.variables = incoming.variables.unwrap_or_default();
    Ok(request)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn limits() -> QueryLimits {
        QueryLimits {
            max_body_bytes: 64,
            max_document_bytes: 32,
            max_depth: 5,
            max_complexity: 100,
            max_aliases: 10,
            max_root_fields: 5,
        }
    }

    fn headers(content_type: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        headers
    }

    async fn read_body(content_type: Option<&'static str>, text: &'static str) -> Result<async_graphql::Request> {
        let bytes = body(&headers(content_type), Body::from(text), &limits()).await?;
        let request = parse(&bytes)?;
        limits().check_text(&request.query)?;
        Ok(request)
    }

    #[tokio::test]
    async fn json_with_or_without_a_charset_is_read() {
        let plain = read_body(Some("application/json"), r#"{"query":"{ a }"}"#)
            .await
            .unwrap();
        let charset = read_body(Some("Application/JSON; charset=utf-8"), r#"{"query":"{ a }"}"#).await;

        assert_eq!(plain.query, "{ a }");
        assert!(charset.is_ok());
    }

    #[tokio::test]
    async fn forms_plain_text_multipart_and_a_missing_type_are_unsupported() {
        for content_type in [
            Some("application/x-www-form-urlencoded"),
            Some("text/plain"),
            Some("multipart/form-data; boundary=x"),
            None,
        ] {
            let error = read_body(content_type, r#"{"query":"{ a }"}"#).await.unwrap_err();
            assert_eq!(error.code().as_str(), "UNSUPPORTED_MEDIA_TYPE", "{content_type:?}");
        }
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_too_large_whether_or_not_its_length_is_declared() {
        let long = r#"{"query":"{ a }", "variables": {"padding": "0123456789012345678901234567890123456789"}}"#;
        let mut declared = headers(Some("application/json"));
        declared.insert(CONTENT_LENGTH, HeaderValue::from_static("100000"));

        let undeclared = read_body(Some("application/json"), long).await.unwrap_err();
        let declared = body(&declared, Body::from("{}"), &limits()).await.unwrap_err();

        assert_eq!(
            undeclared.to_string(),
            "the request body is larger than the 64 bytes this server accepts"
        );
        assert_eq!(declared.code().as_str(), "PAYLOAD_TOO_LARGE");
    }

    #[tokio::test]
    async fn a_body_without_a_query_string_is_not_a_graphql_request() {
        for body in [r#"{"qeury":"{ a }"}"#, r#"{"query":{"a":1}}"#, "{}"] {
            let error = read_body(Some("application/json"), body).await.unwrap_err();

            assert!(
                error
                    .to_string()
                    .starts_with("the body is not a GraphQL request (it needs a `query` string): "),
                "{body}: {error}"
            );
        }
    }

    #[test]
    fn a_request_with_an_operation_name_and_variables_is_read_and_null_variables_are_none() {
        let full = parse(br#"{"query":"q","operationName":"Q","variables":{"a":1},"extensions":{"x":1}}"#).unwrap();
        let nulls = parse(br#"{"query":"q","operationName":null,"variables":null}"#).unwrap();

        assert_eq!(full.operation_name.as_deref(), Some("Q"));
        assert_eq!(full.variables.get("a"), Some(&async_graphql::Value::from(1)));
        assert_eq!(nulls.operation_name, None);
        assert!(nulls.variables.is_empty());
    }

    #[test]
    fn a_request_in_the_url_takes_the_specifications_parameter_names() {
        let request =
            parse_query_string("query=query%20A%20%7B%20a%20%7D&operationName=A&variables=%7B%22x%22%3A1%7D").unwrap();
        let repeated = parse_query_string("query=a&query=b").unwrap_err();
        let bad_variables = parse_query_string("query=a&variables=%5B1%5D").unwrap_err();

        assert_eq!(request.query, "query A { a }");
        assert_eq!(request.operation_name.as_deref(), Some("A"));
        assert_eq!(request.variables.get("x"), Some(&async_graphql::Value::from(1)));
        assert_eq!(repeated.to_string(), "parameter `query` is given more than once");
        assert!(
            bad_variables
                .to_string()
                .starts_with("`variables` must be a JSON object")
        );
    }

    #[tokio::test]
    async fn a_batch_and_an_oversized_document_are_refused() {
        let batch = read_body(Some("application/json"), r#"[{"query":"{ a }"}]"#)
            .await
            .unwrap_err();
        let large = read_body(
            Some("application/json"),
            r#"{"query":"{ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa }"}"#,
        )
        .await
        .unwrap_err();

        assert_eq!(
            batch.to_string(),
            "batched requests are not accepted: send one operation per request"
        );
        assert_eq!(large.code().as_str(), "QUERY_LIMIT_EXCEEDED");
    }
}
