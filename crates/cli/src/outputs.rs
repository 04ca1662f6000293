//! What `chart` and `report` write besides SVG: the file type from `--out`, checked before
//! any work, and the deck's progress on the terminal.

use std::path::Path;

use crate::CliError;

/// What `chart --out` writes, from the file's extension.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ChartFile {
    Svg,
    Png(f32),
    Pdf,
}

impl ChartFile {
    /// Checked before any work, so that a wrong name fails at once.
    pub(crate) fn of(out: &Path, scale: Option<f32>) -> Result<ChartFile, CliError> {
        let format = match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("svg") => ChartFile::Svg,
            Some("png") => ChartFile::Png(scale.unwrap_or(1.0)),
            Some("pdf") => ChartFile::Pdf,
            _ => {
                return Err(CliError::Usage(format!(
                    "--out {}: write a .svg, .png or .pdf file",
                    out.display()
                )));
            }
        };
        match (format, scale) {
            (ChartFile::Png(s), _) if !(s > 0.0 && s <= candor_report::MAX_SCALE) => Err(CliError::Usage(
                format!("--scale {s}: must be above 0 and at most {}", candor_report::MAX_SCALE),
            )),
            (ChartFile::Svg | ChartFile::Pdf, Some(_)) => {
                Err(CliError::Usage("--scale applies to .png only (SVG and PDF are vector)".to_string()))
            }
            _ => Ok(format),
        }
    }
}

/// Progress of `report` on stderr when it is a terminal: the simulation, then the slides.
pub(crate) fn deck_progress() -> impl Fn(candor_report::DeckProgress) + Sync {
    use candor_report::DeckProgress as P;
    use std::io::IsTerminal;
    let tty = std::io::stderr().is_terminal();
    move |p| {
        if !tty {
            return;
        }
        match p {
            P::Simulating { done, trials } => {
                eprint!(
                    "\rsimulating: {done}/{trials} trials ({:.0}%)",
                    100.0 * done as f64 / trials.max(1) as f64
                );
                if done == trials {
                    eprintln!();
                }
            }
            P::Slides { done, total } => {
                eprint!("\rslides: {done}/{total}");
                if done == total {
                    eprintln!();
                }
            }
        }
    }
}
