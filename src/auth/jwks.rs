//! A JSON Web Key Set: the identity provider's public keys, by `kid`, each pinned to its one algorithm. Fetched at
//! start, again when a token names an unknown key (at most every few minutes) and periodically; a failed fetch keeps
//! the keys already known.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};

use crate::error::StartupError;

/// Why the key set could not be read: a configuration or reachability problem, told to the operator.
type Result<T> = std::result::Result<T, StartupError>;

/// A key set larger than this is not a key set.
const MAX_KEY_SET_BYTES: usize = 1024 * 1024;

/// How long fetching the key set may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// A public key and the one algorithm tokens signed with it may use.
pub struct VerifyingKey {
    /// The algorithm, from the key's `alg` or, when absent, its type and curve.
    pub algorithm: Algorithm,
    /// The key.
    pub key: DecodingKey,
}

/// Where the key set comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// An HTTPS (or, for tests, HTTP) URL, such as Clerk's `https://<app>.clerk.accounts.dev/.well-known/jwks.json`.
    Url(String),
    /// A local file, for offline setups.
    File(PathBuf),
}

type Keys = Arc<HashMap<String, Arc<VerifyingKey>>>;

/// The keys of one key set, refreshed as described above.
pub struct KeySet {
    source: KeySource,
    keys: RwLock<Keys>,
    /// When a refresh was last attempted; held while one runs, so concurrent unknown keys fetch once.
    last_attempt: tokio::sync::Mutex<Option<Instant>>,
    min_refresh: Duration,
    client: OnceLock<reqwest::Client>,
}

impl KeySet {
    /// A key set with no keys yet; `min_refresh` is the shortest time between refreshes an unknown `kid` triggers.
    pub fn new(source: KeySource, min_refresh: Duration) -> Self {
        Self {
            source,
            keys: RwLock::new(Arc::default()),
            last_attempt: tokio::sync::Mutex::new(None),
            min_refresh,
            client: OnceLock::new(),
        }
    }

    /// Where the keys come from.
    pub fn source(&self) -> &KeySource {
        &self.source
    }

    /// The key named `kid`, refreshing the set first when it is unknown and no refresh ran in the last `min_refresh`.
    pub async fn key(&self, kid: &str) -> Option<Arc<VerifyingKey>> {
        if let Some(key) = self.known(kid) {
            return Some(key);
        }
        let mut last_attempt = self.last_attempt.lock().await;
        // Another request may have refreshed while this one waited.
        if let Some(key) = self.known(kid) {
            return Some(key);
        }
        if last_attempt.is_some_and(|at| at.elapsed() < self.min_refresh) {
            return None;
        }
        *last_attempt = Some(Instant::now());
        if let Err(error) = self.fetch_and_replace().await {
            tracing::warn!(%error, "cannot refresh the JSON Web Key Set; keeping the keys already known");
        }
        self.known(kid)
    }

    /// Fetches the key set now and replaces the known keys; on failure the known keys stay. Returns how many keys
    /// are known.
    pub async fn refresh(&self) -> Result<usize> {
        let mut last_attempt = self.last_attempt.lock().await;
        *last_attempt = Some(Instant::now());
        self.fetch_and_replace().await
    }

    /// Refreshes every `every` for as long as the service runs.
    pub fn refresh_periodically(self: &Arc<Self>, every: Duration) -> tokio::task::JoinHandle<()> {
        let key_set = Arc::clone(self);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                if let Err(error) = key_set.refresh().await {
                    tracing::warn!(%error, "cannot refresh the JSON Web Key Set; keeping the keys already known");
                }
            }
        })
    }

    fn known(&self, kid: &str) -> Option<Arc<VerifyingKey>> {
        self.keys.read().unwrap_or_else(|p| p.into_inner()).get(kid).cloned()
    }

    async fn fetch_and_replace(&self) -> Result<usize> {
        let body = self.fetch().await?;
        let set: JwkSet = serde_json::from_slice(&body)
            .map_err(|e| StartupError::Config(format!("the JSON Web Key Set is not valid JSON of a key set: {e}")))?;
        let (keys, skipped) = verifying_keys(&set);
        for (kid, reason) in &skipped {
            tracing::warn!(
                kid = kid.as_deref().unwrap_or("-"),
                reason,
                "skipped a key of the JSON Web Key Set"
            );
        }
        if keys.is_empty() {
            return Err(StartupError::Config(
                "the JSON Web Key Set holds no usable signing key".into(),
            ));
        }
        let count = keys.len();
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(keys);
        tracing::info!(keys = count, "loaded the JSON Web Key Set");
        Ok(count)
    }

    async fn fetch(&self) -> Result<Vec<u8>> {
        match &self.source {
            KeySource::File(path) => {
                let body = tokio::fs::read(path)
                    .await
                    .map_err(|e| StartupError::Config(format!("cannot read JWKS_FILE {}: {e}", path.display())))?;
                within_limit(body)
            }
            KeySource::Url(url) => {
                let client = self.client()?;
                let response = client
                    .get(url)
                    .send()
                    .await
                    .map_err(|e| StartupError::Config(format!("cannot fetch JWKS_URL {url}: {e}")))?;
                if !response.status().is_success() {
                    return Err(StartupError::Config(format!(
                        "JWKS_URL {url} answered {}",
                        response.status()
                    )));
                }
                if response.content_length().is_some_and(|n| n > MAX_KEY_SET_BYTES as u64) {
                    return Err(StartupError::Config(format!("JWKS_URL {url} sent more than a key set")));
                }
                let body = response
                    .bytes()
                    .await
                    .map_err(|e| StartupError::Config(format!("cannot read JWKS_URL {url}: {e}")))?;
                within_limit(body.to_vec())
            }
        }
    }

    fn client(&self) -> Result<&reqwest::Client> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        // reqwest is built without a TLS provider of its own: ring is the one this binary carries.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .user_agent(concat!("clinic-analytics/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| StartupError::Config(format!("cannot build the HTTP client for JWKS_URL: {e}")))?;
        Ok(self.client.get_or_init(|| client))
    }
}

fn within_limit(body: Vec<u8>) -> Result<Vec<u8>> {
    if body.len() > MAX_KEY_SET_BYTES {
        return Err(StartupError::Config("the JSON Web Key Set is larger than 1 MB".into()));
    }
    Ok(body)
}

/// A key left out of a set: its `kid` (when it has one) and why.
pub type Skipped = (Option<String>, &'static str);

/// The usable signing keys of a set, by `kid`, and the keys skipped with the reason.
pub fn verifying_keys(set: &JwkSet) -> (HashMap<String, Arc<VerifyingKey>>, Vec<Skipped>) {
    let mut keys = HashMap::new();
    let mut skipped = Vec::new();
    for jwk in &set.keys {
        let kid = jwk.common.key_id.clone();
        match (kid.clone(), verifying_key(jwk)) {
            (None, _) => skipped.push((None, "the key has no kid, so no token can name it")),
            (Some(_), Err(reason)) => skipped.push((kid, reason)),
            (Some(kid), Ok(key)) => {
                keys.insert(kid, Arc::new(key));
            }
        }
    }
    (keys, skipped)
}

/// A JWK as a verifying key pinned to one asymmetric algorithm, or why it cannot be one.
fn verifying_key(jwk: &Jwk) -> std::result::Result<VerifyingKey, &'static str> {
    if jwk
        .common
        .public_key_use
        .as_ref()
        .is_some_and(|u| *u != PublicKeyUse::Signature)
    {
        return Err("the key is not for signatures (use)");
    }
    let declared = jwk.common.key_algorithm;
    let algorithm = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => match declared {
            None => Algorithm::RS256,
            Some(KeyAlgorithm::RS256) => Algorithm::RS256,
            Some(KeyAlgorithm::RS384) => Algorithm::RS384,
            Some(KeyAlgorithm::RS512) => Algorithm::RS512,
            Some(KeyAlgorithm::PS256) => Algorithm::PS256,
            Some(KeyAlgorithm::PS384) => Algorithm::PS384,
            Some(KeyAlgorithm::PS512) => Algorithm::PS512,
            Some(_) => return Err("the RSA key declares an algorithm that is not an RSA signature"),
        },
        AlgorithmParameters::EllipticCurve(params) => match (&params.curve, declared) {
            (EllipticCurve::P256, None | Some(KeyAlgorithm::ES256)) => Algorithm::ES256,
            (EllipticCurve::P384, None | Some(KeyAlgorithm::ES384)) => Algorithm::ES384,
            _ => return Err("the elliptic-curve key is neither P-256 with ES256 nor P-384 with ES384"),
        },
        AlgorithmParameters::OctetKeyPair(params) => match (&params.curve, declared) {
            (EllipticCurve::Ed25519, None | Some(KeyAlgorithm::EdDSA)) => Algorithm::EdDSA,
            _ => return Err("the octet key pair is not an Ed25519 signing key"),
        },
        AlgorithmParameters::OctetKey(_) => return Err("a shared secret does not belong in a public key set"),
        _ => return Err("the key type is not supported"),
    };
    let key = DecodingKey::from_jwk(jwk).map_err(|_| "the key's parameters are malformed")?;
    Ok(VerifyingKey { algorithm, key })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(json: &str) -> JwkSet {
        serde_json::from_str(json).unwrap()
    }

    // The public halves of tests/fixtures/jwt/rsa_private.pem and ec_private.pem.
    const RSA: &str = r#""kty":"RSA","e":"AQAB","n":"tOczOFAXzccLxzOGw-F82ALzKtER4W2aq_vFO4a7d7lqPbbAKkcgdOKiJ-1esCcKRUeHqride3LvFSHkCPqYaL0Jk-epJFL6tE-QFtf3NG1mw2yxEtwgSNVInnim1593qgSBUdWnuqopcZHwpPsdrwPxx1Q1XHppNwHQdO2THF0Swf9ypWLilH9n2TdZZJ7DPiul17DEPzLwu4D30Dx1FmVVTl413lPPsvNIEKpR37OjN5ueOBgQ645DMnSG7ECBYt1SIS1kfXqYI2kD6Y9IlnJWKvhEmInzh4M7481iCxeSZEy-rGrXDVIAufvEdSIU-EVPYOif_aebR9qiNhkhdw""#;
    const EC: &str = r#""kty":"EC","crv":"P-256","x":"x7CJ5sTRzap70SwmW7Un0TKxuo90BT6GoxXSJljTaH8","y":"TehgbB8avCQW8YVsAct5gqt45i4ksc1X3kQggj8wbMo""#;

    #[test]
    fn rsa_and_ec_keys_are_pinned_to_their_algorithm_by_kid() {
        let (keys, skipped) = verifying_keys(&set(&format!(
            r#"{{"keys":[{{"kid":"r1",{RSA}}},{{"kid":"r2","alg":"PS256",{RSA}}},{{"kid":"e1","use":"sig",{EC}}}]}}"#
        )));

        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(keys["r1"].algorithm, Algorithm::RS256);
        assert_eq!(keys["r2"].algorithm, Algorithm::PS256);
        assert_eq!(keys["e1"].algorithm, Algorithm::ES256);
    }

    #[test]
    fn shared_secrets_keys_without_kid_encryption_keys_and_mismatched_algorithms_are_skipped() {
        let (keys, skipped) = verifying_keys(&set(&format!(
            r#"{{"keys":[
                {{"kid":"hmac","kty":"oct","k":"c2VjcmV0"}},
                {{{RSA}}},
                {{"kid":"enc","use":"enc",{RSA}}},
                {{"kid":"confused","alg":"HS256",{RSA}}},
                {{"kid":"curve","alg":"ES384",{EC}}}
            ]}}"#
        )));

        assert!(keys.is_empty());
        assert_eq!(
            skipped,
            [
                (
                    Some("hmac".into()),
                    "a shared secret does not belong in a public key set"
                ),
                (None, "the key has no kid, so no token can name it"),
                (Some("enc".into()), "the key is not for signatures (use)"),
                (
                    Some("confused".into()),
                    "the RSA key declares an algorithm that is not an RSA signature"
                ),
                (
                    Some("curve".into()),
                    "the elliptic-curve key is neither P-256 with ES256 nor P-384 with ES384"
                ),
            ]
        );
    }
}
