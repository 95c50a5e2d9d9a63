//! The `egov-portal` command: `serve` (default), `migrate`, `seed [--demo]`.

mod allocator;

use std::io::IsTerminal;
use std::process::ExitCode;

use actix_web::cookie::Key;
use actix_web::{HttpServer, web};
use clap::{Parser, Subcommand};
use diesel::Connection;
use egov_portal::app;
use egov_portal::config::Config;
use egov_portal::domain::TIME_ZONE;
use egov_portal::domain::calendar::DayKind;
use egov_portal::domain::catalog::{Counting, Duration, DurationUnit};
use egov_portal::state::AppState;
use egov_portal::web::session_store::Store;
use egov_portal::{db, i18n, repo, seed, staff_cli};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(version, about = "eGov education services portal (Kazakh / Russian)")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve HTTP on BIND (the default command).
    Serve,
    /// Create the database if needed and apply pending migrations.
    Migrate,
    /// Load the portal's reference data; with --demo also demo accounts, printed at the end.
    /// The service catalog: `catalog check [DIR]` checks the service files (default: the
    /// files compiled into this binary).
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// When is a step due? `deadline --from 2026-03-20T17:45 --amount 1 --unit working_days`
    /// prints the due instant (Kazakhstan time, ISO 8601) using the calendar in the database.
    /// With `--counting` it is a service's legal deadline counted by that rule instead.
    Deadline {
        /// Start: local Kazakhstan time `YYYY-MM-DDTHH:MM`, or RFC 3339 with an offset.
        #[arg(long, value_parser = parse_start)]
        from: chrono::DateTime<chrono::Utc>,
        #[arg(long)]
        amount: u32,
        /// minutes | hours | working_days | calendar_days
        #[arg(long, value_parser = parse_unit)]
        unit: DurationUnit,
        /// from_moment | acceptance_day_not_counted: a term's counting rule
        #[arg(long, value_parser = parse_counting)]
        counting: Option<Counting>,
    },
    /// The working calendar: list a year, add or remove a date.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    Seed {
        /// Also create the demo citizens and staff (idempotent) and print their sign-ins.
        #[arg(long)]
        demo: bool,
    },
    /// Staff accounts: `staff add --organization CODE --role ROLE --login LOGIN --password P
    /// --name "Full name"`, `staff list [--organization CODE]`, `staff disable --login LOGIN`.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Adds an account: clerk | head | executor | org_admin (of an organization), sysadmin |
    /// operator (of none).
    Add {
        #[arg(long)]
        organization: Option<String>,
        #[arg(long)]
        role: String,
        #[arg(long)]
        login: String,
        #[arg(long)]
        password: String,
        #[arg(long)]
        name: String,
    },
    /// Lists accounts, of one organization or all.
    List {
        #[arg(long)]
        organization: Option<String>,
    },
    /// Disables an account: it cannot sign in, and its sessions end.
    Disable {
        #[arg(long)]
        login: String,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Every holiday and moved day of a year.
    List {
        #[arg(long)]
        year: i32,
    },
    /// Add a date (holiday | day_off_moved_here | working_day_moved_here).
    Add {
        #[arg(long)]
        date: chrono::NaiveDate,
        #[arg(long, value_parser = parse_kind)]
        kind: DayKind,
        #[arg(long)]
        name_kk: String,
        #[arg(long)]
        name_ru: String,
    },
    /// Remove a date.
    Remove {
        #[arg(long)]
        date: chrono::NaiveDate,
    },
}

fn parse_start(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(at.with_timezone(&chrono::Utc));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
        .map(egov_portal::domain::calendar::utc)
        .ok_or_else(|| format!("{s:?} is not a time like 2026-03-20T17:45"))
}

fn parse_unit(s: &str) -> Result<DurationUnit, String> {
    DurationUnit::parse(s)
        .ok_or_else(|| format!("{s:?} is not one of minutes, hours, working_days, calendar_days"))
}

fn parse_counting(s: &str) -> Result<Counting, String> {
    match s {
        "from_moment" => Ok(Counting::FromMoment),
        "acceptance_day_not_counted" => Ok(Counting::AcceptanceDayNotCounted),
        _ => Err(format!(
            "{s:?} is not one of from_moment, acceptance_day_not_counted"
        )),
    }
}

fn parse_kind(s: &str) -> Result<DayKind, String> {
    DayKind::parse(s).ok_or_else(|| {
        format!("{s:?} is not one of holiday, day_off_moved_here, working_day_moved_here")
    })
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Parse and check every service file; print each service or each problem.
    Check { dir: Option<std::path::PathBuf> },
}

/// Keeps the server's memory bounded under load, before any thread starts. glibc gives each
/// thread that allocates while another holds an arena its own arena (up to 8 per core), and
/// keeps freed memory in them; and after the first large block is freed it raises the size
/// from which blocks are mapped apart (up to 32 MiB), so the 12 MiB of each password hash then
/// stays in an arena too. Blocks of 1 MiB and more are mapped and unmapped as they come and
/// go; they are all glibc still serves (`allocator`: smaller ones come from mimalloc, so the
/// two arenas are no longer a lock every request waits on). (`docs/benchmarks.md` has the
/// resident sizes under load.)
/// (`MALLOC_ARENA_MAX` in the environment would do the first, but only if every deployment set
/// it.)
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn bound_malloc() {
    // SAFETY: mallopt only sets allocator parameters; it is called before any other thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, allocator::LARGE as i32);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn bound_malloc() {}

#[global_allocator]
static ALLOCATOR: allocator::PortalAllocator = allocator::PortalAllocator;

fn main() -> ExitCode {
    bound_malloc();
    // Logs go to stderr (stdout is for what a command prints, e.g. the demo accounts).
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    i18n::init();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => migrate(&config).map(|_| ()),
        Command::Seed { demo } => run_seed(&config, demo),
        Command::Deadline {
            from,
            amount,
            unit,
            counting,
        } => deadline(&config, from, Duration { amount, unit }, counting),
        Command::Calendar { command } => edit_calendar(&config, command),
        Command::Staff { command } => manage_staff(&config, command),
        Command::Catalog {
            command: CatalogCommand::Check { dir },
        } => check_catalog(dir.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// One clear line (plus a hint line where there is one) instead of a panic or a backtrace.
fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::FAILURE
}

fn check_catalog(dir: Option<&std::path::Path>) -> anyhow::Result<()> {
    let parsed = match dir {
        Some(dir) => egov_portal::catalog::from_dir(dir)?,
        None => egov_portal::catalog::embedded(),
    };
    let catalog = parsed.map_err(catalog_errors)?;
    for s in &catalog.services {
        let online = if s.is_online() { "online" } else { "offline" };
        let steps: usize = s.paths.iter().map(|p| p.steps.len()).sum();
        println!(
            "ok  {:<20} {:<14} {online:<8} {steps:>2} steps  {}",
            s.code,
            s.category.as_str(),
            s.name.ru
        );
    }
    println!("{} services", catalog.services.len());
    Ok(())
}

/// Every problem of every service file, one per line.
fn catalog_errors(errors: Vec<egov_portal::domain::catalog::FileError>) -> anyhow::Error {
    let lines: Vec<String> = errors
        .iter()
        .flat_map(|e| {
            e.problems
                .iter()
                .map(move |p| format!("  services/{}: {p}", e.file))
        })
        .collect();
    anyhow::anyhow!("the service catalog is broken:\n{}", lines.join("\n"))
}

fn connect(config: &Config) -> anyhow::Result<diesel::PgConnection> {
    migrate(config)?;
    Ok(diesel::PgConnection::establish(&config.database_url)?)
}

fn deadline(
    config: &Config,
    from: chrono::DateTime<chrono::Utc>,
    duration: Duration,
    counting: Option<Counting>,
) -> anyhow::Result<()> {
    let calendar = repo::calendar::load(&mut connect(config)?, config.working_hours)?;
    let due = match counting {
        None => calendar.due(from, duration),
        Some(counting) => calendar.deadline(from, duration, counting),
    };
    println!("{}", due.with_timezone(&TIME_ZONE).to_rfc3339());
    Ok(())
}

fn manage_staff(config: &Config, command: StaffCommand) -> anyhow::Result<()> {
    let mut conn = connect(config)?;
    let lines = match command {
        StaffCommand::Add {
            organization,
            role,
            login,
            password,
            name,
        } => vec![staff_cli::add(
            &mut conn,
            &staff_cli::AddStaff {
                organization: organization.as_deref(),
                role: &role,
                login: &login,
                password: &password,
                name: &name,
            },
        )?],
        StaffCommand::List { organization } => staff_cli::list(&mut conn, organization.as_deref())?,
        StaffCommand::Disable { login } => vec![staff_cli::disable(&mut conn, &login)?],
    };
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

fn edit_calendar(config: &Config, command: CalendarCommand) -> anyhow::Result<()> {
    let mut conn = connect(config)?;
    match command {
        CalendarCommand::List { year } => {
            for day in repo::calendar::list_year(&mut conn, year)? {
                println!(
                    "{}  {}  {:<22}  {} / {}",
                    day.date,
                    day.date.format("%a"),
                    day.kind,
                    day.name_kk,
                    day.name_ru
                );
            }
        }
        CalendarCommand::Add {
            date,
            kind,
            name_kk,
            name_ru,
        } => {
            repo::calendar::add(&mut conn, date, kind, &name_kk, &name_ru)?;
            println!("added {date} {}", kind.as_str());
        }
        CalendarCommand::Remove { date } => {
            repo::calendar::remove(&mut conn, date)?;
            println!("removed {date}");
        }
    }
    Ok(())
}

fn migrate(config: &Config) -> anyhow::Result<usize> {
    let applied = db::migrate(&config.database_url)?;
    tracing::info!(applied, database = %db::redact(&config.database_url), "migrations up to date");
    Ok(applied)
}

/// The service files and the provider directory compiled into this binary, checked and
/// written to the database.
fn load_reference_data(config: &Config) -> anyhow::Result<egov_portal::domain::catalog::Catalog> {
    let catalog = egov_portal::catalog::embedded().map_err(catalog_errors)?;
    let directory = egov_portal::organizations::embedded().map_err(anyhow::Error::msg)?;
    let mut conn = diesel::PgConnection::establish(&config.database_url)?;
    let services = repo::services::sync(&mut conn, &catalog)?;
    let organizations = repo::organizations::sync(&mut conn, &directory)?;
    tracing::info!(services, organizations, "reference data loaded");
    Ok(catalog)
}

fn run_seed(config: &Config, demo: bool) -> anyhow::Result<()> {
    migrate(config)?;
    let catalog = load_reference_data(config)?;
    println!(
        "Service catalog ({} services) and provider directory written.",
        catalog.services.len()
    );
    if !demo {
        return Ok(());
    }
    let mut conn = diesel::PgConnection::establish(&config.database_url)?;
    let created = seed::demo(&mut conn)?;
    println!("Demo citizens ({created} created now; sign in at /login):");
    for c in seed::DEMO_CITIZENS {
        println!(
            "  IIN {}  password {}  — {} {} {}",
            c.iin, c.password, c.last_name, c.first_name, c.middle_name
        );
    }
    let created = seed::demo_staff_accounts(&mut conn)?;
    println!("Demo staff ({created} created now; sign in at /admin/login):");
    for s in seed::demo_staff() {
        println!(
            "  login {:<28} password {:<16} {:<10} {}",
            s.login,
            s.password,
            s.role,
            s.organization.unwrap_or("—")
        );
    }
    Ok(())
}

fn serve(config: Config) -> anyhow::Result<()> {
    migrate(&config)?;
    let catalog = load_reference_data(&config)?;
    let pool = db::pool(&config.database_url, config.db_pool_size)?;
    if config.result_key_is_development {
        tracing::warn!(
            "RESULT_KEY is not set: organizations' signing keys are sealed with the public development key"
        );
    }
    let session_key = config.session_key.clone().unwrap_or_else(|| {
        tracing::warn!(
            "SESSION_KEY is not set: using a random key, so every session ends when the portal restarts"
        );
        Key::generate()
    });
    let sms: std::sync::Arc<dyn egov_portal::sms::SmsGateway> =
        std::sync::Arc::new(egov_portal::sms::DevelopmentGateway);
    let email: Option<Box<dyn egov_portal::jobs::EmailTransport>> = match &config.smtp_url {
        Some(url) => {
            let mailer = egov_portal::jobs::Mailer::new(url, &config.smtp_from)
                .map_err(|e| anyhow::anyhow!("SMTP_URL / SMTP_FROM: {e}"))?;
            tracing::info!("e-mail: sending the outbox through SMTP");
            Some(Box::new(mailer))
        }
        None => {
            tracing::info!("e-mail: SMTP_URL is not set, e-mails stay in the outbox");
            None
        }
    };
    tracing::warn!("SMS: no gateway is configured, text messages are only logged (development)");
    egov_portal::jobs::spawn_worker(
        pool.clone(),
        egov_portal::jobs::OutboxSender::new(email, sms.clone()),
        config.working_hours,
        config.watch_interval,
    );
    let bind = config.bind.clone();
    let state = web::Data::new(AppState::new(
        pool,
        std::sync::Arc::new(catalog),
        config,
        sms,
    ));
    tracing::info!("listening on http://{bind}");
    let redis_url = state.config.redis_url.clone();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let blocking_threads = (state.config.db_pool_size as usize)
        .div_ceil(workers)
        .max(2);
    actix_web::rt::System::new().block_on(async move {
        let sessions = Store::connect(redis_url.as_deref()).await?;
        if redis_url.is_some() {
            tracing::info!("sessions are kept in Redis");
        }
        HttpServer::new(move || app::build(state.clone(), session_key.clone(), sessions.clone()))
            .workers(workers)
            // Database work runs on these threads (`AppState::db`) and needs a pooled
            // connection: more threads than connections would only wait for one, each with its
            // stack and memory, so work beyond them waits in the queue instead (actix's default
            // is 512 threads per worker).
            .worker_max_blocking_threads(blocking_threads)
            .bind(&bind)
            .map_err(|e| {
                anyhow::anyhow!("cannot listen on {bind}: {e} (set BIND to a free address)")
            })?
            .run()
            .await?;
        Ok(())
    })
}
