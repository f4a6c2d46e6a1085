//! Requests read once: a dashboard sends the same request again and again, and reading it — the JSON, the checks on
//! its text, parsing its document and finding what its root fields ask for — would otherwise be most of what
//! answering it from the response cache costs. Requests are kept by a keyed digest of their bytes as sent.

use std::sync::Arc;

use async_graphql::Variables;
use async_graphql::parser::parse_query;
use async_graphql::parser::types::ExecutableDocument;
use moka::future::Cache;

use super::document::{RootFields, root_fields};
use crate::auth::Digester;
use crate::error::Result;
use crate::limits::QueryLimits;

/// Memory the kept requests may hold.
const KNOWN_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// What a kept request is weighed at, per byte sent: its parsed document and variables hold many times their text (a
/// JSON list of small numbers, some 30 times).
const WEIGHT_PER_BYTE_SENT: usize = 32;

/// A request not asked again for this long is forgotten.
const KEPT_WHILE_ASKED_WITHIN: std::time::Duration = std::time::Duration::from_secs(600);

/// A request as read and understood once.
#[derive(Debug)]
pub struct Understood {
    /// The digest of the request's bytes as sent.
    pub digest: u128,
    /// How many bytes were sent.
    pub sent_bytes: usize,
    /// The document's text.
    pub query: String,
    /// The operation to run, when named.
    pub operation_name: Option<String>,
    /// The variables.
    pub variables: Variables,
    /// The parsed document; None when it does not parse (execution then says why).
    pub document: Option<Arc<ExecutableDocument>>,
    /// What the operation's root fields ask for; None when the document names no such operation.
    pub roots: Option<RootFields>,
}

impl Understood {
    /// The request to execute, its document already parsed.
    pub fn request(&self) -> async_graphql::Request {
        let mut request = async_graphql::Request::new(self.query.clone()).variables(self.variables.clone());
        request.operation_name = self.operation_name.clone();
        if let Some(document) = &self.document {
            request.set_parsed_query(ExecutableDocument::clone(document));
        }
        request
    }
}

/// Requests read before, by the digest of their bytes.
#[derive(Clone)]
pub struct KnownRequests {
    known: Cache<u128, Arc<Understood>>,
    digester: Digester,
}

impl Default for KnownRequests {
    fn default() -> Self {
        Self {
            known: Cache::builder()
                .max_capacity(KNOWN_MAX_BYTES)
                .weigher(|_, understood: &Arc<Understood>| {
                    u32::try_from(1_024 + WEIGHT_PER_BYTE_SENT * understood.sent_bytes).unwrap_or(u32::MAX)
                })
                .time_to_idle(KEPT_WHILE_ASKED_WITHIN)
                .build(),
            digester: Digester::default(),
        }
    }
}

impl KnownRequests {
    /// The request `sent` (its method and bytes) carries: as understood before, or read by `read`, checked against
    /// `limits` on its text before anything parses it, and understood now. It is kept only when [`Self::keep`] says
    /// so, once it passed what comes after (authentication).
    pub async fn understand(
        &self,
        sent: &[&[u8]],
        limits: &QueryLimits,
        read: impl Future<Output = Result<async_graphql::Request>>,
    ) -> Result<Arc<Understood>> {
        let digest = self.digester.digest(sent);
        if let Some(understood) = self.known.get(&digest).await {
            return Ok(understood);
        }
        let request = read.await?;
        limits.check_text(&request.query)?;
        let document = parse_query(&request.query).ok().map(Arc::new);
        let roots = document
            .as_deref()
            .and_then(|document| root_fields(document, request.operation_name.as_deref(), &request.variables));
        let understood = Arc::new(Understood {
            digest,
            sent_bytes: sent.iter().map(|part| part.len()).sum(),
            query: request.query,
            operation_name: request.operation_name,
            variables: request.variables,
            document,
            roots,
        });
        Ok(understood)
    }

    /// Keeps a request understood, so the same request sent again is not read again.
    pub async fn keep(&self, understood: Arc<Understood>) {
        self.known.insert(understood.digest, understood).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn limits() -> QueryLimits {
        QueryLimits::small()
    }

    #[tokio::test]
    async fn a_request_kept_and_sent_again_is_understood_once() {
        let known = KnownRequests::default();
        let read = async { Ok(async_graphql::Request::new("{ __typename }")) };

        let first = known.understand(&[b"POST", b"body"], &limits(), read).await.unwrap();
        known.keep(first.clone()).await;
        let again = known
            .understand(&[b"POST", b"body"], &limits(), async { panic!("read again") })
            .await
            .unwrap();

        assert!(Arc::ptr_eq(&first, &again));
        assert!(first.roots.as_ref().unwrap().introspection_only);
    }

    #[tokio::test]
    async fn a_request_over_the_text_limits_is_refused_every_time_and_an_unparsable_one_kept_for_execution() {
        let known = KnownRequests::default();
        let large = || async { Ok(async_graphql::Request::new("{ a ".repeat(40) + &"}".repeat(40))) };

        let first = known.understand(&[b"large"], &limits(), large()).await.unwrap_err();
        let again = known.understand(&[b"large"], &limits(), large()).await.unwrap_err();
        let broken = known
            .understand(&[b"broken"], &limits(), async {
                Ok(async_graphql::Request::new("{ a {"))
            })
            .await
            .unwrap();

        assert!(matches!((first, again), (Error::QueryLimit(_), Error::QueryLimit(_))));
        assert!(broken.document.is_none() && broken.roots.is_none());
    }
}
