//! The two database roles: the owner, who migrates, seeds and syncs, and the service, which reads through row-level
//! security. The service refuses to start as any role that row-level security would not hold.

use sqlx::{PgConnection, PgPool};

use crate::error::StartupError;

/// The group role of migrations/0004: SELECT on the tenant tables, through the policies, and nothing else.
pub const SERVICE_ROLE: &str = "clinic_analytics_service";

/// The login role `demo`, `bench` and the tests create for the service (a member of [`SERVICE_ROLE`]).
pub const DEFAULT_SERVICE_LOGIN: &str = "clinic_analytics_api";

/// The tables holding tenant rows, each guarded by row-level security.
pub const TENANT_TABLES: [&str; 14] = [
    "organizations",
    "patients",
    "appointments",
    "outreach_attempts",
    "automation_costs",
    "daily_rollups",
    "daily_rollup_changes",
    "patient_presence",
    "practitioners",
    "visit_rollups",
    "visit_rollup_changes",
    "visit_marks",
    "key_presence",
    "visit_rollup_months",
];

/// Creates the login role `login` as a member of [`SERVICE_ROLE`] when it does not exist (with `password` when
/// given), and makes an existing one a member. Needs an owner connection with CREATEROLE.
pub async fn ensure_service_login(
    admin: &mut PgConnection,
    login: &str,
    password: Option<&str>,
) -> Result<(), StartupError> {
    let exists: bool = sqlx::query_scalar("select exists (select 1 from pg_roles where rolname = $1)")
        .bind(login)
        .fetch_one(&mut *admin)
        .await?;
    if !exists {
        // Built by PostgreSQL's own quoting (format %I and %L), since role statements take no parameters.
        let create: String = sqlx::query_scalar(
            "select format('create role %I login nosuperuser nobypassrls nocreatedb nocreaterole password %L', $1, $2)",
        )
        .bind(login)
        .bind(password)
        .fetch_one(&mut *admin)
        .await?;
        if let Err(error) = sqlx::raw_sql(sqlx::AssertSqlSafe(create)).execute(&mut *admin).await
            && !is_duplicate(&error)
        {
            return Err(error.into());
        }
    }
    let grant: String = sqlx::query_scalar("select format('grant %I to %I', $1, $2)")
        .bind(SERVICE_ROLE)
        .bind(login)
        .fetch_one(&mut *admin)
        .await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(grant)).execute(&mut *admin).await?;
    Ok(())
}

/// Two sessions creating the same role at once: one wins, the other reports a duplicate.
fn is_duplicate(error: &sqlx::Error) -> bool {
    let code = error.as_database_error().and_then(|e| e.code());
    matches!(code.as_deref(), Some("42710" | "23505"))
}

/// What PostgreSQL says about the role a pool connects as.
#[derive(Debug, sqlx::FromRow)]
struct Standing {
    role: String,
    superuser: bool,
    bypasses_rls: bool,
    in_service_role: bool,
    owned_tables: Vec<String>,
}

/// Refuses a pool whose role row-level security would not hold: a superuser, a BYPASSRLS role, an owner of a tenant
/// table (or a member of its owner), or a role outside [`SERVICE_ROLE`].
pub async fn verify_service_login(pool: &PgPool) -> Result<(), StartupError> {
    let standing: Standing = sqlx::query_as(
        "select current_user::text as role, r.rolsuper as superuser, r.rolbypassrls as bypasses_rls,
                pg_has_role(current_user, $1, 'USAGE') as in_service_role,
                array(select c.relname::text from pg_class c
                      where c.relname = any($2) and c.relnamespace = current_schema()::regnamespace
                        and pg_has_role(current_user, c.relowner, 'USAGE')
                      order by 1) as owned_tables
         from pg_roles r where r.rolname = current_user",
    )
    .bind(SERVICE_ROLE)
    .bind(&TENANT_TABLES[..])
    .fetch_one(pool)
    .await?;
    match refusal(&standing) {
        Some(reason) => Err(StartupError::Config(format!(
            "DATABASE_URL connects as `{}`, {reason}: row-level security would not keep organizations apart. \
             Connect as a login role that is a member of {SERVICE_ROLE} and owns nothing \
             (`create role analytics_api login password '...' in role {SERVICE_ROLE}`; see docs/SECURITY.md)",
            standing.role
        ))),
        None => Ok(()),
    }
}

fn refusal(standing: &Standing) -> Option<String> {
    if standing.superuser {
        Some("a superuser".into())
    } else if standing.bypasses_rls {
        Some("a role with BYPASSRLS".into())
    } else if !standing.owned_tables.is_empty() {
        Some(format!(
            "which owns (or inherits the owner of) {}",
            standing.owned_tables.join(", ")
        ))
    } else if !standing.in_service_role {
        Some(format!("which is not a member of {SERVICE_ROLE}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing() -> Standing {
        Standing {
            role: "analytics_api".into(),
            superuser: false,
            bypasses_rls: false,
            in_service_role: true,
            owned_tables: Vec::new(),
        }
    }

    #[test]
    fn a_plain_member_of_the_service_role_is_accepted() {
        assert_eq!(refusal(&standing()), None);
    }

    #[test]
    fn superusers_bypassers_owners_and_outsiders_are_refused_with_the_reason() {
        let superuser = Standing {
            superuser: true,
            ..standing()
        };
        let bypasser = Standing {
            bypasses_rls: true,
            ..standing()
        };
        let owner = Standing {
            owned_tables: vec!["appointments".into(), "patients".into()],
            ..standing()
        };
        let outsider = Standing {
            in_service_role: false,
            ..standing()
        };

        assert_eq!(refusal(&superuser).as_deref(), Some("a superuser"));
        assert_eq!(refusal(&bypasser).as_deref(), Some("a role with BYPASSRLS"));
        assert_eq!(
            refusal(&owner).as_deref(),
            Some("which owns (or inherits the owner of) appointments, patients")
        );
        assert_eq!(
            refusal(&outsider).as_deref(),
            Some("which is not a member of clinic_analytics_service")
        );
    }
}
