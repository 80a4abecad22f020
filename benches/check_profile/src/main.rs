//! Sums one `-Z self-profile` file (`.mm_profdata`): the self time of each
//! query (a query's time less that of the queries it ran), and the time
//! of type checking and borrow checking per kind of function, named by
//! the last segment of its path (`read`, `serialize`, `fmt`, …), so that
//! the functions a macro writes for every model add up. Given the crate's
//! name, also the time per module of the crate: every query run on one of
//! its items, with the queries that run called, counted to the item's
//! top-level module (`call`, `send`, `models`, …).
//!
//! Usage: check-profile FILE.mm_profdata [CRATE_NAME]

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use analyzeme::{EventPayload, ProfilingData, Timestamp};

/// One query run: thread, start, end, label.
struct Run {
    thread: u32,
    start: SystemTime,
    end: SystemTime,
    label: String,
    /// The crate's top-level module the query's item is in, if it is one
    /// of the crate's items.
    module: Option<String>,
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check-profile FILE.mm_profdata [CRATE_NAME]");
        std::process::exit(2);
    };
    let data = match ProfilingData::new(Path::new(&path)) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let prefix = std::env::args()
        .nth(2)
        .map(|name| format!("{}::", name.replace('-', "_")));
    let mut runs = Vec::new();
    // (query, function kind) -> (time, functions)
    let mut per_kind: HashMap<(String, String), (Duration, usize)> = HashMap::new();
    for event in data.iter_full() {
        let EventPayload::Timestamp(Timestamp::Interval { start, end }) = event.payload else {
            continue;
        };
        let label = event.label.to_string();
        // A query's own run (not the hashing of its result, nested in it).
        let query = event.event_kind == "Query";
        let checks = label == "typeck_root" || label == "mir_borrowck";
        if let (true, true, Some(item)) = (query, checks, event.additional_data.first()) {
            let kind = function_kind(item);
            let entry = per_kind.entry((label.clone(), kind)).or_default();
            entry.0 += end.duration_since(start).unwrap_or_default();
            entry.1 += 1;
        }
        let module = prefix.as_deref().and_then(|prefix| {
            let item = event.additional_data.first()?.strip_prefix(prefix)?;
            let module = item.split("::").next()?;
            Some(module.split('[').next().unwrap_or(module).to_owned())
        });
        runs.push(Run {
            thread: event.thread_id,
            start,
            end,
            label,
            module,
        });
    }

    let (queries, modules) = self_times(runs);
    println!("self time per query (top 15):");
    let mut self_times: Vec<(String, f64)> = queries.into_iter().collect();
    self_times.sort_by(|a, b| b.1.total_cmp(&a.1));
    let total: f64 = self_times.iter().map(|(_, t)| t).sum();
    for (label, seconds) in self_times.iter().take(15) {
        println!(
            "  {seconds:7.2} s  {:4.1} %  {label}",
            100.0 * seconds / total
        );
    }
    println!("  {total:7.2} s  all queries");

    if prefix.is_some() {
        println!("time per module of the crate (queries on its items and what they ran):");
        let mut modules: Vec<(String, f64)> = modules.into_iter().collect();
        modules.sort_by(|a, b| b.1.total_cmp(&a.1));
        let ours: f64 = modules.iter().map(|(_, t)| t).sum();
        for (module, seconds) in modules.iter().filter(|(_, t)| *t >= 0.0005) {
            println!("  {seconds:7.3} s  {module}");
        }
        println!("  {ours:7.3} s  the crate's items, of {total:.3} s");
    }

    println!("type checking and borrow checking per kind of function (top 15):");
    let mut kinds: Vec<((String, String), (Duration, usize))> = per_kind.into_iter().collect();
    kinds.sort_by_key(|(_, (time, _))| std::cmp::Reverse(*time));
    for ((label, kind), (time, count)) in kinds.iter().take(15) {
        println!(
            "  {:7.2} s  {count:6} functions  {label}  {kind}",
            time.as_secs_f64()
        );
    }
}

/// The last segment of a function's path, without impl indices:
/// `krate::models::{{impl}}[12]::read` is `read`.
fn function_kind(item: &str) -> String {
    let last = item.rsplit("::").next().unwrap_or(item);
    match last.find('[') {
        Some(i) => last[..i].to_owned(),
        None => last.to_owned(),
    }
}

/// Each query's self time in seconds (nested runs on a thread are
/// subtracted from the run that encloses them), and the same self times
/// summed per module of the crate: a run on none of its items counts to
/// the module of the run that encloses it.
fn self_times(mut runs: Vec<Run>) -> (HashMap<String, f64>, HashMap<String, f64>) {
    runs.sort_by(|a, b| (a.thread, a.start, b.end).cmp(&(b.thread, b.start, a.end)));
    let mut times: HashMap<String, f64> = HashMap::new();
    let mut modules: HashMap<String, f64> = HashMap::new();
    let mut stack: Vec<Run> = Vec::new();
    for mut run in runs {
        while stack
            .last()
            .is_some_and(|top| top.thread != run.thread || top.end <= run.start)
        {
            stack.pop();
        }
        let seconds = run
            .end
            .duration_since(run.start)
            .unwrap_or_default()
            .as_secs_f64();
        if run.module.is_none() {
            run.module = stack.last().and_then(|parent| parent.module.clone());
        }
        *times.entry(run.label.clone()).or_default() += seconds;
        if let Some(module) = &run.module {
            *modules.entry(module.clone()).or_default() += seconds;
        }
        if let Some(parent) = stack.last() {
            *times.entry(parent.label.clone()).or_default() -= seconds;
            if let Some(module) = &parent.module {
                *modules.entry(module.clone()).or_default() -= seconds;
            }
        }
        stack.push(run);
    }
    (times, modules)
}
