//! `cargo xtask bench`: how fast the generator is, stage by stage, on the
//! OFAuth spec and on GitHub's REST API description; and what the code it
//! writes costs users (lines, `cargo check` re-check time). Results go to
//! `BENCHMARKS.md` between markers, so the hand-written parts stay.
//!
//! Each document is measured in a child process (`xtask bench-stages`), so
//! peak memory (`VmHWM`) is the document's own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use codegen::{CrateInfo, emit, format, load, model, normalize};

use crate::Error;

/// Median wall time of each stage, and the process's peak memory.
#[derive(Clone, Debug, Default)]
pub struct StageTimes {
    pub read: Duration,
    pub parse: Duration,
    pub normalize: Duration,
    pub typed: Duration,
    pub model: Duration,
    /// Emitting and formatting every file on one thread.
    pub emit: Duration,
    pub format: Duration,
    /// Emitting and formatting as `codegen` does: one thread per file.
    pub render: Duration,
    /// Read to formatted text, as `codegen` runs.
    pub total: Duration,
    pub peak_kib: u64,
    pub lines: usize,
}

impl StageTimes {
    /// One line, for the parent process to read.
    pub fn encode(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "stages {:.3} {:.3} {:.3} {:.3} {:.3} {:.3} {:.3} {:.3} {:.3} {} {}",
            ms(self.read),
            ms(self.parse),
            ms(self.normalize),
            ms(self.typed),
            ms(self.model),
            ms(self.emit),
            ms(self.format),
            ms(self.render),
            ms(self.total),
            self.peak_kib,
            self.lines
        )
    }

    fn decode(line: &str) -> Option<StageTimes> {
        let mut parts = line.strip_prefix("stages ")?.split(' ');
        let mut ms = || {
            parts
                .next()
                .and_then(|p| p.parse::<f64>().ok())
                .map(|v| Duration::from_secs_f64(v / 1000.0))
        };
        let (read, parse, normalize, typed, model, emit, format, render, total) = (
            ms()?,
            ms()?,
            ms()?,
            ms()?,
            ms()?,
            ms()?,
            ms()?,
            ms()?,
            ms()?,
        );
        let peak_kib = parts.next()?.parse().ok()?;
        let lines = parts.next()?.parse().ok()?;
        Some(StageTimes {
            read,
            parse,
            normalize,
            typed,
            model,
            emit,
            format,
            render,
            total,
            peak_kib,
            lines,
        })
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// Runs the whole pipeline `runs` times on `spec`, timing each stage.
pub fn stages(spec: &Path, runs: usize) -> Result<StageTimes, Error> {
    let spec_error = |diagnostic| {
        Error::Codegen(codegen::Error::Spec {
            file: spec.to_owned(),
            diagnostic,
        })
    };
    let info = CrateInfo {
        name: "bench".to_owned(),
        version: "0.1.0".to_owned(),
        ..Default::default()
    };
    let mut samples: [Vec<Duration>; 9] = Default::default();
    let mut lines = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let mut at = start;
        let mut lap = |i: usize, samples: &mut [Vec<Duration>; 9]| {
            let now = Instant::now();
            samples[i].push(now - at);
            at = now;
        };
        let text = std::fs::read_to_string(spec).map_err(Error::io(spec))?;
        lap(0, &mut samples);
        let mut value = load::parse_value(&text).map_err(spec_error)?;
        lap(1, &mut samples);
        normalize::normalize(&mut value).map_err(spec_error)?;
        lap(2, &mut samples);
        let openapi = load::from_value(value).map_err(spec_error)?;
        lap(3, &mut samples);
        let spec_model = load::Spec {
            openapi,
            warnings: Vec::new(),
        };
        let (api, _) = model::build(&spec_model).map_err(spec_error)?;
        lap(4, &mut samples);
        let before_render = start.elapsed();
        let files = codegen::render(&api, &info)?;
        lap(7, &mut samples);
        samples[8].push(before_render + samples[7].last().copied().unwrap_or_default());
        lines = files.iter().map(|f| f.contents.lines().count()).sum();
        // The same two stages on one thread, to see what each costs.
        let started = Instant::now();
        let outputs = emit::emit(&api, &info);
        samples[5].push(started.elapsed());
        let started = Instant::now();
        for (path, parts) in outputs {
            for output in parts {
                format::format_part(&path, output)?;
            }
        }
        samples[6].push(started.elapsed());
    }
    let [
        read,
        parse,
        normalize,
        typed,
        model,
        emit,
        format,
        render,
        total,
    ] = samples.map(median);
    Ok(StageTimes {
        read,
        parse,
        normalize,
        typed,
        model,
        emit,
        format,
        render,
        total,
        peak_kib: peak_kib().unwrap_or(0),
        lines,
    })
}

/// The process's peak resident memory (Linux `VmHWM`), in KiB.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Measures one document in a child process.
fn measure(spec: &Path, runs: usize) -> Result<StageTimes, Error> {
    let exe = std::env::current_exe().map_err(Error::command("xtask bench-stages"))?;
    let output = Command::new(exe)
        .arg("bench-stages")
        .arg(spec)
        .arg(runs.to_string())
        .output()
        .map_err(Error::command("xtask bench-stages"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(StageTimes::decode)
        .ok_or_else(|| Error::Command {
            command: format!("xtask bench-stages {}", spec.display()),
            detail: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
}

/// The documents measured: name, path, runs.
fn documents(root: &Path) -> Result<Vec<(&'static str, PathBuf, usize)>, Error> {
    let github = crate::corpus::fetch_github(root)?;
    Ok(vec![
        (
            "OFAuth (`spec/openapi.yaml`)",
            root.join("spec/openapi.yaml"),
            50,
        ),
        (
            "OFAuth extended fixture",
            root.join("tests/fixtures/ofauth-extended.yaml"),
            50,
        ),
        (
            "OFAuth whole API (`ofauth-api.yaml`, 127 operations)",
            root.join("tests/fixtures/ofauth-api.yaml"),
            20,
        ),
        ("GitHub `api.github.com.json`", github, 5),
    ])
}

/// Runs the generator benchmarks and rewrites their section of
/// `BENCHMARKS.md`.
pub fn run(root: &Path) -> Result<(), Error> {
    let mut table = String::from(
        "| document | read | parse | normalise | typed | model | emit¹ | format¹ | emit + format² | **total** | peak memory | lines |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (name, spec, runs) in documents(root)? {
        let t = measure(&spec, runs)?;
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        let row = format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | **{}** | {:.0} MiB | {} |\n",
            ms(t.read),
            ms(t.parse),
            ms(t.normalize),
            ms(t.typed),
            ms(t.model),
            ms(t.emit),
            ms(t.format),
            ms(t.render),
            ms(t.total),
            t.peak_kib as f64 / 1024.0,
            t.lines
        );
        print!("{row}");
        table.push_str(&row);
    }
    let note = format!(
        "Median of 50 runs (20 for the whole OFAuth API, 5 for GitHub) in one process per document, release build \
         (`cargo xtask bench` builds nothing itself: run it as `cargo run --release -p xtask -- bench`). \
         Peak memory is the process's `VmHWM`. ¹ On one thread. ² As `codegen` runs: \
         each file emitted and formatted on its own thread. Total: read to formatted text, \
         as `codegen` runs (writing the files is not included). Machine: {}.\n",
        machine()
    );
    replace_section(
        &root.join("BENCHMARKS.md"),
        "generator",
        &format!("{table}\n{note}"),
    )
}

/// `N cores, model name` from `/proc/cpuinfo`.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown CPU", str::trim)
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    format!("{cores} cores, {model}")
}

/// Replaces the text between `<!-- bench:NAME -->` and
/// `<!-- /bench:NAME -->` in `file`.
pub fn replace_section(file: &Path, name: &str, body: &str) -> Result<(), Error> {
    let text = std::fs::read_to_string(file).map_err(Error::io(file))?;
    let (open, close) = (
        format!("<!-- bench:{name} -->"),
        format!("<!-- /bench:{name} -->"),
    );
    let (Some(start), Some(end)) = (text.find(&open), text.find(&close)) else {
        return Err(Error::MissingSection {
            file: file.to_owned(),
            section: name.to_owned(),
        });
    };
    let updated = format!("{}{open}\n{body}{}", &text[..start], &text[end..]);
    std::fs::write(file, updated).map_err(Error::io(file))
}
