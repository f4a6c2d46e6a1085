//! The pages the service serves from its own binary: the clinic dashboard at `/` and GraphiQL at `/graphql`, built
//! from `web/` into `web/dist` and embedded at compile time, so nothing is fetched from elsewhere and no Node.js runs.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;
use serde_json::json;

use super::state::AppState;
use crate::auth::ORGANIZATION_HEADER;

/// The built pages and their assets.
#[derive(Embed)]
#[folder = "web/dist/"]
struct Bundle;

/// Scripts, styles, fonts and connections from this origin only (and its WebSocket); no inline script or style, no
/// plugins, no framing, no `<base>` rewriting.
const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; \
     img-src 'self' data:; style-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";

/// `GET /`: the dashboard.
pub async fn dashboard() -> Response {
    page("index.html")
}

/// `GET /graphql` without a query: GraphiQL, unless introspection is off (it could not show the schema).
pub fn graphiql(state: &AppState) -> Response {
    if !state.exposure.introspection {
        return StatusCode::NOT_FOUND.into_response();
    }
    page("graphiql.html")
}

/// `GET /graphiql/config.json`: the headers GraphiQL starts with: the demo's credentials in the demo, none otherwise.
pub async fn graphiql_config(State(state): State<AppState>) -> Response {
    let headers = match &state.demo {
        Some(demo) => json!({
            "Authorization": format!("Bearer {}", demo.token),
            ORGANIZATION_HEADER: demo.organization,
        }),
        None => json!({}),
    };
    (
        [(CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        axum::Json(json!({ "headers": headers })),
    )
        .into_response()
}

/// `GET /assets/{path}`: a script, style or font. Their names carry a hash of their content, so browsers may keep them
/// for a year.
pub async fn asset(Path(path): Path<String>) -> Response {
    match Bundle::get(&format!("assets/{path}")) {
        Some(file) => (
            [
                (CONTENT_TYPE, content_type(&path)),
                (
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            file.data.into_owned(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// An HTML page under the content security policy; revalidated on every visit, so a new build is picked up.
fn page(name: &str) -> Response {
    match Bundle::get(name) {
        Some(file) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                (
                    CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
                ),
            ],
            file.data.into_owned(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "this build has no web pages: run `npm run build` in web/",
        )
            .into_response(),
    }
}

/// The media type of an asset, by its extension.
fn content_type(path: &str) -> HeaderValue {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    HeaderValue::from_static(match extension {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        _ => "application/octet-stream",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_served_with_the_media_type_of_their_extension() {
        assert_eq!(content_type("index-3f2a.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("font-16f8.woff2"), "font/woff2");
        assert_eq!(content_type("no-extension"), "application/octet-stream");
    }

    #[test]
    fn the_bundle_holds_both_pages() {
        assert!(Bundle::get("index.html").is_some());
        assert!(Bundle::get("graphiql.html").is_some());
    }
}
