//! Who is calling: bearer tokens — JWTs signed with the development shared secret (HS256) or by an identity
//! provider's key set (RS256, ES256, …), and API keys — which organizations they grant, and which one the request is
//! about. Nothing here waits on the database.

pub mod api_keys;
mod claims;
mod digest;
pub mod jwks;

use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use jsonwebtoken::{Algorithm, DecodingKey};
use moka::future::Cache;

pub use self::api_keys::ApiKeys;
use self::claims::rejection;
pub use self::claims::{ActiveOrganization, Audience, Claims, TokenRules, mint_hs256};
pub use self::digest::Digester;
use self::jwks::{KeySet, KeySource};
use crate::config::AuthArgs;
use crate::db::Db;
use crate::error::{Error, Result, StartupError};

/// The header naming the organization a request is about.
pub const ORGANIZATION_HEADER: &str = "X-Organization-ID";

/// What verified credentials grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The token's subject, when it has one.
    pub subject: Option<String>,
    /// The organizations it grants (shared: every request of the caller hands them on).
    pub organizations: Arc<[String]>,
    /// Who is calling, for rate limits: the issuer and subject of a token, or the API key's id.
    pub caller: String,
    /// When the credentials stop being valid (a token's `exp`); None for API keys, valid until revoked.
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The caller of one request: what they are granted, and the organization the request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// What the credentials grant.
    pub grant: Arc<Grant>,
    /// The organization named by the `X-Organization-ID` header, one the grant includes; empty for a request that
    /// only lists the granted organizations and names none.
    pub organization: String,
}

impl Principal {
    /// The organization the request names, when it names one (a request listing the granted organizations may not).
    pub fn named_organization(&self) -> Option<&str> {
        (!self.organization.is_empty()).then_some(self.organization.as_str())
    }

    /// Whether the caller may see an organization.
    pub fn may_see(&self, organization: &str) -> bool {
        self.grant.organizations.iter().any(|granted| granted == organization)
    }
}

/// How long a verified token is remembered: decoding and verifying a JWT costs more than looking it up, and a
/// dashboard sends the same token with every request. A token is never remembered past its own expiry; a key removed
/// from the key set stops verifying the tokens it signed within this time.
const VERIFIED_TOKENS_FOR: Duration = Duration::from_secs(60);

/// Verifies credentials: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Authenticator {
    hs256: Option<Arc<DecodingKey>>,
    key_set: Option<Arc<KeySet>>,
    key_set_refresh: Duration,
    api_keys: ApiKeys,
    rules: Arc<TokenRules>,
    verified: Cache<u128, Arc<Grant>>,
    digester: Digester,
}

impl Authenticator {
    /// Verifies HS256 tokens signed with `secret` (when given), tokens signed by the keys of `key_set` (when given)
    /// and the API keys of `api_keys`, every token under `rules`.
    pub fn new(
        hs256: Option<&crate::config::Secret>,
        key_set: Option<KeySet>,
        api_keys: ApiKeys,
        rules: TokenRules,
    ) -> Self {
        Self {
            hs256: hs256.map(|secret| Arc::new(DecodingKey::from_secret(secret.expose().as_bytes()))),
            key_set: key_set.map(Arc::new),
            key_set_refresh: Duration::from_secs(3600),
            api_keys,
            rules: Arc::new(rules),
            verified: Cache::builder()
                .time_to_live(VERIFIED_TOKENS_FOR)
                .max_capacity(100_000)
                .build(),
            digester: Digester::default(),
        }
    }

    /// The authenticator `args` configure (the key set is fetched by [`Authenticator::load_keys`]).
    pub fn from_args(args: &AuthArgs) -> Self {
        let source = match (&args.jwks_url, &args.jwks_file) {
            (Some(url), _) => Some(KeySource::Url(url.clone())),
            (None, Some(path)) => Some(KeySource::File(path.clone())),
            (None, None) => None,
        };
        let key_set = source.map(|source| KeySet::new(source, Duration::from_secs(args.jwks_min_refresh_seconds)));
        let rules = TokenRules {
            issuer: args.jwt_issuer.clone(),
            audience: args.jwt_audience.clone(),
            leeway_seconds: args.jwt_leeway_seconds,
        };
        Self {
            key_set_refresh: Duration::from_secs(args.jwks_refresh_seconds.max(1)),
            ..Self::new(args.jwt_hs256_secret.as_ref(), key_set, ApiKeys::default(), rules)
        }
    }

    /// Keeps the key set and the API keys current for as long as the service runs.
    pub fn keep_keys_fresh(&self, db: Db) {
        if let Some(key_set) = &self.key_set {
            key_set.refresh_periodically(self.key_set_refresh);
        }
        self.api_keys.reload_continuously(db);
    }

    /// The API keys this authenticator accepts.
    pub fn api_keys(&self) -> &ApiKeys {
        &self.api_keys
    }

    /// The key set, when tokens signed by an identity provider are accepted.
    pub fn key_set(&self) -> Option<&Arc<KeySet>> {
        self.key_set.as_ref()
    }

    /// Whether any kind of JWT is accepted (else only API keys are).
    pub fn accepts_jwts(&self) -> bool {
        self.hs256.is_some() || self.key_set.is_some()
    }

    /// Fetches the key set at start: an unreadable JWKS_FILE is a configuration error, an unreachable JWKS_URL is
    /// logged and tried again when tokens need it.
    pub async fn load_keys(&self) -> Result<(), StartupError> {
        let Some(key_set) = &self.key_set else {
            return Ok(());
        };
        match (key_set.refresh().await, key_set.source()) {
            (Ok(_), _) => Ok(()),
            (Err(error), KeySource::File(_)) => Err(error),
            (Err(error), KeySource::Url(_)) => {
                tracing::error!(%error, "cannot fetch the JSON Web Key Set at start; will try again when a token needs it");
                Ok(())
            }
        }
    }

    /// What credentials grant, or UNAUTHORIZED saying what is wrong with them. API keys are verified from memory every
    /// time (a revocation takes effect at once); a token verified in the last minute is not verified again.
    pub async fn verify(&self, token: &str) -> Result<Arc<Grant>> {
        if ApiKeys::is_api_key(token) {
            return self.api_keys.verify(token).map(Arc::new);
        }
        let digest = self.digester.digest(&[token.as_bytes()]);
        if let Some(grant) = self.verified.get(&digest).await
            && grant.expires_at.is_some_and(|at| at > chrono::Utc::now())
        {
            return Ok(grant);
        }
        let grant = Arc::new(self.verify_token(token).await?);
        self.verified.insert(digest, grant.clone()).await;
        Ok(grant)
    }

    /// What a JWT grants, verified now.
    async fn verify_token(&self, token: &str) -> Result<Grant> {
        let unauthorized = |reason: &str| Error::Unauthorized(reason.to_owned());
        let header = jsonwebtoken::decode_header(token).map_err(|_| unauthorized("the token is malformed"))?;
        let found;
        let (key, algorithm) = match header.alg {
            Algorithm::HS256 => match &self.hs256 {
                Some(key) => (key.as_ref(), Algorithm::HS256),
                None => return Err(unauthorized("the token's algorithm is not accepted")),
            },
            algorithm => {
                let key_set = self
                    .key_set
                    .as_ref()
                    .ok_or_else(|| unauthorized("the token's algorithm is not accepted"))?;
                let kid = header
                    .kid
                    .as_deref()
                    .ok_or_else(|| unauthorized("the token names no signing key (kid)"))?;
                found = key_set
                    .key(kid)
                    .await
                    .ok_or_else(|| unauthorized("the token's signing key (kid) is not known"))?;
                // Each key verifies only the one algorithm it was published for.
                if found.algorithm != algorithm {
                    return Err(unauthorized("the token's algorithm is not accepted"));
                }
                (&found.key, algorithm)
            }
        };
        let leeway = chrono::Duration::seconds(i64::try_from(self.rules.leeway_seconds).unwrap_or(i64::MAX));
        jsonwebtoken::decode::<Claims>(token, key, &self.rules.validation(algorithm))
            .map(|data| {
                let mut grant = data.claims.into_grant(token);
                // Valid for as long as verification accepts it: `exp` plus the clock leeway.
                grant.expires_at = grant.expires_at.and_then(|at| at.checked_add_signed(leeway));
                grant
            })
            .map_err(|error| unauthorized(rejection(error.kind())))
    }

    /// The caller of a request that names no organization (it lists the granted ones), from its `Authorization`
    /// header alone.
    pub async fn authenticate_without_organization(&self, headers: &HeaderMap) -> Result<Principal> {
        let token = bearer_token(headers)?.ok_or_else(|| {
            Error::Unauthorized("a bearer token is required: send `Authorization: Bearer <token>`".into())
        })?;
        Ok(Principal {
            grant: self.verify(token).await?,
            organization: String::new(),
        })
    }

    /// The caller of a request, from its `Authorization` and `X-Organization-ID` headers.
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<Principal> {
        let token = bearer_token(headers)?.ok_or_else(|| {
            Error::Unauthorized("a bearer token is required: send `Authorization: Bearer <token>`".into())
        })?;
        let grant = self.verify(token).await?;
        let organization = organization_header(headers)?;
        let principal = Principal { grant, organization };
        if !principal.may_see(&principal.organization) {
            return Err(Error::Forbidden(principal.organization));
        }
        Ok(principal)
    }
}

/// The token of an `Authorization: Bearer` header; None without the header.
pub fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed = || Error::Unauthorized("the Authorization header must be `Bearer <token>`".into());
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(malformed());
    }
    Ok(Some(token.trim()))
}

fn organization_header(headers: &HeaderMap) -> Result<String> {
    let value = headers
        .get(ORGANIZATION_HEADER)
        .ok_or(Error::MissingHeader(ORGANIZATION_HEADER))?;
    let value = value
        .to_str()
        .map_err(|_| Error::BadUserInput(format!("the {ORGANIZATION_HEADER} header must be plain text")))?
        .trim();
    if value.is_empty() {
        return Err(Error::MissingHeader(ORGANIZATION_HEADER));
    }
    if value.len() > 128 {
        return Err(Error::BadUserInput(format!(
            "the {ORGANIZATION_HEADER} header is too long to be an organization id"
        )));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;
    use chrono::{Duration, Utc};

    use super::*;
    use crate::config::Secret;

    fn secret() -> Secret {
        Secret::new("test-secret-test-secret-test-secret!")
    }

    fn authenticator(rules: TokenRules) -> Authenticator {
        Authenticator::new(Some(&secret()), None, ApiKeys::default(), rules)
    }

    fn token(claims: &Claims) -> String {
        mint_hs256(&secret(), claims).unwrap()
    }

    fn in_an_hour(organizations: &[&str]) -> Claims {
        Claims::granting(organizations, Utc::now() + Duration::hours(1))
    }

    fn headers(token: &str, organization: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
        if let Some(organization) = organization {
            headers.insert(ORGANIZATION_HEADER, HeaderValue::from_str(organization).unwrap());
        }
        headers
    }

    #[tokio::test]
    async fn an_expired_token_is_unauthorized() {
        let expired = token(&Claims::granting(&["org_a"], Utc::now() - Duration::hours(1)));

        let error = authenticator(TokenRules::default()).verify(&expired).await.unwrap_err();

        assert_eq!(error.to_string(), "the token has expired");
    }

    #[tokio::test]
    async fn a_token_signed_with_another_secret_is_unauthorized() {
        let other = Secret::new("another-secret-another-secret-12345");
        let forged = mint_hs256(&other, &in_an_hour(&["org_a"])).unwrap();

        let error = authenticator(TokenRules::default()).verify(&forged).await.unwrap_err();

        assert_eq!(error.to_string(), "the token's signature does not verify");
    }

    #[tokio::test]
    async fn hs256_tokens_are_refused_when_no_shared_secret_is_configured() {
        let only_api_keys = Authenticator::new(None, None, ApiKeys::default(), TokenRules::default());

        let error = only_api_keys.verify(&token(&in_an_hour(&["org_a"]))).await.unwrap_err();

        assert_eq!(error.to_string(), "the token's algorithm is not accepted");
    }

    #[tokio::test]
    async fn the_organization_header_must_be_granted() {
        let granted_a = token(&in_an_hour(&["org_a"]));
        let authenticator = authenticator(TokenRules::default());

        let granted = authenticator
            .authenticate(&headers(&granted_a, Some("org_a")))
            .await
            .unwrap();
        let forbidden = authenticator
            .authenticate(&headers(&granted_a, Some("org_b")))
            .await
            .unwrap_err();
        let missing = authenticator
            .authenticate(&headers(&granted_a, None))
            .await
            .unwrap_err();

        assert_eq!(granted.organization, "org_a");
        assert!(matches!(forbidden, Error::Forbidden(org) if org == "org_b"));
        assert!(matches!(missing, Error::MissingHeader(_)));
    }

    #[tokio::test]
    async fn configured_issuer_and_audience_are_checked_and_required() {
        let rules = TokenRules {
            issuer: Some("https://issuer.example".into()),
            audience: Some("dashboard".into()),
            leeway_seconds: 30,
        };
        let wrong_issuer = token(&Claims {
            iss: Some("https://other.example".into()),
            aud: Some(Audience::One("dashboard".into())),
            ..in_an_hour(&["org_a"])
        });
        let no_issuer = token(&Claims {
            aud: Some(Audience::One("dashboard".into())),
            ..in_an_hour(&["org_a"])
        });
        let wrong_audience = token(&Claims {
            iss: Some("https://issuer.example".into()),
            aud: Some(Audience::Many(vec!["billing".into()])),
            ..in_an_hour(&["org_a"])
        });
        let right = token(&Claims {
            iss: Some("https://issuer.example".into()),
            aud: Some(Audience::Many(vec!["billing".into(), "dashboard".into()])),
            ..in_an_hour(&["org_a"])
        });
        let authenticator = authenticator(rules);

        let message = |token: String| {
            let authenticator = authenticator.clone();
            async move {
                authenticator
                    .verify(&token)
                    .await
                    .map(|grant| grant.caller.clone())
                    .map_err(|e| e.to_string())
            }
        };

        assert_eq!(
            message(wrong_issuer).await.unwrap_err(),
            "the token's issuer is not accepted"
        );
        assert_eq!(
            message(no_issuer).await.unwrap_err(),
            "the token lacks the required issuer (iss)"
        );
        assert_eq!(
            message(wrong_audience).await.unwrap_err(),
            "the token's audience is not accepted"
        );
        assert_eq!(message(right).await.unwrap(), "jwt:https://issuer.example:demo");
    }

    #[test]
    fn a_malformed_authorization_header_is_unauthorized() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Token abc"));

        assert!(matches!(bearer_token(&headers), Err(Error::Unauthorized(_))));
    }
}
