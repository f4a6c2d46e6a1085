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

/// Memory the kept requests may hold, weighed at about ten times their bytes.
const KNOWN_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// A request as read and understood once.
#[derive(Debug)]
pub struct Understood {
    /// The digest of the request's bytes as sent.
    pub digest: u128,
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
                    u32::try_from(1_024 + 10 * understood.query.len()).unwrap_or(u32::MAX)
                })
                .build(),
            digester: Digester::default(),
        }
    }
}

impl KnownRequests {
    /// The request `sent` (its method and bytes) carries: as understood before, or read by `read`, checked against
    /// `limits` on its text before anything parses it, and understood now. A request that fails to read or to pass
    /// the checks is not kept.
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
            query: request.query,
            operation_name: request.operation_name,
            variables: request.variables,
            document,
            roots,
        });
        self.known.insert(digest, understood.clone()).await;
        Ok(understood)
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
    async fn a_request_sent_again_is_understood_once() {
        let known = KnownRequests::default();
        let read = async { Ok(async_graphql::Request::new("{ __typename }")) };

        let first = known.understand(&[b"POST", b"body"], &limits(), read).await.unwrap();
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
