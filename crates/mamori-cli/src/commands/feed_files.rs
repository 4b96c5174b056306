//! Feed files on disk: which paths are import units (a file or an archive), and the feed
//! documents inside an archive. The parsing itself is `mamori_vuln::read_feed_document`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use mamori_vuln::{FeedDocument, read_feed_document};

/// How one unit is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Document,
    TarXz,
    Tar,
    Zip,
}

/// One file to import as a whole (its bytes' hash makes re-import a no-op).
#[derive(Debug, Clone)]
pub struct Unit {
    pub path: PathBuf,
    pub kind: UnitKind,
}

fn kind_of(path: &Path) -> Option<UnitKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".tar.xz") || name.ends_with(".txz") {
        Some(UnitKind::TarXz)
    } else if name.ends_with(".tar") {
        Some(UnitKind::Tar)
    } else if name.ends_with(".zip") {
        Some(UnitKind::Zip)
    } else if is_document_name(&name) {
        Some(UnitKind::Document)
    } else {
        None
    }
}

fn is_document_name(name: &str) -> bool {
    // Schemas sit beside feeds in published bundles and are not feeds.
    [".json", ".rdf", ".xml"]
        .iter()
        .any(|ext| name.ends_with(ext))
        && !name.contains("schema")
}

/// Expands the command line's paths: files as given (always tried), directories walked
/// recursively for feed documents and archives, in name order.
pub fn units(paths: &[PathBuf]) -> anyhow::Result<Vec<Unit>> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).with_context(|| path.display().to_string())?;
        if meta.is_dir() {
            walk(path, &mut found)?;
        } else {
            let kind = kind_of(path).unwrap_or(UnitKind::Document);
            found.push(Unit {
                path: path.clone(),
                kind,
            });
        }
    }
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<Unit>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| dir.display().to_string())?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, found)?;
        } else if let Some(kind) = kind_of(&path) {
            found.push(Unit { path, kind });
        }
    }
    Ok(())
}

/// The documents of a unit, each handed to `each` with its name inside the unit as soon as
/// it is read (archives are never unpacked to disk).
pub fn read_unit(
    unit: &Unit,
    bytes: &[u8],
    each: &mut dyn FnMut(&str, FeedDocument),
) -> anyhow::Result<()> {
    match unit.kind {
        UnitKind::Document => {
            each("", read_feed_document(bytes));
            Ok(())
        }
        UnitKind::TarXz => {
            let mut tar = Vec::new();
            lzma_rs::xz_decompress(&mut &bytes[..], &mut tar).context("xz")?;
            read_tar(&tar, each)
        }
        UnitKind::Tar => read_tar(bytes, each),
        UnitKind::Zip => read_zip(bytes, each),
    }
}

fn read_tar(tar: &[u8], each: &mut dyn FnMut(&str, FeedDocument)) -> anyhow::Result<()> {
    let mut archive = tar::Archive::new(tar);
    let mut buffer = Vec::new();
    for entry in archive.entries().context("tar")? {
        let mut entry = entry.context("tar")?;
        let name = entry.path().context("tar")?.to_string_lossy().into_owned();
        if !entry.header().entry_type().is_file() || !is_document_name(&name.to_ascii_lowercase()) {
            continue;
        }
        buffer.clear();
        entry.read_to_end(&mut buffer).context("tar")?;
        each(&name, read_feed_document(&buffer));
    }
    Ok(())
}

fn read_zip(bytes: &[u8], each: &mut dyn FnMut(&str, FeedDocument)) -> anyhow::Result<()> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).context("zip")?;
    let mut buffer = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).context("zip")?;
        let name = file.name().context("zip")?.into_owned();
        if !file.is_file() || !is_document_name(&name.to_ascii_lowercase()) {
            continue;
        }
        buffer.clear();
        file.read_to_end(&mut buffer).context("zip")?;
        each(&name, read_feed_document(&buffer));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        let check = |name: &str, want: Option<UnitKind>| {
            assert_eq!(kind_of(Path::new(name)), want, "{name}")
        };
        check("a/anchore.tar.xz", Some(UnitKind::TarXz));
        check("feeds.ZIP", Some(UnitKind::Zip));
        check("CVE-2022-42475.json", Some(UnitKind::Document));
        check("jvndb_2023.rdf", Some(UnitKind::Document));
        check("known_exploited_vulnerabilities_schema.json", None);
        check("MANIFEST.tsv", None);
    }

    #[test]
    fn a_zip_bundle_yields_its_documents() {
        let mut bytes = std::io::Cursor::new(Vec::new());
        {
            let mut writer = zip::ZipWriter::new(&mut bytes);
            let options = zip::write::SimpleFileOptions::default();
            writer.start_file("x/CVE-1.json", options).unwrap();
            std::io::Write::write_all(&mut writer, br#"{"id":"CVE-2000-0001"}"#).unwrap();
            writer.start_file("README.md", options).unwrap();
            writer.finish().unwrap();
        }
        let unit = Unit {
            path: PathBuf::from("b.zip"),
            kind: UnitKind::Zip,
        };
        let mut seen = Vec::new();
        read_unit(&unit, bytes.get_ref(), &mut |name, doc| {
            seen.push((name.to_owned(), doc.records.len()))
        })
        .unwrap();
        assert_eq!(seen, vec![("x/CVE-1.json".to_owned(), 1)]);
    }
}
