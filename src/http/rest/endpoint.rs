//! The six endpoints of the brief: the GraphQL operation each one runs, the parameters it accepts, and the variables
//! they become.

use serde_json::{Map, Value, json};

use super::params::{LIMIT, Params, WITHIN_DAYS};
use crate::error::Result;

/// A REST endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /api/v1/dashboard/{organizationId}/analytics`
    Analytics,
    /// `GET /api/v1/dashboard/{organizationId}/charts`
    Charts,
    /// `GET /api/v1/dashboard/{organizationId}`
    Summary,
    /// `GET /api/v1/reengagement/{organizationId}/performance`
    Reengagement,
    /// `GET /api/v1/appointments/{organizationId}/upcoming`
    Upcoming,
    /// `GET /api/v1/appointments/{organizationId}/upcoming/summary`
    UpcomingSummary,
}

impl Endpoint {
    /// Every endpoint.
    pub const ALL: [Self; 6] = [
        Self::Analytics,
        Self::Charts,
        Self::Summary,
        Self::Reengagement,
        Self::Upcoming,
        Self::UpcomingSummary,
    ];

    /// The route, in axum's syntax.
    pub fn route(self) -> &'static str {
        match self {
            Self::Analytics => "/api/v1/dashboard/{organization_id}/analytics",
            Self::Charts => "/api/v1/dashboard/{organization_id}/charts",
            Self::Summary => "/api/v1/dashboard/{organization_id}",
            Self::Reengagement => "/api/v1/reengagement/{organization_id}/performance",
            Self::Upcoming => "/api/v1/appointments/{organization_id}/upcoming",
            Self::UpcomingSummary => "/api/v1/appointments/{organization_id}/upcoming/summary",
        }
    }

    /// The GraphQL operation's name, which metrics and logs show.
    pub fn operation(self) -> &'static str {
        match self {
            Self::Analytics => "RestAnalytics",
            Self::Charts => "RestCharts",
            Self::Summary => "RestSummary",
            Self::Reengagement => "RestReengagement",
            Self::Upcoming => "RestUpcoming",
            Self::UpcomingSummary => "RestUpcomingSummary",
        }
    }

    /// The GraphQL document it runs; its aliases are the brief's snake_case keys.
    pub fn document(self) -> &'static str {
        match self {
            Self::Analytics => include_str!("operations/analytics.graphql"),
            Self::Charts => include_str!("operations/charts.graphql"),
            Self::Summary => include_str!("operations/summary.graphql"),
            Self::Reengagement => include_str!("operations/reengagement.graphql"),
            Self::Upcoming => include_str!("operations/upcoming.graphql"),
            Self::UpcomingSummary => include_str!("operations/upcoming_summary.graphql"),
        }
    }

    /// The query-string parameters it accepts.
    pub fn parameters(self) -> &'static [&'static str] {
        match self {
            Self::Analytics => &["timeframe", "period", "from", "to", "compare_to", "as_of"],
            Self::Charts => &[
                "timeframe",
                "period",
                "from",
                "to",
                "compare_to",
                "granularity",
                "as_of",
            ],
            Self::Summary | Self::Reengagement | Self::UpcomingSummary => &["as_of"],
            Self::Upcoming => &[WITHIN_DAYS.name, LIMIT.name, "cursor", "as_of"],
        }
    }

    /// Whether it takes a window (and echoes it in errors' details).
    pub fn has_window(self) -> bool {
        matches!(self, Self::Analytics | Self::Charts)
    }

    /// The operation's variables for an organization and the request's parameters.
    pub fn variables(self, organization: &str, params: &Params) -> Result<Value> {
        let mut variables = Map::new();
        variables.insert("organizationId".into(), json!(organization));
        variables.insert("asOf".into(), params.as_of()?);
        match self {
            Self::Analytics => variables.extend(params.window()?.variables),
            Self::Charts => {
                variables.extend(params.window()?.variables);
                variables.insert("granularity".into(), json!(params.granularity()?.1));
            }
            Self::Upcoming => {
                variables.insert("withinDays".into(), json!(params.value_of(WITHIN_DAYS)?));
                variables.insert("first".into(), json!(params.value_of(LIMIT)?));
                variables.insert("after".into(), json!(params.text("cursor")));
            }
            Self::Summary | Self::Reengagement | Self::UpcomingSummary => {}
        }
        Ok(Value::Object(variables))
    }
}
