//! Driving the service in-process: build the router over the test database and send it HTTP requests.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::{Duration, Utc};
use clap::Parser;
use clinic_analytics::auth::{Claims, mint_hs256};
use clinic_analytics::config::{Cli, Command, Secret, ServeArgs};
use clinic_analytics::dashboard::FactSource;
use clinic_analytics::db::{Db, roles};
use clinic_analytics::http::{self, AppState};
use clinic_analytics::startup;
use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use tower::ServiceExt;

/// The secret test tokens are signed with.
pub const SECRET: &str = "integration-tests-secret-0123456789abcdef";

/// A response: status, headers and JSON body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// `data` at a JSON pointer, e.g. `/organization/summary/totalPatients`.
    pub fn data(&self, pointer: &str) -> &Value {
        self.body
            .pointer(&format!("/data{pointer}"))
            .unwrap_or_else(|| panic!("no data at {pointer} in {}", self.body))
    }

    /// The errors' codes, in order.
    pub fn error_codes(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["extensions"]["code"].as_str().unwrap_or("<none>").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The service over one test database.
pub struct TestApp {
    pub state: AppState,
    router: Router,
}

/// Serve options as the command line would give them, with the test secret.
pub fn serve_args(extra: &[&str]) -> ServeArgs {
    let mut argv = vec!["clinic-analytics", "serve", "--jwt-hs256-secret", SECRET];
    argv.extend_from_slice(extra);
    match Cli::parse_from(argv).command {
        Command::Serve(args) => *args,
        _ => unreachable!("parsed `serve`"),
    }
}

/// Connection options of the service's login role on the test database (the role is created once per cluster).
pub async fn service_options(admin: &PgPool) -> PgConnectOptions {
    let mut connection = admin.acquire().await.unwrap();
    roles::ensure_service_login(&mut connection, roles::DEFAULT_SERVICE_LOGIN, None)
        .await
        .unwrap();
    (*admin.connect_options())
        .clone()
        .username(roles::DEFAULT_SERVICE_LOGIN)
}

impl TestApp {
    /// The service with default options, connected to the test database as production connects: as a login role
    /// held by row-level security (`admin`, the test's own pool, plays the owner and the sync).
    pub async fn new(admin: PgPool) -> Self {
        Self::with(admin, &[]).await
    }

    /// The service with extra command-line options, connected as [`TestApp::new`] is.
    pub async fn with(admin: PgPool, extra: &[&str]) -> Self {
        let options = service_options(&admin).await;
        let url = format!(
            "postgres://{}@{}:{}/{}",
            options.get_username(),
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap()
        );
        let mut argv = vec!["--database-url", url.as_str()];
        argv.extend_from_slice(extra);
        let args = serve_args(&argv);
        let state = startup::connect(&args, None).await.unwrap();
        Self {
            router: http::routes(state.clone(), &args.cors_allowed_origins),
            state,
        }
    }

    /// The service over a pool of its own (through a proxy, say) with the given options, its background tasks
    /// running.
    pub fn over(pool: PgPool, args: ServeArgs) -> Self {
        let state = startup::build(Db::new(pool), &args, FactSource::Rollups);
        startup::start_background_tasks(&state);
        Self {
            router: http::routes(state.clone(), &args.cors_allowed_origins),
            state,
        }
    }

    /// GETs a path.
    pub async fn get(&self, path: &str) -> Answer {
        self.get_with(path, &[]).await
    }

    /// GETs a path with the given headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// Serves the app on a loopback port, for clients that need a real socket (WebSocket); the server stops with
    /// the test's runtime.
    pub async fn serve_on_loopback(&self) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let service = self
            .router
            .clone()
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        address
    }

    /// A token granting `organizations` for an hour.
    pub fn token(organizations: &[&str]) -> String {
        mint_hs256(
            &Secret::new(SECRET),
            &Claims::granting(organizations, Utc::now() + Duration::hours(1)),
        )
        .unwrap()
    }

    /// Sends a request.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .unwrap();
        let body =
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        Answer { status, headers, body }
    }

    /// POSTs a GraphQL request with the given headers.
    pub async fn post(&self, headers: &[(&str, &str)], body: Value) -> Answer {
        let mut request = Request::post("/graphql").header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// Runs a query as a caller granted `organization`, about `organization`.
    pub async fn query(&self, organization: &str, query: &str) -> Answer {
        self.query_granted(&[organization], organization, query, json!({}))
            .await
    }

    /// Runs a query as a caller granted `granted`, about `organization`, with variables.
    pub async fn query_granted(&self, granted: &[&str], organization: &str, query: &str, variables: Value) -> Answer {
        let bearer = format!("Bearer {}", Self::token(granted));
        self.post(
            &[("authorization", &bearer), ("x-organization-id", organization)],
            json!({ "query": query, "variables": variables }),
        )
        .await
    }
}
