//! The `candor` command line: the engine and the store, headless. It is how a PM scripts a
//! case, how CI checks one, and how the app's figures can be reproduced outside the window.
//!
//! Boundaries: argument parsing, file reading/writing and text output only. Every figure
//! comes from `candor-engine`, every stored case from `candor-store`.
//! Exit codes: 0 success, 2 bad usage or bad input (message on stderr), 1 internal failure.

mod outputs;
mod render;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use candor_engine::{Case, Catalog, Day, EngineError, shipped};
use candor_store::{Store, StoreError};
use clap::{Parser, Subcommand};
use outputs::{ChartFile, deck_progress};

#[derive(Debug, Parser)]
#[command(
    name = "candor",
    version,
    about = "Business cases for generative-AI projects in healthcare, honest about uncertainty"
)]
struct Cli {
    /// Database file (default: $CANDOR_DB, else the app's data directory).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the shipped templates.
    Templates,
    /// Create a case in the store from a template.
    New {
        /// Template id or name (see `candor templates`).
        #[arg(long)]
        template: String,
        /// Name of the new case (default: the template's, numbered if taken).
        #[arg(long)]
        name: Option<String>,
    },
    /// List the cases in the store with their key figures.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Import a case file into the store.
    Import { file: PathBuf },
    /// Move a case to the trash, with its versions (`candor restore` brings it back).
    Delete {
        /// The id or name of a stored case.
        case: String,
    },
    /// Bring a case back from the trash, with every version, under the same id.
    Restore {
        /// The id or name of a case in the trash (see `candor trash`).
        case: String,
    },
    /// List the cases in the trash, or empty it.
    Trash {
        /// Delete every case in the trash for good, with its versions.
        #[arg(long)]
        empty: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write a case as a case file (json), its monthly cash flow (csv) or a workbook (xlsx).
    Export {
        /// A case file, or the id or name of a stored case.
        case: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// json, csv or xlsx (default: from the file's extension, else json).
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        #[arg(long)]
        scenario: Option<String>,
        /// Trials of the simulation sheets of an xlsx (0 leaves them out).
        #[arg(long, default_value_t = 10_000)]
        trials: usize,
    },
    /// Evaluate a case: metrics and yearly (or monthly) cash flows.
    Eval {
        /// A case file, or the id or name of a stored case.
        case: String,
        #[arg(long)]
        scenario: Option<String>,
        /// Machine-readable output: metrics and every month.
        #[arg(long)]
        json: bool,
        /// Show every month instead of years.
        #[arg(long)]
        monthly: bool,
    },
    /// Monte Carlo: metrics with P10/P50/P90, P(NPV > 0), P(payback ≤ k), bands.
    Simulate(SimulationArgs),
    /// Each stakeholder expectation: met or not, its probability, the commitment it supports.
    Expectations(SimulationArgs),
    /// Tornado (each uncertain input from its P10 to its P90, the others at base) and the
    /// expected value of each risk mitigation.
    Sensitivity {
        case: String,
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Break-even: the value of one input that makes NPV reach a target or payback come within K months.
    Solve {
        case: String,
        /// The input's path, e.g. "costs[Scribe subscription].unit_price".
        #[arg(long)]
        input: String,
        /// npv=AMOUNT or payback=MONTHS.
        #[arg(long)]
        target: candor_engine::sensitivity::Target,
        #[arg(long)]
        json: bool,
    },
    /// Draw one chart as SVG, PNG or PDF (1920×1080 by default, for slides).
    Chart {
        case: String,
        #[arg(long, value_enum)]
        kind: ChartKind,
        /// The file to write: .svg, .png or .pdf (vector, text kept as text).
        #[arg(long, value_name = "FILE.{svg,png,pdf}")]
        out: PathBuf,
        /// PNG only: pixels per SVG pixel (2 gives 3840×2160 for slides).
        #[arg(long)]
        scale: Option<f32>,
        #[arg(long)]
        scenario: Option<String>,
        /// Trials for the charts that need a simulation (band, npv, expectations).
        #[arg(long, default_value_t = 10_000)]
        trials: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[arg(long, default_value_t = 1920)]
        width: u32,
        #[arg(long, default_value_t = 1080)]
        height: u32,
    },
    /// Write the PDF deck of a case: title, key figures, every chart, stakeholder
    /// expectations, risks and every assumption with its source.
    Report {
        /// A case file, or the id or name of a stored case.
        case: String,
        /// The PDF to write.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long)]
        scenario: Option<String>,
        #[arg(long, default_value_t = 10_000)]
        trials: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Show the price catalog (shipped prices with your overrides).
    Catalog {
        /// Only prices older than 12 months.
        #[arg(long)]
        stale: bool,
        #[arg(long)]
        json: bool,
    },
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, clap::ValueEnum)]
enum ExportFormat {
    /// The case file, for another Candor.
    Json,
    /// The monthly cash flow, with costs by category.
    Csv,
    /// A workbook: summary, monthly cash flow, costs by category, assumptions, scenarios,
    /// simulation and expectations.
    Xlsx,
}

/// The charts of the chart module.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ChartKind {
    /// Cumulative cash flow of the deterministic case, payback marked.
    Cumulative,
    /// Cumulative cash flow with the P10–P90 band of the simulation.
    Band,
    /// Cost by category over time.
    Costs,
    /// Tornado of the uncertain inputs.
    Tornado,
    /// NPV distribution with P(NPV > 0).
    Npv,
    /// Stakeholder expectations: probability met and commitment.
    Expectations,
    /// Power / interest grid of the stakeholders.
    PowerInterest,
    /// Risk heat map (probability × impact).
    Risks,
    /// The base case and every scenario side by side: NPV, ROI, payback.
    Scenarios,
    /// From benefits through each cost category to net value, NPV stated.
    Waterfall,
    /// Inference cost by volume, API against self-hosted, break-even marked.
    Hosting,
}

/// What `simulate` and `expectations` take.
#[derive(Debug, clap::Args)]
struct SimulationArgs {
    /// A case file, or the id or name of a stored case.
    case: String,
    #[arg(long)]
    scenario: Option<String>,
    #[arg(long, default_value_t = 10_000)]
    trials: usize,
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Months k for which P(payback ≤ k) is reported (repeat for several; default
    /// 12, 18, 24, 30, 36, 48, 60 within the horizon).
    #[arg(long = "within", value_name = "MONTHS")]
    within: Vec<u32>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("{0}")]
    Usage(String),
    #[error("cannot write to the terminal: {0}")]
    Output(String),
    #[error(transparent)]
    Report(candor_report::ReportError),
}

impl From<candor_report::ReportError> for CliError {
    fn from(e: candor_report::ReportError) -> Self {
        use candor_report::ReportError as R;
        match e {
            // The case's own errors name their field, like every other command's.
            R::Engine(e) => CliError::Engine(e),
            R::Chart { .. } | R::Scale { .. } | R::TooLarge { .. } => CliError::Usage(e.to_string()),
            e => CliError::Report(e),
        }
    }
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Engine(_) | CliError::Read { .. } | CliError::Usage(_) => 2,
            CliError::Store(e) if e.is_user_error() => 2,
            _ => 1,
        }
    }
}

/// Runs `candor` with these arguments (the first is the program name).
pub fn main_with_args(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn report(e: &CliError) {
    let fields = match e {
        CliError::Engine(e) => e.field_errors(),
        CliError::Store(StoreError::Engine(e)) => e.field_errors(),
        _ => &[],
    };
    if fields.is_empty() {
        eprintln!("error: {e}");
    } else {
        eprintln!("error: the case is invalid:");
        for f in fields {
            eprintln!("  {f}");
        }
    }
}

async fn open_store(db: &Option<PathBuf>) -> Result<Store, CliError> {
    Ok(match db {
        Some(p) => Store::open(p).await?,
        None => Store::open_default().await?,
    })
}

fn today() -> Day {
    let d = jiff::Zoned::now().date();
    Day { year: d.year() as i32, month: d.month() as u32, day: d.day() as u32 }
}

fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::Read { path: path.display().to_string(), source })
}

/// A case named on the command line: a file path when such a file exists, else a stored
/// case's id or name. Files are evaluated against the shipped catalog plus the store's
/// overrides only when a store is already needed; a file alone uses the shipped catalog.
async fn load_case(key: &str, db: &Option<PathBuf>) -> Result<(Case, Catalog), CliError> {
    let path = Path::new(key);
    if path.is_file() {
        let case = candor_engine::read_case_file(&read_file(path)?)?;
        let catalog = shipped::catalog();
        candor_engine::validate(&case, &catalog)?;
        return Ok((case, catalog));
    }
    let store = open_store(db).await?;
    let stored = store.find_case(key).await?;
    Ok((stored.case, store.catalog().await?))
}

fn print(out: String) -> Result<(), CliError> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).map_err(|e| CliError::Output(e.to_string()))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(v).map(|s| s + "\n").map_err(|e| CliError::Output(e.to_string()))
}

async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Templates => print(render::templates(&shipped::templates())),
        Command::New { template, name } => {
            let store = open_store(&cli.db).await?;
            let created = store.create_from_template(&template, name.as_deref()).await?;
            print(format!("created case {} {:?} from template {template}\n", created.id, created.case.name))
        }
        Command::List { json: as_json } => {
            let store = open_store(&cli.db).await?;
            let catalog = store.catalog().await?;
            let mut rows = Vec::new();
            for summary in store.list_cases().await? {
                // A case that cannot be read or evaluated is listed with its error; the
                // others are still listed with their figures.
                let figures = match &summary.damage {
                    Some(damage) => Err(format!("damaged: {damage}")),
                    None => match store.load_case(summary.id).await {
                        Ok(stored) => {
                            candor_engine::evaluate(&stored.case, &catalog, None).map_err(|e| e.to_string())
                        }
                        Err(e) => Err(e.to_string()),
                    },
                };
                rows.push((summary, figures));
            }
            if as_json {
                let out: Vec<_> = rows
                    .iter()
                    .map(|(s, e)| {
                        let mut row = serde_json::json!({"id": s.id, "name": s.name, "use_case": s.use_case,
                        "currency": s.currency, "updated_at": s.updated_at});
                        match e {
                            Ok(e) => row["metrics"] = serde_json::json!(e.metrics),
                            Err(error) => row["error"] = serde_json::json!(error),
                        }
                        row
                    })
                    .collect();
                print(json(&out)?)
            } else {
                print(render::case_list(&rows, store.path()))
            }
        }
        Command::Delete { case } => {
            let store = open_store(&cli.db).await?;
            let id = store.find_case(&case).await?.id;
            let trashed = store.delete_case(id).await?;
            print(format!(
                "moved case {} {:?} to the trash with {} version(s); `candor restore {}` brings it back\n",
                trashed.id, trashed.name, trashed.versions, trashed.id
            ))
        }
        Command::Restore { case } => {
            let store = open_store(&cli.db).await?;
            let trashed = store.find_trashed(&case).await?;
            let name = store.restore_case(trashed.id).await?;
            print(format!("restored case {} {name:?} with {} version(s)\n", trashed.id, trashed.versions))
        }
        Command::Trash { empty, json: as_json } => {
            let store = open_store(&cli.db).await?;
            if empty {
                let n = store.empty_trash().await?;
                return print(format!("deleted {n} case(s) from the trash for good\n"));
            }
            let trash = store.list_trash().await?;
            if as_json { print(json(&trash)?) } else { print(render::trash(&trash)) }
        }
        Command::Import { file } => {
            let case = candor_engine::read_case_file(&read_file(&file)?)?;
            let store = open_store(&cli.db).await?;
            let created = store.create_case(&case, None, candor_store::Naming::Exact).await?;
            print(format!("imported case {} {:?}\n", created.id, created.case.name))
        }
        Command::Export { case, out, format, scenario, trials } => {
            let format = format.unwrap_or(match out.extension().and_then(|e| e.to_str()) {
                Some("csv") => ExportFormat::Csv,
                Some("xlsx") => ExportFormat::Xlsx,
                _ => ExportFormat::Json,
            });
            let (case, catalog) = load_case(&case, &cli.db).await?;
            let scenario = scenario.as_deref();
            let bytes = match format {
                ExportFormat::Json => candor_engine::write_case_file(&case).into_bytes(),
                ExportFormat::Csv => {
                    let eval = candor_engine::evaluate(&case, &catalog, scenario)?;
                    candor_export::monthly_csv(&eval)
                        .map_err(|e| CliError::Usage(e.to_string()))?
                        .into_bytes()
                }
                ExportFormat::Xlsx => {
                    let eval = candor_engine::evaluate(&case, &catalog, scenario)?;
                    let sim = if trials == 0 {
                        None
                    } else {
                        let opts =
                            candor_engine::simulate::SimulationOptions { trials, ..Default::default() };
                        Some(candor_engine::simulate::simulate(&case, &catalog, scenario, &opts, &|_| {})?)
                    };
                    candor_export::workbook(&case, &catalog, &eval, sim.as_ref())
                        .map_err(|e| CliError::Usage(e.to_string()))?
                }
            };
            std::fs::write(&out, bytes)
                .map_err(|source| CliError::Write { path: out.display().to_string(), source })?;
            print(format!("wrote {}\n", out.display()))
        }
        Command::Eval { case, scenario, json: as_json, monthly } => {
            let (case, catalog) = load_case(&case, &cli.db).await?;
            let eval = candor_engine::evaluate(&case, &catalog, scenario.as_deref())?;
            if as_json {
                print(json(&eval)?)
            } else {
                print(render::evaluation(&case, &eval, &catalog, today(), monthly))
            }
        }
        Command::Simulate(args) => {
            let (case, sim) = run_simulation(&args, &cli.db).await?;
            if args.json { print(json(&sim)?) } else { print(render::simulation(&case, &sim)) }
        }
        Command::Expectations(args) => {
            let (case, sim) = run_simulation(&args, &cli.db).await?;
            if args.json { print(json(&sim.expectations)?) } else { print(render::expectations(&case, &sim)) }
        }
        Command::Sensitivity { case, scenario, json: as_json } => {
            let (case, catalog) = load_case(&case, &cli.db).await?;
            let t = candor_engine::sensitivity::tornado(&case, &catalog, scenario.as_deref())?;
            let m = candor_engine::sensitivity::mitigation_values(&case, &catalog, scenario.as_deref())?;
            if as_json {
                print(json(&serde_json::json!({"tornado": t, "mitigations": m}))?)
            } else {
                print(render::tornado(&case, &t) + &render::mitigations(&case, &m))
            }
        }
        Command::Solve { case, input, target, json: as_json } => {
            let (case, catalog) = load_case(&case, &cli.db).await?;
            let s = candor_engine::sensitivity::solve(&case, &catalog, &input, target)?;
            if as_json { print(json(&s)?) } else { print(format!("{}\n", s.message)) }
        }
        Command::Chart { case, kind, out, scenario, trials, seed, width, height, scale } => {
            let format = ChartFile::of(&out, scale)?;
            let (case, catalog) = load_case(&case, &cli.db).await?;
            let scenario = scenario.as_deref();
            let eval = candor_engine::evaluate(&case, &catalog, scenario)?;
            let simulation = || -> Result<candor_engine::simulate::Simulation, CliError> {
                let opts = candor_engine::simulate::SimulationOptions { trials, seed, ..Default::default() };
                Ok(candor_engine::simulate::simulate(&case, &catalog, scenario, &opts, &|_| {})?)
            };
            let d = today();
            let c = &candor_charts::Canvas::new(width, height)
                .dated(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day));
            let svg = match kind {
                ChartKind::Cumulative => candor_charts::cumulative_cash_flow_svg(&eval, c),
                ChartKind::Band => candor_charts::cumulative_band_svg(&eval, &simulation()?, c),
                ChartKind::Costs => candor_charts::cost_breakdown_svg(&eval, c),
                ChartKind::Tornado => {
                    let t = candor_engine::sensitivity::tornado(&case, &catalog, scenario)?;
                    candor_charts::tornado_svg(&t, &eval.currency, c)
                }
                ChartKind::Npv => candor_charts::npv_distribution_svg(&simulation()?, c),
                ChartKind::Expectations => candor_charts::expectations_svg(&simulation()?, c),
                ChartKind::PowerInterest => candor_charts::power_interest_svg(&case, c),
                ChartKind::Risks => {
                    // The risks as the scenario sets them, as the app and the deck show them.
                    let (prepared, _) = candor_engine::Model::prepare(&case, &catalog, scenario)?;
                    candor_charts::risk_heat_map_svg(&prepared, &eval, c)
                }
                ChartKind::Scenarios => {
                    let mut evals = vec![candor_engine::evaluate(&case, &catalog, None)?];
                    for s in &case.scenarios {
                        evals.push(candor_engine::evaluate(&case, &catalog, Some(&s.name))?);
                    }
                    candor_charts::scenario_comparison_svg(&evals, c)
                }
                ChartKind::Waterfall => candor_charts::benefit_waterfall_svg(&eval, c),
                ChartKind::Hosting => {
                    let h = candor_engine::hosting_comparison(&case, &catalog, scenario)?;
                    candor_charts::hosting_break_even_svg(&eval, h.as_ref(), c)
                }
            }
            .map_err(|e| CliError::Usage(e.to_string()))?;
            let bytes = match format {
                ChartFile::Svg => svg.into_bytes(),
                ChartFile::Png(scale) => candor_report::svg_to_png(&svg, scale)?,
                ChartFile::Pdf => candor_report::svg_to_pdf(&svg)?,
            };
            std::fs::write(&out, bytes)
                .map_err(|source| CliError::Write { path: out.display().to_string(), source })?;
            print(format!("wrote {}\n", out.display()))
        }
        Command::Report { case, out, scenario, trials, seed } => {
            if out.extension().and_then(|e| e.to_str()) != Some("pdf") {
                return Err(CliError::Usage(format!("--out {}: the deck is a .pdf file", out.display())));
            }
            let (case, catalog) = load_case(&case, &cli.db).await?;
            let pdf = candor_report::deck(
                &case,
                &catalog,
                scenario.as_deref(),
                trials,
                seed,
                today(),
                &deck_progress(),
            )?;
            std::fs::write(&out, pdf)
                .map_err(|source| CliError::Write { path: out.display().to_string(), source })?;
            print(format!("wrote {}\n", out.display()))
        }
        Command::Catalog { stale, json: as_json } => {
            let catalog = match &cli.db {
                // The store's overrides count only where there is a store to read.
                Some(_) => open_store(&cli.db).await?.catalog().await?,
                None => match candor_store::default_db_path() {
                    Ok(p) if p.exists() => Store::open(&p).await?.catalog().await?,
                    _ => shipped::catalog(),
                },
            };
            let today = today();
            let items: Vec<_> = catalog.items().filter(|i| !stale || i.is_stale(today)).collect();
            if as_json {
                let out: Vec<_> = items
                    .iter()
                    .map(|i| {
                        let mut v = serde_json::to_value(i).unwrap_or_default();
                        v["age_months"] = serde_json::json!(i.age_months(today));
                        v["stale"] = serde_json::json!(i.is_stale(today));
                        v
                    })
                    .collect();
                print(json(&out)?)
            } else {
                print(render::catalog(&items, today))
            }
        }
    }
}

/// Loads the case and runs the simulation, showing progress on stderr when it is a terminal.
async fn run_simulation(
    args: &SimulationArgs,
    db: &Option<PathBuf>,
) -> Result<(Case, candor_engine::simulate::Simulation), CliError> {
    use std::io::IsTerminal;
    let (case, catalog) = load_case(&args.case, db).await?;
    let trials = args.trials;
    let mut opts =
        candor_engine::simulate::SimulationOptions { trials, seed: args.seed, ..Default::default() };
    if !args.within.is_empty() {
        opts.payback_within = args.within.clone();
    }
    let tty = std::io::stderr().is_terminal();
    let step = (trials / 100).max(1);
    let last = std::sync::atomic::AtomicUsize::new(0);
    let progress = |done: usize| {
        if tty && (done - last.load(std::sync::atomic::Ordering::Relaxed) >= step || done == trials) {
            last.store(done, std::sync::atomic::Ordering::Relaxed);
            eprint!("\rsimulating: {done}/{trials} trials ({:.0}%)", 100.0 * done as f64 / trials as f64);
            if done == trials {
                eprintln!();
            }
        }
    };
    let sim = candor_engine::simulate::simulate(&case, &catalog, args.scenario.as_deref(), &opts, &progress)?;
    Ok((case, sim))
}
