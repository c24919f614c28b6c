//! The Data Package of a CSV batch: every CSV of the manifest (this run's
//! and those kept from earlier runs) merged into OUTDIR's
//! `datapackage.json` ([`crate::opendata::package`]): resources of files a
//! batch wrote there are replaced, other resources (an `extract -o
//! OUTDIR/x.csv`, a user's own) kept while their file is there.

use std::collections::HashSet;
use std::path::Path;

use super::{outdir, Entry, Manifest, DATAPACKAGE};
use crate::error::Error;
use crate::opendata::package::{self, Written};

/// The CSV outputs the entries name.
pub fn outputs_of(entries: &[Entry]) -> HashSet<String> {
    entries
        .iter()
        .filter_map(|e| e.output.clone())
        .filter(|o| o.to_ascii_lowercase().ends_with(".csv"))
        .collect()
}

/// Merge the manifest's CSVs into OUTDIR's package; `earlier` are the
/// outputs the previous manifest named (their resources are replaced
/// whether or not they are still outputs).
pub fn write(outdir: &Path, manifest: &Manifest, earlier: HashSet<String>) -> Result<(), Error> {
    let mut replace = earlier;
    replace.extend(outputs_of(&manifest.entries));
    let add: Vec<Written> = manifest
        .entries
        .iter()
        .filter(|e| e.status == "ok")
        .filter_map(|e| {
            let csv_name = e.output.clone()?;
            replace.contains(&csv_name).then(|| Written {
                csv_name,
                source_path: e.input.clone(),
                source_sha256: e.sha256.clone().unwrap_or_default(),
            })
        })
        .collect();
    package::update(outdir, &replace, &add, |bytes| {
        outdir::write_file(outdir, DATAPACKAGE, bytes)
    })
    .map_err(|e| Error::new(None, e)) // the message names the file
}
