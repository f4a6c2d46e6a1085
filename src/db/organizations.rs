//! Organizations: who they are and which time zone their calendar days follow.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use sqlx::PgConnection;

use super::Db;
use crate::error::{Error, Result};

/// An organization as the dashboard shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationRecord {
    /// Organization id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// IANA time zone its calendar days follow.
    pub timezone: Tz,
    /// ISO 4217 currency of its revenue.
    pub currency: String,
    /// When the sync last wrote its data.
    pub last_synced_at: Option<DateTime<Utc>>,
}

impl OrganizationRecord {
    /// The organization as metric keys and ledgers name it.
    pub fn reference(&self) -> OrganizationRef {
        OrganizationRef {
            id: self.id.clone(),
            timezone: self.timezone,
        }
    }
}

/// An organization as a metric key names it: its id, and the time zone its calendar follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrganizationRef {
    /// Organization id.
    pub id: String,
    /// Its time zone (part of the key: a change of zone changes every local-day figure).
    pub timezone: Tz,
}

type Row = (String, String, String, String, Option<DateTime<Utc>>);

/// The organizations among `ids` that exist, by name.
#[tracing::instrument(skip_all, fields(organizations = ids.len()))]
pub async fn find(db: &Db, ids: &[String]) -> Result<Vec<OrganizationRecord>> {
    let rows: Vec<Row> = db
        .fetch_all(
            "organizations",
            sqlx::query_as(
                r#"
                select id, name, timezone, currency, last_synced_at
                from organizations
                where id = any($1)
                order by name, id
                "#,
            )
            .bind(ids),
        )
        .await?;
    rows.into_iter().map(record).collect()
}

fn record((id, name, timezone, currency, last_synced_at): Row) -> Result<OrganizationRecord> {
    // The database accepts the IANA names of the server's tz database; one unknown to this build's is reported, not
    // guessed at.
    let timezone = Tz::from_str(&timezone).map_err(|_| {
        Error::Internal(format!(
            "organization {id} has time zone '{timezone}', unknown to this build"
        ))
    })?;
    Ok(OrganizationRecord {
        id,
        name,
        timezone,
        currency,
        last_synced_at,
    })
}

/// Every organization's id, by name (for the owner's commands: the demo grants them all).
pub async fn all_ids(conn: &mut PgConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("select id from organizations order by name, id")
        .fetch_all(conn)
        .await?)
}
