//! Bearer tokens: who is calling, which organizations they may see, and which one this request is about.

use std::sync::Arc;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use chrono::{DateTime, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::Secret;
use crate::error::{Error, Result};

/// The header naming the organization a request is about.
pub const ORGANIZATION_HEADER: &str = "X-Organization-ID";

/// What a verified token grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The token's subject, when it has one.
    pub subject: Option<String>,
    /// The organizations it grants.
    pub organizations: Vec<String>,
}

/// The caller of one request: what they are granted, and the organization the request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// What the token grants.
    pub grant: Grant,
    /// The organization named by the `X-Organization-ID` header, one the grant includes.
    pub organization: String,
}

impl Principal {
    /// Whether the caller may see an organization.
    pub fn may_see(&self, organization: &str) -> bool {
        self.grant.organizations.iter().any(|granted| granted == organization)
    }
}

/// The claims this service reads; `exp` is required, `org_ids` (an array) or `org_id` (Clerk's) names organizations.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Claims {
    /// Subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Not before, seconds since the epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Audience.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    /// Granted organizations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_ids: Option<Vec<String>>,
    /// One granted organization (Clerk-style tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
}

impl Claims {
    /// Claims granting `organizations` until `expires_at`.
    pub fn granting(organizations: &[&str], expires_at: DateTime<Utc>) -> Self {
        Self {
            sub: Some("demo".into()),
            exp: expires_at.timestamp(),
            org_ids: Some(organizations.iter().map(|o| (*o).to_owned()).collect()),
            ..Self::default()
        }
    }

    fn into_grant(self) -> Grant {
        let mut organizations = self.org_ids.unwrap_or_default();
        organizations.extend(self.org_id);
        organizations.sort();
        organizations.dedup();
        Grant {
            subject: self.sub,
            organizations,
        }
    }
}

/// Verifies bearer tokens.
#[derive(Clone)]
pub struct Authenticator {
    key: Arc<DecodingKey>,
    validation: Arc<Validation>,
}

impl Authenticator {
    /// Verifies HS256 tokens signed with `secret`, checking issuer and audience when given.
    pub fn hs256(secret: &Secret, issuer: Option<&str>, audience: Option<&str>) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        if let Some(issuer) = issuer {
            validation.set_issuer(&[issuer]);
        }
        match audience {
            Some(audience) => validation.set_audience(&[audience]),
            None => validation.validate_aud = false,
        }
        Self {
            key: Arc::new(DecodingKey::from_secret(secret.expose().as_bytes())),
            validation: Arc::new(validation),
        }
    }

    /// What a token grants, or UNAUTHORIZED saying what is wrong with it.
    pub fn verify(&self, token: &str) -> Result<Grant> {
        jsonwebtoken::decode::<Claims>(token, &self.key, &self.validation)
            .map(|data| data.claims.into_grant())
            .map_err(|error| Error::Unauthorized(rejection(error.kind()).into()))
    }

    /// The caller of a request, from its `Authorization` and `X-Organization-ID` headers.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Principal> {
        let token = bearer_token(headers)?.ok_or_else(|| {
            Error::Unauthorized("a bearer token is required: send `Authorization: Bearer <token>`".into())
        })?;
        let grant = self.verify(token)?;
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

/// Says what is wrong with a token without echoing it or the key.
fn rejection(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::ExpiredSignature => "the token has expired",
        ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)",
        ErrorKind::InvalidIssuer => "the token's issuer is not accepted",
        ErrorKind::InvalidAudience => "the token's audience is not accepted",
        ErrorKind::InvalidSignature => "the token's signature does not verify",
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => "the token's algorithm is not accepted",
        ErrorKind::MissingRequiredClaim(_) => "the token lacks a required claim (exp)",
        _ => "the token is malformed",
    }
}

/// Signs claims with HS256, for `demo` and tests.
pub fn mint_hs256(secret: &Secret, claims: &Claims) -> Result<String> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.expose().as_bytes()),
    )
    .map_err(|e| Error::Internal(format!("cannot sign a token: {e}")))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;
    use chrono::Duration;

    use super::*;

    fn secret() -> Secret {
        Secret::new("test-secret-test-secret-test-secret!")
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

    #[test]
    fn a_token_grants_its_org_ids_and_its_clerk_org_id() {
        let claims = Claims {
            org_ids: Some(vec!["org_b".into(), "org_a".into()]),
            org_id: Some("org_c".into()),
            ..Claims::granting(&[], Utc::now() + Duration::hours(1))
        };
        let token = mint_hs256(&secret(), &claims).unwrap();

        let grant = Authenticator::hs256(&secret(), None, None).verify(&token).unwrap();

        assert_eq!(grant.organizations, ["org_a", "org_b", "org_c"]);
    }

    #[test]
    fn an_expired_token_is_unauthorized() {
        let token = mint_hs256(
            &secret(),
            &Claims::granting(&["org_a"], Utc::now() - Duration::hours(1)),
        )
        .unwrap();

        let error = Authenticator::hs256(&secret(), None, None).verify(&token).unwrap_err();

        assert_eq!(error.to_string(), "the token has expired");
    }

    #[test]
    fn a_token_signed_with_another_secret_is_unauthorized() {
        let other = Secret::new("another-secret-another-secret-12345");
        let token = mint_hs256(&other, &Claims::granting(&["org_a"], Utc::now() + Duration::hours(1))).unwrap();

        let error = Authenticator::hs256(&secret(), None, None).verify(&token).unwrap_err();

        assert_eq!(error.to_string(), "the token's signature does not verify");
    }

    #[test]
    fn the_organization_header_must_be_granted() {
        let token = mint_hs256(
            &secret(),
            &Claims::granting(&["org_a"], Utc::now() + Duration::hours(1)),
        )
        .unwrap();
        let authenticator = Authenticator::hs256(&secret(), None, None);

        let granted = authenticator.authenticate(&headers(&token, Some("org_a"))).unwrap();
        let forbidden = authenticator.authenticate(&headers(&token, Some("org_b"))).unwrap_err();
        let missing = authenticator.authenticate(&headers(&token, None)).unwrap_err();

        assert_eq!(granted.organization, "org_a");
        assert!(matches!(forbidden, Error::Forbidden(org) if org == "org_b"));
        assert!(matches!(missing, Error::MissingHeader(_)));
    }

    #[test]
    fn issuer_and_audience_are_checked_when_configured() {
        let claims = Claims {
            iss: Some("https://other.example".into()),
            aud: Some("clinic-analytics".into()),
            ..Claims::granting(&["org_a"], Utc::now() + Duration::hours(1))
        };
        let token = mint_hs256(&secret(), &claims).unwrap();

        let wrong_issuer = Authenticator::hs256(&secret(), Some("https://issuer.example"), None).verify(&token);
        let wrong_audience = Authenticator::hs256(&secret(), None, Some("dashboard")).verify(&token);

        assert_eq!(
            wrong_issuer.unwrap_err().to_string(),
            "the token's issuer is not accepted"
        );
        assert_eq!(
            wrong_audience.unwrap_err().to_string(),
            "the token's audience is not accepted"
        );
    }

    #[test]
    fn a_malformed_authorization_header_is_unauthorized() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Token abc"));

        assert!(matches!(bearer_token(&headers), Err(Error::Unauthorized(_))));
    }
}
