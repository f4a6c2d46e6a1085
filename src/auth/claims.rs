//! The claims of a bearer token this service reads, what they grant, and signing tokens for the demo and tests.

use chrono::{DateTime, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Grant;
use crate::config::Secret;
use crate::error::{Error, Result};

/// The claims this service reads: `exp` is required; `org_ids` (an array), `org_id` (Clerk's first session tokens)
/// and `o.id` (Clerk's current ones) name organizations.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Claims {
    /// Subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Expiry, seconds since the epoch. (Defaulted only so that a token without it is refused for lacking `exp`,
    /// by validation, rather than as malformed.)
    #[serde(default)]
    pub exp: i64,
    /// Not before, seconds since the epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Audience: one, or several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<Audience>,
    /// Granted organizations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_ids: Option<Vec<String>>,
    /// One granted organization (Clerk's v1 session tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// The active organization (Clerk's v2 session tokens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub o: Option<ActiveOrganization>,
}

/// The `aud` claim, which RFC 7519 lets be a string or an array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    /// One audience.
    One(String),
    /// Several.
    Many(Vec<String>),
}

/// Clerk's `o` claim: the session's active organization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveOrganization {
    /// The organization's id.
    pub id: String,
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

    /// What the claims grant. The caller is the issuer and subject (a user keeps their rate limit across token
    /// refreshes), or the token itself when it names no subject.
    pub(super) fn into_grant(self, token: &str) -> Grant {
        let caller = match &self.sub {
            Some(subject) => format!("jwt:{}:{subject}", self.iss.as_deref().unwrap_or_default()),
            None => {
                let digest = Sha256::digest(token.as_bytes());
                let short: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
                format!("jwt-token:{short}")
            }
        };
        let mut organizations = self.org_ids.unwrap_or_default();
        organizations.extend(self.org_id);
        organizations.extend(self.o.map(|o| o.id));
        organizations.retain(|id| !id.is_empty());
        organizations.sort();
        organizations.dedup();
        Grant {
            subject: self.sub,
            organizations: organizations.into(),
            caller,
            expires_at: chrono::DateTime::from_timestamp(self.exp, 0),
        }
    }
}

/// What every token must satisfy, whichever key signed it.
#[derive(Debug, Clone, Default)]
pub struct TokenRules {
    /// The one accepted issuer, when configured (then required).
    pub issuer: Option<String>,
    /// The accepted audience, when configured (then required).
    pub audience: Option<String>,
    /// Clock skew tolerated on `exp` and `nbf`, in seconds.
    pub leeway_seconds: u64,
}

impl TokenRules {
    /// The validation of a token signed with `algorithm`: only that algorithm, `exp` required, `nbf` honoured, and
    /// issuer and audience required when configured (jsonwebtoken only checks claims that are present).
    pub fn validation(&self, algorithm: Algorithm) -> Validation {
        let mut validation = Validation::new(algorithm);
        let mut required = vec!["exp"];
        validation.validate_nbf = true;
        validation.leeway = self.leeway_seconds;
        if let Some(issuer) = &self.issuer {
            validation.set_issuer(&[issuer]);
            required.push("iss");
        }
        match &self.audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                required.push("aud");
            }
            None => validation.validate_aud = false,
        }
        validation.set_required_spec_claims(&required);
        validation
    }
}

/// Says what is wrong with a token without echoing it or the key.
pub fn rejection(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::ExpiredSignature => "the token has expired",
        ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)",
        ErrorKind::InvalidIssuer => "the token's issuer is not accepted",
        ErrorKind::InvalidAudience => "the token's audience is not accepted",
        ErrorKind::InvalidSignature => "the token's signature does not verify",
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => "the token's algorithm is not accepted",
        ErrorKind::MissingRequiredClaim(claim) if claim == "iss" => "the token lacks the required issuer (iss)",
        ErrorKind::MissingRequiredClaim(claim) if claim == "aud" => "the token lacks the required audience (aud)",
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
    use super::*;

    fn claims() -> Claims {
        Claims::granting(&[], Utc::now())
    }

    #[test]
    fn org_ids_clerk_org_id_and_clerk_active_organization_are_all_granted_once() {
        let claims = Claims {
            org_ids: Some(vec!["org_b".into(), "org_a".into()]),
            org_id: Some("org_c".into()),
            o: Some(ActiveOrganization { id: "org_a".into() }),
            ..claims()
        };

        let grant = claims.into_grant("token");

        assert_eq!(*grant.organizations, ["org_a", "org_b", "org_c"]);
    }

    #[test]
    fn the_caller_is_issuer_and_subject_or_else_the_token_digest() {
        let with_subject = Claims {
            iss: Some("https://clerk.example".into()),
            ..claims()
        };
        let without_subject = Claims { sub: None, ..claims() };

        assert_eq!(with_subject.into_grant("a").caller, "jwt:https://clerk.example:demo");
        assert_eq!(
            without_subject.into_grant("abc").caller,
            "jwt-token:ba7816bf8f01cfea414140de"
        );
    }

    #[test]
    fn an_audience_may_be_one_string_or_an_array() {
        let one: Claims = serde_json::from_str(r#"{"exp": 1, "aud": "dashboard"}"#).unwrap();
        let many: Claims = serde_json::from_str(r#"{"exp": 1, "aud": ["dashboard", "api"]}"#).unwrap();

        assert_eq!(one.aud, Some(Audience::One("dashboard".into())));
        assert_eq!(many.aud, Some(Audience::Many(vec!["dashboard".into(), "api".into()])));
    }

    #[test]
    fn configured_issuer_and_audience_become_required_claims() {
        let rules = TokenRules {
            issuer: Some("https://issuer.example".into()),
            audience: Some("dashboard".into()),
            leeway_seconds: 30,
        };

        let validation = rules.validation(Algorithm::RS256);

        assert_eq!(validation.algorithms, [Algorithm::RS256]);
        assert!(validation.required_spec_claims.contains("iss"));
        assert!(validation.required_spec_claims.contains("aud"));
        assert!(validation.required_spec_claims.contains("exp"));
        assert!(validation.validate_nbf);
        assert_eq!(validation.leeway, 30);
    }
}
