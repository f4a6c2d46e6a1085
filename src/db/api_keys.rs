//! The `api_keys` table: created, listed and revoked by the owner (`clinic-analytics api-key`), read whole by the
//! service.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::Db;
use crate::error::{Error, Result};

/// A key as the service verifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    /// SHA-256 of the secret.
    pub digest: [u8; 32],
    /// The organizations the key grants.
    pub organizations: Vec<String>,
    /// Whether the key was revoked.
    pub revoked: bool,
}

/// A key as `api-key list` shows it (never its digest).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiKeyRecord {
    /// The public id.
    pub id: String,
    /// What the key is for.
    pub name: String,
    /// The organizations it grants.
    pub organization_ids: Vec<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Stores a new key (its public id and the digest of its secret) granting `organizations`, which must all exist.
pub async fn insert(
    conn: &mut PgConnection,
    id: &str,
    digest: &[u8; 32],
    name: &str,
    organizations: &[String],
) -> Result<()> {
    let missing: Vec<String> = sqlx::query_scalar(
        "select id from unnest($1::text[]) as wanted(id)
         where not exists (select 1 from organizations o where o.id = wanted.id)
         order by id",
    )
    .bind(organizations)
    .fetch_all(&mut *conn)
    .await?;
    if !missing.is_empty() {
        return Err(Error::BadUserInput(format!(
            "no organization has the id {}",
            missing.join(", ")
        )));
    }
    sqlx::query("insert into api_keys (id, name, organization_ids, digest) values ($1, $2, $3, $4)")
        .bind(id)
        .bind(name)
        .bind(organizations)
        .bind(&digest[..])
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Every key, or those granting `organization`, newest first.
pub async fn list(conn: &mut PgConnection, organization: Option<&str>) -> Result<Vec<ApiKeyRecord>> {
    Ok(sqlx::query_as(
        "select id, name, organization_ids, created_at, revoked_at from api_keys
         where $1::text is null or $1 = any(organization_ids)
         order by created_at desc, id",
    )
    .bind(organization)
    .fetch_all(conn)
    .await?)
}

/// Revokes a key; false when no unrevoked key has this id.
pub async fn revoke(conn: &mut PgConnection, id: &str) -> Result<bool> {
    let revoked = sqlx::query("update api_keys set revoked_at = now() where id = $1 and revoked_at is null")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(revoked.rows_affected() == 1)
}

/// Every key as the service verifies them.
pub async fn load(db: &Db) -> Result<HashMap<String, StoredKey>> {
    let rows: Vec<(String, Vec<String>, Vec<u8>, bool)> = db
        .fetch_all(
            "api_keys.load",
            sqlx::query_as("select id, organization_ids, digest, revoked_at is not null from api_keys"),
        )
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, organizations, digest, revoked)| {
            let digest = <[u8; 32]>::try_from(digest.as_slice()).ok()?;
            Some((
                id,
                StoredKey {
                    digest,
                    organizations,
                    revoked,
                },
            ))
        })
        .collect())
}
