//! A TCP proxy between the service and PostgreSQL that a test can cut (refusing new connections and dropping open
//! ones) and restore: a real network fault, not a mock.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The proxy's controls.
pub struct Proxy {
    /// The port the service connects to.
    pub port: u16,
    cut: Arc<AtomicBool>,
    cuts: watch::Sender<u64>,
    attempts: Arc<AtomicU64>,
}

impl Proxy {
    /// Starts forwarding a local port to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let (cuts, _) = watch::channel(0u64);
        let attempts = Arc::new(AtomicU64::new(0));
        let proxy = Self {
            port,
            cut: cut.clone(),
            cuts: cuts.clone(),
            attempts: attempts.clone(),
        };
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                attempts.fetch_add(1, Ordering::SeqCst);
                if cut.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let mut cut_signal = cuts.subscribe();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut_signal.changed() => {}
                    }
                });
            }
        });
        proxy
    }

    /// Refuses new connections and drops every open one.
    pub fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        self.cuts.send_modify(|n| *n += 1);
    }

    /// Forwards again.
    pub fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }

    /// Connections attempted through the proxy so far.
    pub fn attempts(&self) -> u64 {
        self.attempts.load(Ordering::SeqCst)
    }
}
