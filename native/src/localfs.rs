//! Local files for the engine's scans, read on the calling thread when the read is small.
//!
//! DataFusion reads `file://` tables through `object_store`'s `LocalFileSystem`, which sends
//! every call (the `head` of a listing, each range of a Parquet file) to Tokio's blocking
//! pool and waits for it: two thread wake-ups per call. For a point lookup that is several
//! hand-overs, each costing tens of microseconds on a busy machine, around reads that take
//! a few microseconds from the page cache. This store answers `head` and reads of up to
//! [`INLINE_READ_BYTES`] itself, with positioned reads on the thread that asks, and hands
//! larger reads, listings and every write to `LocalFileSystem` as before. Objects are
//! described exactly as `LocalFileSystem` describes them (size, modification time and an
//! ETag of inode, mtime and size), so caches validated by them behave the same.

use std::fmt;
use std::fs::{File, Metadata};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::sync::Arc;
use std::time::SystemTime;

use async_trait::async_trait;
use bytes::Bytes;
use datafusion::execution::runtime_env::RuntimeEnv;
use datafusion::object_store::local::LocalFileSystem;
use datafusion::object_store::path::Path;
use datafusion::object_store::{
    CopyOptions, GetOptions, GetResult, GetResultPayload, ListResult, MultipartUpload, ObjectMeta, ObjectStore,
    PutMultipartOptions, PutOptions, PutPayload, PutResult, Result,
};
use futures::stream::BoxStream;
use futures::StreamExt;

/// Reads up to this many bytes are done inline; larger ones go to the blocking pool.
pub const INLINE_READ_BYTES: u64 = 256 << 10;

/// Makes `runtime`'s `file://` store the inline-reading one.
pub fn install(runtime: &RuntimeEnv) {
    let url = url::Url::parse("file://").expect("file URL");
    runtime.register_object_store(&url, Arc::new(InlineLocalFiles::default()));
}

#[derive(Debug, Default)]
pub struct InlineLocalFiles {
    inner: LocalFileSystem,
}

impl fmt::Display for InlineLocalFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InlineLocalFiles")
    }
}

fn io_error(e: std::io::Error, path: &std::path::Path) -> datafusion::object_store::Error {
    let path_text = path.display().to_string();
    if e.kind() == std::io::ErrorKind::NotFound {
        datafusion::object_store::Error::NotFound { path: path_text, source: Box::new(e) }
    } else {
        datafusion::object_store::Error::Generic {
            store: "LocalFileSystem",
            source: format!("{path_text}: {e}").into(),
        }
    }
}

/// The file at `location` and its description, or NotFound for a missing file or a folder.
fn open(location: &Path, path: &std::path::Path) -> Result<(File, ObjectMeta)> {
    let file = File::open(path).map_err(|e| io_error(e, path))?;
    let metadata = file.metadata().map_err(|e| io_error(e, path))?;
    if metadata.is_dir() {
        return Err(io_error(std::io::Error::new(std::io::ErrorKind::NotFound, "is a directory"), path));
    }
    Ok((file, describe(&metadata, location.clone())))
}

/// `metadata` of the file at `location` as an object's description.
pub(crate) fn describe(metadata: &Metadata, location: Path) -> ObjectMeta {
    let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let micros = modified.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_micros();
    let inode = std::os::unix::fs::MetadataExt::ino(metadata);
    ObjectMeta {
        location,
        last_modified: modified.into(),
        size: metadata.len(),
        e_tag: Some(format!("{inode:x}-{micros:x}-{:x}", metadata.len())),
        version: None,
    }
}

/// `range` of `file`, all of it (a file that ends early is an error).
fn read(file: &File, path: &std::path::Path, range: Range<u64>) -> Result<Bytes> {
    let mut buf = vec![0u8; (range.end - range.start) as usize];
    file.read_exact_at(&mut buf, range.start).map_err(|e| {
        io_error(std::io::Error::new(e.kind(), format!("reading bytes {}..{}: {e}", range.start, range.end)), path)
    })?;
    Ok(Bytes::from(buf))
}

#[async_trait]
impl ObjectStore for InlineLocalFiles {
    async fn put_opts(&self, location: &Path, payload: PutPayload, opts: PutOptions) -> Result<PutResult> {
        self.inner.put_opts(location, payload, opts).await
    }

    async fn put_multipart_opts(
        &self,
        location: &Path,
        opts: PutMultipartOptions,
    ) -> Result<Box<dyn MultipartUpload>> {
        self.inner.put_multipart_opts(location, opts).await
    }

    async fn get_opts(&self, location: &Path, options: GetOptions) -> Result<GetResult> {
        let path = self.inner.path_to_filesystem(location)?;
        let (file, meta) = open(location, &path)?;
        options.check_preconditions(&meta)?;
        let range = match &options.range {
            Some(r) => r.as_range(meta.size).map_err(|e| datafusion::object_store::Error::Generic {
                store: "LocalFileSystem",
                source: Box::new(e),
            })?,
            None => 0..meta.size,
        };
        let payload = if options.head {
            GetResultPayload::Stream(futures::stream::empty().boxed())
        } else if range.end - range.start <= INLINE_READ_BYTES {
            let bytes = read(&file, &path, range.clone())?;
            GetResultPayload::Stream(futures::stream::once(async move { Ok(bytes) }).boxed())
        } else {
            GetResultPayload::File(file, path)
        };
        Ok(GetResult { payload, meta, range, attributes: Default::default() })
    }

    async fn get_ranges(&self, location: &Path, ranges: &[Range<u64>]) -> Result<Vec<Bytes>> {
        let total: u64 = ranges.iter().map(|r| r.end.saturating_sub(r.start)).sum();
        if total > INLINE_READ_BYTES {
            return self.inner.get_ranges(location, ranges).await;
        }
        let path = self.inner.path_to_filesystem(location)?;
        let file = File::open(&path).map_err(|e| io_error(e, &path))?;
        ranges.iter().map(|r| read(&file, &path, r.clone())).collect()
    }

    fn delete_stream(&self, locations: BoxStream<'static, Result<Path>>) -> BoxStream<'static, Result<Path>> {
        self.inner.delete_stream(locations)
    }

    /// Lists the files under `prefix`, which must exist: `LocalFileSystem` lists a missing
    /// folder as empty, and DataFusion lists a table's file that is not found as a folder
    /// of that name, so a table whose file was deleted would read as no rows.
    fn list(&self, prefix: Option<&Path>) -> BoxStream<'static, Result<ObjectMeta>> {
        if let Some(p) = prefix {
            let missing = match self.inner.path_to_filesystem(p) {
                Ok(path) => std::fs::metadata(&path).err().map(|e| io_error(e, &path)),
                Err(e) => Some(e),
            };
            if let Some(e) = missing {
                return futures::stream::once(async move { Err(e) }).boxed();
            }
        }
        self.inner.list(prefix)
    }

    fn list_with_offset(&self, prefix: Option<&Path>, offset: &Path) -> BoxStream<'static, Result<ObjectMeta>> {
        self.inner.list_with_offset(prefix, offset)
    }

    async fn list_with_delimiter(&self, prefix: Option<&Path>) -> Result<ListResult> {
        self.inner.list_with_delimiter(prefix).await
    }

    async fn copy_opts(&self, from: &Path, to: &Path, options: CopyOptions) -> Result<()> {
        self.inner.copy_opts(from, to, options).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::object_store::{GetRange, ObjectStoreExt};

    fn location(p: &std::path::Path) -> Path {
        Path::from_filesystem_path(p).unwrap()
    }

    #[tokio::test]
    async fn reads_and_describes_files_like_local_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data.bin");
        let content: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&file, &content).unwrap();
        let ours = InlineLocalFiles::default();
        let theirs = LocalFileSystem::new();
        let at = location(&file);
        assert_eq!(ours.head(&at).await.unwrap(), theirs.head(&at).await.unwrap());
        assert_eq!(ours.get_range(&at, 100..5_000).await.unwrap(), &content[100..5_000]);
        // the whole file is larger than an inline read: the blocking pool reads it
        assert_eq!(ours.get(&at).await.unwrap().bytes().await.unwrap(), &content[..]);
        assert_eq!(ours.get_ranges(&at, &[0..400_000]).await.unwrap()[0], &content[..400_000]);
        let suffix = GetOptions { range: Some(GetRange::Suffix(8)), ..Default::default() };
        assert_eq!(ours.get_opts(&at, suffix).await.unwrap().bytes().await.unwrap(), &content[599_992..]);
        let parts = ours.get_ranges(&at, &[0..4, 9_000..9_010]).await.unwrap();
        assert_eq!(parts, vec![Bytes::copy_from_slice(&content[0..4]), Bytes::copy_from_slice(&content[9_000..9_010])]);
        // a range past the end is an error, not a short read
        assert!(ours.get_ranges(&at, &[599_990..600_010]).await.is_err());
        assert!(ours.get_range(&at, 700_000..700_010).await.is_err());
    }

    #[tokio::test]
    async fn missing_files_and_folders_are_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let ours = InlineLocalFiles::default();
        let folder = location(dir.path());
        for at in [Path::from(format!("{folder}/absent.parquet")), folder] {
            let e = ours.head(&at).await.unwrap_err();
            assert!(matches!(e, datafusion::object_store::Error::NotFound { .. }), "{at}: {e}");
        }
    }

    #[tokio::test]
    async fn listing_a_missing_folder_is_not_found_and_an_empty_one_is_empty() {
        use futures::TryStreamExt;
        let dir = tempfile::tempdir().unwrap();
        let ours = InlineLocalFiles::default();
        let absent = Path::from_absolute_path(dir.path().join("absent")).unwrap();
        let e = ours.list(Some(&absent)).try_collect::<Vec<_>>().await.unwrap_err();
        assert!(matches!(e, datafusion::object_store::Error::NotFound { .. }), "{e}");
        std::fs::create_dir(dir.path().join("empty")).unwrap();
        let listed: Vec<_> = ours.list(Some(&location(&dir.path().join("empty")))).try_collect().await.unwrap();
        assert!(listed.is_empty());
        std::fs::write(dir.path().join("empty/f.bin"), b"x").unwrap();
        let listed: Vec<_> = ours.list(Some(&location(&dir.path().join("empty")))).try_collect().await.unwrap();
        assert_eq!(listed.len(), 1);
    }

    #[tokio::test]
    async fn a_rewritten_file_has_a_new_description() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.bin");
        std::fs::write(&file, b"one").unwrap();
        let ours = InlineLocalFiles::default();
        let first = ours.head(&location(&file)).await.unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, b"three").unwrap();
        let second = ours.head(&location(&file)).await.unwrap();
        assert_ne!(first.e_tag, second.e_tag);
        assert_eq!(second.size, 5);
        assert_eq!(ours.get(&location(&file)).await.unwrap().bytes().await.unwrap(), &b"three"[..]);
    }
}
