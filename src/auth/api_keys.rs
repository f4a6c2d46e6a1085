//! API keys for server-to-server callers: `cak_<id>_<secret>`, shown once when created. The database keeps the id,
//! the organizations the key grants and the SHA-256 digest of the secret; the service verifies keys from memory
//! (never asking the database while a request waits) and reloads them when they change.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tokio::sync::Notify;

use super::Grant;
use crate::db::Db;
use crate::db::api_keys::{self, StoredKey};
use crate::error::{Error, Result};

/// Every API key starts with this, which tells it from a JWT.
pub const API_KEY_PREFIX: &str = "cak_";

/// Characters of a key's public id.
const ID_LENGTH: usize = 16;

/// Characters of a key's secret: 32 of 62 symbols, about 190 bits.
const SECRET_LENGTH: usize = 32;

/// How often keys are reloaded even without a change notification (one may be missed while reconnecting).
const RELOAD_INTERVAL: Duration = Duration::from_secs(60);

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A key just created: its id, the whole key (to show once) and the digest to store.
#[derive(Debug, Clone)]
pub struct IssuedKey {
    /// The public id.
    pub id: String,
    /// `cak_<id>_<secret>`.
    pub key: String,
    /// SHA-256 of the secret.
    pub digest: [u8; 32],
}

/// Creates a key from the operating system's random generator.
pub fn issue() -> Result<IssuedKey> {
    let id = random_text(ID_LENGTH)?;
    let secret = random_text(SECRET_LENGTH)?;
    Ok(IssuedKey {
        key: format!("{API_KEY_PREFIX}{id}_{secret}"),
        digest: Sha256::digest(secret.as_bytes()).into(),
        id,
    })
}

fn random_text(length: usize) -> Result<String> {
    let mut text = String::with_capacity(length);
    let mut bytes = [0u8; 64];
    while text.len() < length {
        getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no operating system randomness: {e}")))?;
        // Rejection sampling: 248 = 4 × 62, so every symbol stays equally likely.
        text.extend(
            bytes
                .iter()
                .filter(|b| **b < 248)
                .map(|b| char::from(ALPHABET[usize::from(*b) % 62]))
                .take(length - text.len()),
        );
    }
    Ok(text)
}

/// The id and secret of something shaped like an API key.
fn parse(token: &str) -> Option<(&str, &str)> {
    let (id, secret) = token.strip_prefix(API_KEY_PREFIX)?.split_once('_')?;
    let well_formed = |part: &str, length| part.len() == length && part.bytes().all(|b| b.is_ascii_alphanumeric());
    (well_formed(id, ID_LENGTH) && well_formed(secret, SECRET_LENGTH)).then_some((id, secret))
}

/// The keys the service accepts, shared by every request and replaced whole on reload.
#[derive(Clone, Default)]
pub struct ApiKeys {
    keys: Arc<RwLock<Arc<HashMap<String, StoredKey>>>>,
    changed: Arc<Notify>,
}

impl ApiKeys {
    /// Whether a bearer token is an API key (rather than a JWT).
    pub fn is_api_key(token: &str) -> bool {
        token.starts_with(API_KEY_PREFIX)
    }

    /// What a key grants, or UNAUTHORIZED. The digest comparison takes the same time wherever the digests differ.
    pub fn verify(&self, token: &str) -> Result<Grant> {
        let invalid = || Error::Unauthorized("the API key is not valid".into());
        let (id, secret) = parse(token).ok_or_else(invalid)?;
        let keys = Arc::clone(&self.keys.read().unwrap_or_else(|p| p.into_inner()));
        let stored = keys.get(id).ok_or_else(invalid)?;
        let digest: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
        if !bool::from(digest.ct_eq(&stored.digest)) {
            return Err(invalid());
        }
        if stored.revoked {
            return Err(Error::Unauthorized("the API key has been revoked".into()));
        }
        Ok(Grant {
            subject: None,
            organizations: stored.organizations.as_slice().into(),
            caller: format!("api-key:{id}"),
            expires_at: None,
        })
    }

    /// Replaces the keys.
    pub fn replace(&self, keys: HashMap<String, StoredKey>) {
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(keys);
    }

    /// Asks the reloader to read the keys again (a change notification arrived, or may have been missed).
    pub fn changed(&self) {
        self.changed.notify_one();
    }

    /// Reads every key from the database.
    pub async fn reload(&self, db: &Db) -> Result<usize> {
        let keys = api_keys::load(db).await?;
        let count = keys.len();
        self.replace(keys);
        Ok(count)
    }

    /// Reloads the keys now, whenever they change, and every minute, for as long as the service runs.
    pub fn reload_continuously(&self, db: Db) -> tokio::task::JoinHandle<()> {
        let api_keys = self.clone();
        tokio::spawn(async move {
            loop {
                match api_keys.reload(&db).await {
                    Ok(count) => tracing::debug!(keys = count, "loaded the API keys"),
                    Err(error) => tracing::warn!(%error, "cannot load the API keys; keeping the ones known"),
                }
                tokio::select! {
                    () = api_keys.changed.notified() => {}
                    () = tokio::time::sleep(RELOAD_INTERVAL) => {}
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(issued: &IssuedKey, revoked: bool) -> ApiKeys {
        let keys = ApiKeys::default();
        keys.replace(HashMap::from([(
            issued.id.clone(),
            StoredKey {
                digest: issued.digest,
                organizations: vec!["org_a".into(), "org_b".into()],
                revoked,
            },
        )]));
        keys
    }

    #[test]
    fn an_issued_key_is_shaped_as_documented_and_grants_its_organizations() {
        let issued = issue().unwrap();

        let grant = store(&issued, false).verify(&issued.key).unwrap();

        assert_eq!(issued.key.len(), API_KEY_PREFIX.len() + ID_LENGTH + 1 + SECRET_LENGTH);
        assert!(issued.key.starts_with(&format!("cak_{}_", issued.id)));
        assert_eq!(*grant.organizations, ["org_a", "org_b"]);
        assert_eq!(grant.caller, format!("api-key:{}", issued.id));
    }

    #[test]
    fn two_issued_keys_differ() {
        assert_ne!(issue().unwrap().key, issue().unwrap().key);
    }

    #[test]
    fn a_wrong_secret_an_unknown_id_and_a_malformed_key_are_all_simply_not_valid() {
        let issued = issue().unwrap();
        let keys = store(&issued, false);
        let wrong_secret = format!("cak_{}_{}", issued.id, "x".repeat(SECRET_LENGTH));
        let unknown_id = format!(
            "cak_{}_{}",
            "y".repeat(ID_LENGTH),
            &issued.key[issued.key.len() - SECRET_LENGTH..]
        );

        for token in [wrong_secret.as_str(), unknown_id.as_str(), "cak_short_key", "cak_"] {
            let error = keys.verify(token).unwrap_err();
            assert_eq!(error.to_string(), "the API key is not valid", "{token}");
        }
    }

    #[test]
    fn a_revoked_key_says_so_once_its_secret_is_proven() {
        let issued = issue().unwrap();

        let error = store(&issued, true).verify(&issued.key).unwrap_err();

        assert_eq!(error.to_string(), "the API key has been revoked");
    }
}
