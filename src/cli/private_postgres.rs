//! The demo's own PostgreSQL cluster, for machines whose default server will not let it in.
//!
//! A distribution's stock PostgreSQL asks for a password on loopback connections, so the demo's default URL is
//! refused there. Rather than stop at an authentication error, the demo starts a cluster of its own from the installed
//! server binaries: `initdb` into the user's cache directory, listening on a Unix socket only, in a directory only its
//! owner can enter, so `trust` lets in that OS user and nobody else. The cluster is kept between runs, so the second
//! run starts in a second and finds its clinics already seeded.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::config::DatabaseUrl;
use crate::error::StartupError;

type Result<T> = std::result::Result<T, StartupError>;

/// What to do when no server binaries are installed.
const INSTALL_HELP: &str = "\
the default PostgreSQL server refused the demo, and no PostgreSQL server binaries (initdb, pg_ctl) are installed \
to start a private one. Install them and run the demo again:
  Debian/Ubuntu:   sudo apt-get install postgresql
  Fedora:          sudo dnf install postgresql-server
  macOS Homebrew:  brew install postgresql@16
or run the demo in containers with `docker compose up`, or point DATABASE_URL and ADMIN_DATABASE_URL at a server \
that lets you in";

/// The OS user a root process runs the cluster as: PostgreSQL refuses to run as root.
const UNPRIVILEGED_USER: &str = "postgres";

/// A private cluster this process started or adopted; dropping it stops the server.
#[derive(Debug)]
pub struct PrivateCluster {
    binaries: PathBuf,
    data: PathBuf,
    socket_directory: PathBuf,
    run_as: Option<&'static str>,
}

impl PrivateCluster {
    /// Starts the private cluster, creating it on the first run; adopts it when a previous run left it running.
    pub fn start() -> Result<Self> {
        let binaries = server_binaries().ok_or_else(|| StartupError::Config(INSTALL_HELP.to_owned()))?;
        let major = major_version(&binaries)?;
        let running_as_root = process_is_root()?;
        let base = cluster_base(running_as_root)?.join(format!("postgres-{major}"));
        let run_as = running_as_root.then_some(UNPRIVILEGED_USER);
        let cluster = Self {
            data: base.join("data"),
            socket_directory: base.join("run"),
            binaries,
            run_as,
        };
        cluster.prepare_directories(&base)?;
        if !cluster.data.join("PG_VERSION").exists() {
            eprintln!(
                "initialising a private PostgreSQL {major} cluster in {}",
                cluster.data.display()
            );
            cluster.initdb()?;
        }
        if cluster.pg_ctl(&["status"])?.status.success() {
            eprintln!(
                "using the private PostgreSQL cluster already running in {}",
                cluster.data.display()
            );
        } else {
            eprintln!("starting the private PostgreSQL cluster in {}", cluster.data.display());
            let log = base.join("postgres.log");
            let started = cluster.pg_ctl(&["-w", "-t", "60", "-l", &log.to_string_lossy(), "start"])?;
            if !started.status.success() {
                return Err(StartupError::Config(format!(
                    "the private PostgreSQL cluster did not start (see {}): {}",
                    log.display(),
                    String::from_utf8_lossy(&started.stderr).trim()
                )));
            }
        }
        Ok(cluster)
    }

    /// The URL of `database` on this cluster, logging in as `user` over its socket.
    pub fn url(&self, user: &str, database: &str) -> Result<DatabaseUrl> {
        let socket: String =
            url::form_urlencoded::byte_serialize(self.socket_directory.as_os_str().as_encoded_bytes()).collect();
        format!("postgres://{user}@localhost/{database}?host={socket}")
            .parse()
            .map_err(StartupError::Config)
    }

    /// Where the cluster keeps its files.
    pub fn data_directory(&self) -> &Path {
        &self.data
    }

    fn prepare_directories(&self, base: &Path) -> Result<()> {
        for directory in [base, &self.socket_directory] {
            fs::create_dir_all(directory).map_err(|e| io_error(directory, &e))?;
            // The socket directory is the only door: nobody but the cluster's owner may pass it.
            fs::set_permissions(directory, fs::Permissions::from_mode(0o700)).map_err(|e| io_error(directory, &e))?;
        }
        if let Some(user) = self.run_as {
            let owned = output(Command::new("chown").args(["-R", &format!("{user}:{user}")]).arg(base))?;
            if !owned.status.success() {
                return Err(StartupError::Config(format!(
                    "cannot hand {} to the OS user {user}, which runs the private cluster because PostgreSQL \
                     refuses to run as root: {}",
                    base.display(),
                    String::from_utf8_lossy(&owned.stderr).trim()
                )));
            }
        }
        Ok(())
    }

    fn initdb(&self) -> Result<()> {
        let initialised = output(
            self.as_owner(&self.binaries.join("initdb"))
                .arg("-D")
                .arg(&self.data)
                .args([
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                    "--no-instructions",
                ]),
        )?;
        if !initialised.status.success() {
            return Err(StartupError::Config(format!(
                "initdb could not create the private cluster in {}: {}",
                self.data.display(),
                String::from_utf8_lossy(&initialised.stderr).trim()
            )));
        }
        // A socket only, and no TCP port: the directory's permissions decide who may connect.
        let settings = format!(
            "\n# clinic-analytics demo: a Unix socket only, in a directory only its owner can enter\n\
             listen_addresses = ''\nunix_socket_directories = '{}'\nunix_socket_permissions = 0700\n",
            self.socket_directory.display().to_string().replace('\'', "''")
        );
        let conf = self.data.join("postgresql.conf");
        let mut text = fs::read_to_string(&conf).map_err(|e| io_error(&conf, &e))?;
        text.push_str(&settings);
        fs::write(&conf, text).map_err(|e| io_error(&conf, &e))
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<Output> {
        output(
            self.as_owner(&self.binaries.join("pg_ctl"))
                .arg("-D")
                .arg(&self.data)
                .args(args),
        )
    }

    /// A command running `program` as the cluster's OS user.
    fn as_owner(&self, program: &Path) -> Command {
        match self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(program);
                command
            }
            None => Command::new(program),
        }
    }
}

fn output(command: &mut Command) -> Result<Output> {
    command
        .output()
        .map_err(|e| StartupError::Config(format!("cannot run {:?}: {e}", command.get_program())))
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        match self.pg_ctl(&["-w", "-m", "fast", "stop"]) {
            Ok(output) if output.status.success() => eprintln!("stopped the private PostgreSQL cluster"),
            Ok(output) => eprintln!(
                "the private PostgreSQL cluster did not stop: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ),
            Err(error) => eprintln!("the private PostgreSQL cluster did not stop: {error}"),
        }
    }
}

/// The directory holding `initdb` and `pg_ctl`: on the PATH, from `pg_config`, or where distributions install them.
fn server_binaries() -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>());
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()));
    let versioned = [
        ("/usr/lib/postgresql", ""),          // Debian, Ubuntu: /usr/lib/postgresql/15/bin
        ("/usr", "pgsql-"),                   // the PGDG RPMs: /usr/pgsql-16/bin
        ("/opt/homebrew/opt", "postgresql@"), // Homebrew on Apple silicon
        ("/usr/local/opt", "postgresql@"),    // Homebrew on Intel
    ]
    .into_iter()
    .filter_map(|(parent, prefix)| newest_versioned(Path::new(parent), prefix));
    on_path.chain(from_pg_config).chain(versioned).find(|dir| has_both(dir))
}

/// `<parent>/<prefix><version>/bin` with the highest major version, when there is one.
fn newest_versioned(parent: &Path, prefix: &str) -> Option<PathBuf> {
    fs::read_dir(parent)
        .ok()?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let version: u32 = name.strip_prefix(prefix)?.parse().ok()?;
            Some((version, parent.join(name).join("bin")))
        })
        .max_by_key(|(version, _)| *version)
        .map(|(_, bin)| bin)
}

/// The server's major version, from `initdb --version` ("initdb (PostgreSQL) 15.19").
fn major_version(binaries: &Path) -> Result<String> {
    let output = Command::new(binaries.join("initdb"))
        .arg("--version")
        .output()
        .map_err(|e| StartupError::Config(format!("cannot run initdb: {e}")))?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace()
        .last()
        .and_then(|version| version.split('.').next())
        .filter(|major| !major.is_empty() && major.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .ok_or_else(|| StartupError::Config(format!("cannot read initdb's version from {text:?}")))
}

/// Where the cluster lives: the user's cache directory, or for root one the unprivileged user can own.
fn cluster_base(running_as_root: bool) -> Result<PathBuf> {
    if running_as_root {
        return Ok(PathBuf::from("/var/tmp/clinic-analytics"));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .ok_or_else(|| StartupError::Config("neither XDG_CACHE_HOME nor HOME is set".to_owned()))?;
    Ok(cache.join("clinic-analytics"))
}

/// Whether this process runs as root, read from the owner of a directory it creates (no `unsafe` needed).
fn process_is_root() -> Result<bool> {
    let probe = std::env::temp_dir().join(format!("clinic-analytics-uid-{}", std::process::id()));
    fs::create_dir_all(&probe).map_err(|e| io_error(&probe, &e))?;
    let uid = fs::metadata(&probe).map_err(|e| io_error(&probe, &e))?.uid();
    let _ = fs::remove_dir(&probe);
    Ok(uid == 0)
}

fn io_error(path: &Path, error: &std::io::Error) -> StartupError {
    StartupError::Config(format!("{}: {error}", path.display()))
}
