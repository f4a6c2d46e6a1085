//! `clinic-analytics api-key`: create, list and revoke API keys, as the owner.

use crate::auth::api_keys::issue;
use crate::config::{ApiKeyArgs, ApiKeyCommand};
use crate::db::{self, api_keys};
use crate::error::{Error, StartupError};

/// Runs one `api-key` subcommand.
pub async fn run(args: ApiKeyArgs) -> Result<(), StartupError> {
    let mut conn = db::connect_admin(&args.admin.admin_database_url).await?;
    match args.command {
        ApiKeyCommand::Create { organizations, name } => {
            let issued = issue()?;
            api_keys::insert(&mut conn, &issued.id, &issued.digest, &name, &organizations).await?;
            // The key alone on standard output, so scripts can capture it; the explanation on standard error.
            eprintln!(
                "created API key {} for {} — shown once, only its digest is stored. Send it as `Authorization: Bearer <key>`:",
                issued.id,
                organizations.join(", ")
            );
            println!("{}", issued.key);
        }
        ApiKeyCommand::List { organization } => {
            let keys = api_keys::list(&mut conn, organization.as_deref()).await?;
            println!(
                "{:<16}  {:<24}  {:<20}  {:<20}  organizations",
                "id", "name", "created", "revoked"
            );
            for key in keys {
                let revoked = key.revoked_at.map(|at| at.format("%Y-%m-%d %H:%M:%S").to_string());
                println!(
                    "{:<16}  {:<24}  {:<20}  {:<20}  {}",
                    key.id,
                    key.name,
                    key.created_at.format("%Y-%m-%d %H:%M:%S"),
                    revoked.as_deref().unwrap_or("-"),
                    key.organization_ids.join(",")
                );
            }
        }
        ApiKeyCommand::Revoke { id } => {
            if !api_keys::revoke(&mut conn, &id).await? {
                return Err(Error::BadUserInput(format!("no unrevoked API key has the id {id}")).into());
            }
            eprintln!("revoked API key {id}; running services refuse it within a second");
        }
    }
    Ok(())
}
